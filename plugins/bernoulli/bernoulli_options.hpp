// The bernoulli family's model.options: schema (validation, defaults, `mixfit describe`) and the factory.
#pragma once

#include "beta_prior.hpp"
#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"

#include <memory>
#include <optional>

namespace mixfit {

/// eps: number in [0, 0.5), default 1e-10 (probabilities clipped to [eps, 1 − eps]; 0 turns clipping off);
/// prior: optional section {alpha, beta} (see beta_prior_schema); when given, EM computes MAP estimates and
/// VB uses it (absent: Beta(1, 1) for VB).
ConfigSchema bernoulli_options_schema();

/// What the factory reads from resolved options.
struct BernoulliOptions {
  double eps = 1e-10;
  std::optional<BetaPrior> prior;
};

/// Reads resolved options (from bernoulli_options_schema().resolve) and checks
/// what the schema cannot say: eps < 0.5 (ConfigError naming `where`).
BernoulliOptions read_bernoulli_options(const YAML::Node& options, const ConfigLocation& where);

/// Builds a BernoulliFamily with K = spec.num_components, D = spec.columns.size()
/// binary columns (ConfigError for a column of another kind) and the options above.
std::unique_ptr<ComponentFamily> make_bernoulli_family(const FamilySpec& spec);

}  // namespace mixfit
