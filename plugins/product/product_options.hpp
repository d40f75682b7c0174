// The product family's model.options: schema, column claims and the factory that builds the parts.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <memory>
#include <vector>

namespace mixfit {

/// parts (required): a list of {family, columns, options}, usually written
/// at model level as `model.parts` (the framework moves it into the options).
ConfigSchema product_options_schema();

/// The ColumnClaimer: checks every part (read_product_parts) and returns the
/// parts' columns in part order, each with its part family's column kind.
///
/// It also writes the parts back into `options` with their options resolved
/// (every default filled in). The framework hands it the resolved options
/// node it later writes to config.yaml and model.yaml and gives the factory;
/// YAML nodes share their data, so that is how those files come to show the
/// parts' defaults. (A framework hook for composite option resolution would
/// make this unnecessary; see README.md.)
std::vector<ColumnClaim> claim_product_columns(const YAML::Node& options, const FamilyRegistry& registry,
                                               const ConfigLocation& where);

/// The product's options resolved in full: the schema's keys, and each part
/// with its options resolved by its own family (nested products included).
/// Validates as read_product_parts does, on the nodes as given, so messages
/// keep their line and column. Idempotent.
YAML::Node resolve_product_options(const YAML::Node& options, const FamilyRegistry& registry,
                                   const ConfigLocation& where);

/// Builds a ProductFamily with K = spec.num_components: each part from
/// spec.registry with the slice of spec.columns it names (storage rows kept).
/// Throws ConfigError if the parts do not name exactly spec.columns, and
/// whatever the parts' factories throw.
std::unique_ptr<ComponentFamily> make_product_family(const FamilySpec& spec);

}  // namespace mixfit
