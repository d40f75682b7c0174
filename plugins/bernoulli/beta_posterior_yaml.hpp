// The Bernoulli family's posterior in model.yaml: `prior: {alpha, beta}` and each component's `concentration`.
#pragma once

#include "beta_prior.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>

namespace mixfit {

/// How far a saved probability may be from the posterior mean a / (a + b) of
/// its saved concentration (hand-edited files); save() writes them equal.
inline constexpr double kPosteriorMeanTolerance = 1e-9;

/// Writes `prior: {alpha: α, beta: β}` (exact numbers) into the model's open map.
void emit_saved_beta_prior(YAML::Emitter& out, const BetaPrior& prior);

/// The top-level `prior` of a model map, if present: {alpha, beta}, both
/// finite numbers > 0, nothing else. ConfigError naming `source`, the line and the key otherwise.
std::optional<BetaPrior> read_saved_beta_prior(const YAML::Node& model, const std::string& source);

/// Writes one component's `[[a_1 … a_D], [b_1 … b_D]]` (two flow lists, exact numbers).
void emit_beta_concentration(YAML::Emitter& out, const arma::vec& alpha, const arma::vec& beta);

/// One component's posterior parameters a and b.
struct BetaConcentration {
  arma::vec alpha;
  arma::vec beta;
};

/// Reads `[[a_1 … a_D], [b_1 … b_D]]`, every entry a finite number > 0;
/// ConfigError naming file, line and key (`components[1].concentration[0][3]`) otherwise.
BetaConcentration read_beta_concentration(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension);

}  // namespace mixfit
