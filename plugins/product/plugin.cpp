// Plugin entry point: registers the "product" family, whose parts are other registered families.
#include "mixfit/plugin/plugin_api.hpp"
#include "product_options.hpp"

namespace {

void register_product(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      "product",
      "each component a product of independent parts over disjoint columns, each part any family (mixed data)",
      mixfit::product_options_schema(),
      &mixfit::make_product_family,
      mixfit::ColumnKind::real,  // not used: the parts' families give each column its kind
      &mixfit::claim_product_columns,
      {},
  });
}

}  // namespace

MIXFIT_PLUGIN("product", "0.1.0", register_product)
