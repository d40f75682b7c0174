// BetaPrior: the Beta(α, β) prior on every Bernoulli probability, its `prior:` options section and its posterior.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>

namespace mixfit {

/// p_kd ~ Beta(α, β), independently for every component k and column d.
///
/// Conjugacy (PRML eq. 2.18): after weighted counts S = Σ_n w_n x_n out of
/// N = Σ_n w_n the posterior is Beta(α + S, β + N − S). MAP-EM takes that
/// posterior's mode; a variational family keeps both posterior parameters
/// and uses the same prior and the same `prior:` section unchanged.
struct BetaPrior {
  double alpha = 1.0;
  double beta = 1.0;

  /// Posterior parameters (α + S, β + N − S) for weighted counts S of N.
  double posterior_alpha(double sum) const { return alpha + sum; }
  double posterior_beta(double sum, double count) const { return beta + (count - sum); }

  /// The arg max over [0, 1] of the Beta(A, B) posterior density, A and B as above:
  ///   A ≥ 1, B ≥ 1, A + B > 2:  (A − 1)/(A + B − 2) = (S + α − 1)/(N + α + β − 2)
  ///   A < 1 ≤ B:                0  (the density is unbounded at 0)
  ///   B < 1 ≤ A:                1  (unbounded at 1)
  /// and nothing when there is no single mode: A = B = 1 (flat; e.g. no data
  /// under Beta(1, 1)) or A, B < 1 (unbounded at both ends).
  std::optional<double> posterior_mode(double sum, double count) const;
};

/// The keys of a `prior:` section: `alpha` and `beta`, both required, numbers
/// > 0. The section itself is optional: absent means "no prior".
ConfigSchema beta_prior_schema();

/// The prior in the resolved `prior` entry of a family's options, or nothing
/// when it is absent (beta_prior_schema() has already checked both keys).
std::optional<BetaPrior> read_beta_prior(const YAML::Node& section);

}  // namespace mixfit
