// GammaPrior: the conjugate Gamma(shape a₀, rate b₀) prior on every Poisson rate, and its `prior:` options section.
#pragma once

#include <mixfit/config/config_schema.hpp>

#include <yaml-cpp/yaml.h>

#include <optional>

namespace poisson {

/// λ_kd ~ Gamma(a₀, b₀) (shape, rate: density b₀^a₀ λ^(a₀−1) e^(−b₀λ) / Γ(a₀)),
/// independently for every component k and column d.
///
/// Conjugacy (PRML exercise 2.41 / Gelman et al., BDA3 §2.6): after weighted
/// counts S = Σ_n w_n x_n out of N = Σ_n w_n rows the posterior is
/// Gamma(a₀ + S, b₀ + N).
struct GammaPrior {
  double shape = 1.0;  ///< a₀
  double rate = 0.01;  ///< b₀

  /// The arg max over λ ≥ 0 of the posterior Gamma(a₀ + S, b₀ + N):
  /// (a₀ + S − 1)/(b₀ + N) when a₀ + S ≥ 1, else 0 (the density is unbounded at 0).
  double posterior_mode(double sum, double count) const;
};

/// `shape` and `rate`, both required numbers > 0. The section is optional:
/// absent means no prior (maximum-likelihood EM; VB then uses GammaPrior{}).
mixfit::ConfigSchema gamma_prior_schema();

/// The prior in the resolved `prior` entry of the options, or nothing when absent.
std::optional<GammaPrior> read_gamma_prior(const YAML::Node& section);

}  // namespace poisson
