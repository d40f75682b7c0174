// Plugin entry point: registers the "multinomial" family.
#include "multinomial_options.hpp"

#include "mixfit/plugin/plugin_api.hpp"

namespace {

void register_multinomial(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      .name = "multinomial",
      .summary = "bags of counts: each row's D counts multinomial given its total (the total not modelled); EM, "
                 "MAP-EM or VB under a Dirichlet prior",
      .options = mixfit::multinomial::multinomial_options_schema(),
      .factory = &mixfit::multinomial::make_multinomial_family,
      .column_kind = mixfit::ColumnKind::real,
      .claim_columns = {},
      .source = {},
  });
}

}  // namespace

MIXFIT_PLUGIN("multinomial", "0.1.0", register_multinomial)
