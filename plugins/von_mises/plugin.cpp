// Plugin entry point: registers the "von_mises" family.
#include "von_mises_family.hpp"

#include "mixfit/plugin/plugin_api.hpp"

namespace {

mixfit::ConfigSchema von_mises_options_schema() {
  mixfit::ConfigSchema schema;
  schema.number("max_concentration", 1e6,
                "after every M-step each concentration is kept at most this (a component on one repeated angle)",
                mixfit::Range::greater_than(0));
  return schema;
}

std::unique_ptr<mixfit::ComponentFamily> make_von_mises_family(const mixfit::FamilySpec& spec) {
  const std::size_t first = spec.contiguous_storage(mixfit::ColumnKind::real, "von_mises");
  mixfit::von_mises::VonMisesOptions options;
  options.max_concentration = spec.options["max_concentration"].as<double>();
  return std::make_unique<mixfit::von_mises::VonMisesFamily>(spec.num_components, spec.dimension(), options, first);
}

void register_von_mises(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      .name = "von_mises",
      .summary = "angles in radians, each column an independent von Mises (mean direction and concentration); EM",
      .options = von_mises_options_schema(),
      .factory = &make_von_mises_family,
      .column_kind = mixfit::ColumnKind::real,
      .claim_columns = {},
      .source = {},
  });
}

}  // namespace

MIXFIT_PLUGIN("von_mises", "0.1.0", register_von_mises)
