// WeightPrior: `model.weights` of an experiment, and the mixing model it asks for.
#pragma once

#include "mixfit/mixing/mixing_model.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mixfit {

/// The prior on the mixing weights as configured under `model.weights`.
struct WeightPrior {
  /// none | dirichlet_distribution | dirichlet_process
  std::string type = "none";
  /// γ₀; absent means scikit-learn's default 1/K.
  std::optional<double> concentration;
  /// mclust's equalPro: π_k = 1/K throughout (em and kmeans; with type none only).
  bool equal = false;

  double concentration_or_default(std::size_t num_components) const {
    return concentration ? *concentration : 1.0 / static_cast<double>(num_components);
  }
};

/// The mixing model an algorithm fits:
/// - variational (VB): DirichletWeights or StickBreakingWeights; type "none"
///   means scikit-learn's default, dirichlet_process;
/// - otherwise (EM, k-means): MaximumLikelihoodWeights, with a
///   dirichlet_distribution prior taken as MAP (concentration ≥ 1). Throws
///   ConfigError, naming `where` (e.g. "FILE: model.weights"), for a
///   dirichlet_process prior or a concentration below 1.
std::unique_ptr<MixingModel> make_mixing(const WeightPrior& prior, std::size_t num_components, bool variational,
                                         const std::string& where);

/// The mixing model a saved model.yaml holds: its `weight_prior` entry names a
/// variational model; without one the weights are maximum-likelihood ones.
std::unique_ptr<MixingModel> read_mixing(const YAML::Node& model, const std::string& source,
                                         std::size_t num_components);

/// Shared by the variational models: Error unless K ≥ 1 and γ₀ finite > 0.
void check_weight_model(std::size_t num_components, double concentration, std::string_view type);
/// Writes weight_prior: {type, concentration}.
void save_weight_prior(YAML::Emitter& out, std::string_view type, double concentration);
/// Checks a saved weight_prior (if present) against this model's type and γ₀.
void check_saved_weight_prior(const YAML::Node& model, const std::string& source, std::string_view type,
                              double concentration);

}  // namespace mixfit
