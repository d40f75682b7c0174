// The parts of a product as its options list them: read, checked and resolved against the run's registry.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <vector>

namespace mixfit {

/// One part of a product, validated: a registered family, its columns with
/// the kinds that family reads them as, and its options resolved by that
/// family's schema (every default filled in).
struct ProductPart {
  std::string family;
  std::vector<ColumnClaim> columns;  ///< in the part's order; a nested product's come from its own parts
  YAML::Node options;                ///< resolved

  std::vector<std::string> column_names() const;
};

/// "part 1 (gaussian over age, income)", for messages.
std::string describe_part(std::size_t index, const ProductPart& part);

/// Reads `options.parts` (the product's options at `where`, "model.options"),
/// a non-empty list of {family: NAME, columns: [NAMES], options: {...}}.
/// Throws ConfigError naming the file, line and key (marks survive as far as
/// the nodes carry them) for: a missing or empty list; a part that is not a
/// mapping, is empty or has unknown keys; an unknown family (listing the
/// families found); `columns` missing, empty, not a list of names or naming
/// a column twice; a column claimed by two parts (naming both); any error of
/// the part family's own options schema, located at
/// `model.options.parts[i].options`. A part whose family claims its own
/// columns (a nested product) may omit `columns`; if given, it must name
/// exactly the columns its parts claim.
std::vector<ProductPart> read_product_parts(const YAML::Node& options, const FamilyRegistry& registry,
                                            const ConfigLocation& where);

/// The resolved list [{family, columns, options}, ...], for the resolved
/// options that config.yaml and model.yaml show.
YAML::Node parts_node(const std::vector<ProductPart>& parts);

}  // namespace mixfit
