// FamilySpec: what a family factory is told when a model is built.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <vector>

namespace mixfit {

/// The arguments of every family factory. `options` has already been checked
/// against the family's ConfigSchema and carries every default, so a factory
/// reads it without re-validating.
struct FamilySpec {
  std::size_t num_components = 0;        ///< K
  std::vector<std::string> columns;      ///< the data columns this family models, in order (D = size())
  YAML::Node options;                    ///< resolved model.options
  std::string source;                    ///< the experiment or model file, for messages
};

}  // namespace mixfit
