// FamilySpec: what a family factory is told when a model is built.
#pragma once

#include "mixfit/data/column_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit {

class FamilyRegistry;

/// The arguments of every family factory. `options` has already been checked
/// against the family's ConfigSchema and carries every default, so a factory
/// reads it without re-validating.
struct FamilySpec {
  std::size_t num_components = 0;   ///< K
  std::vector<ColumnSpec> columns;  ///< the columns this family models, in order (D = size()), with kinds, storage rows, levels
  YAML::Node options;               ///< resolved model.options (for a part of a product: the part's options)
  std::string source;               ///< the experiment or model file, for messages
  /// The run's registry, for composite families that build other families
  /// (a product's parts). Never null when the framework calls a factory.
  const FamilyRegistry* registry = nullptr;

  std::size_t dimension() const { return columns.size(); }
  std::vector<std::string> column_names() const;

  /// For a family that models one kind of column: checks that every column
  /// has that kind and that their storage rows are consecutive (the framework
  /// lays them out so), and returns the first storage row. ConfigError naming
  /// `family` and the offending column otherwise.
  std::size_t contiguous_storage(ColumnKind kind, std::string_view family) const;
};

}  // namespace mixfit
