// Plugin entry point: registers the "poisson" family with the run's registry.
#include "poisson_options.hpp"

#include <mixfit/plugin/plugin_api.hpp>

namespace {

void register_poisson(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      .name = "poisson",
      .summary = "independent Poisson counts per column (one rate per column per component); EM, MAP-EM or VB "
                 "under a Gamma prior",
      .options = poisson::poisson_options_schema(),
      .factory = &poisson::make_poisson_family,
      .column_kind = mixfit::ColumnKind::real,  // counts are read as numbers and checked by the family
      .claim_columns = {},
      .source = {},  // filled in by the loader
  });
}

}  // namespace

MIXFIT_PLUGIN("poisson", "0.1.0", register_poisson)
