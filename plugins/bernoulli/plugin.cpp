// Plugin entry point: registers the "bernoulli" family with the run's registry.
#include "bernoulli_options.hpp"
#include "mixfit/plugin/plugin_api.hpp"

namespace {

void register_bernoulli(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      .name = "bernoulli",
      .summary = "independent binary columns per component (mixture of multivariate Bernoullis), EM with "
                 "probability clipping or a Beta prior",
      .options = mixfit::bernoulli_options_schema(),
      .factory = &mixfit::make_bernoulli_family,
      .column_kind = mixfit::ColumnKind::binary,
      .claim_columns = {},  // not composite: the columns come from data.columns
      .source = {},         // filled in by the loader
  });
}

}  // namespace

MIXFIT_PLUGIN("bernoulli", "0.1.0", register_bernoulli)
