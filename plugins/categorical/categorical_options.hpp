// The categorical family's model.options: schema (validation, defaults, `mixfit describe`), typed options and the factory.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"

#include <memory>
#include <optional>
#include <string>

namespace mixfit {

/// What a cell whose level is not in the column's dictionary (kUnseenLevel) does.
enum class UnseenLevels {
  error,   ///< DataError naming the data file, line and column
  ignore,  ///< the cell is marginalised out: it adds log 1 = 0 to the score and nothing to the statistics
};

/// The resolved options of one categorical family.
struct CategoricalOptions {
  /// Floor of every estimated probability (clip, then renormalise; 0 = off). In [0, 1).
  double eps = 1e-10;
  /// α of the symmetric Dirichlet(α) prior of every θ_kj; absent = no prior (no MAP; VB then uses α = 1).
  std::optional<double> prior_alpha;
  UnseenLevels unseen = UnseenLevels::error;
};

/// eps: number in [0, 1) (default 1e-10); prior: optional section {alpha: number > 0};
/// unseen: error | ignore (default error).
ConfigSchema categorical_options_schema();

/// The typed options from options resolved by categorical_options_schema().
/// Throws ConfigError naming `source` for what the schema cannot say (eps = 1).
CategoricalOptions read_categorical_options(const YAML::Node& resolved, const std::string& source);

/// Builds a CategoricalFamily for spec.columns (all categorical, stored
/// consecutively; L_j = columns[j].levels.size()) with K = spec.num_components.
std::unique_ptr<ComponentFamily> make_categorical_family(const FamilySpec& spec);

}  // namespace mixfit
