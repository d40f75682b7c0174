// DirichletPosterior: the variational posteriors q(θ_kj) = Dir(α_kj·) of a categorical family and what VB needs of them.
#pragma once

#include "level_layout.hpp"

#include <armadillo>

namespace mixfit {

/// K·D independent Dirichlet posteriors, one per component k and column j,
/// over the column's L_j levels. Stored as one K×(Σ_j L_j) table laid out
/// like CategoricalFamily::probabilities() (row k = component k, column j's
/// levels at LevelLayout::offset(j)). The table of E[log θ] the variational
/// E-step gathers from is a cache, recomputed by every mutator (the
/// constructor, permute), so it cannot be stale.
class DirichletPosterior {
 public:
  /// From concentrations (K×ΣL). Throws NumericalError if the shape does not
  /// match the layout or an entry is not a finite number > 0.
  DirichletPosterior(arma::mat concentration, LevelLayout layout);

  /// The conjugate update for weighted level counts S (K×ΣL, S_kjl = Σ_n r_nk [x_nj = l])
  /// under the symmetric Dir(α) prior: α_kjl = α + S_kjl (PRML eq. 2.41, per column).
  /// Throws NumericalError naming the first cell that is not a finite number > 0.
  static DirichletPosterior from_statistics(double prior_alpha, const arma::mat& counts, const LevelLayout& layout);

  /// α, K×ΣL.
  const arma::mat& concentration() const { return concentration_; }
  /// The posterior means α_kjl / Σ_l α_kjl (PRML eq. B.17), K×ΣL; each column's sum to 1.
  arma::mat means() const;
  /// E[log θ_kjl] = ψ(α_kjl) − ψ(Σ_l α_kjl) (PRML eq. 10.66 / B.21), K×ΣL, all finite.
  const arma::mat& expected_log_probabilities() const { return expected_log_probabilities_; }
  /// Σ_kj KL(Dir(α_kj·) || Dir(α, …, α)) in nats (≥ 0; 0 when q is the prior).
  double kl_to(double prior_alpha) const;
  /// New component i is old component order[i] (order a permutation of 0..K−1, checked by the caller).
  void permute(const arma::uvec& order);

 private:
  void refresh_cache();

  arma::mat concentration_;               ///< K×ΣL
  LevelLayout layout_;
  arma::mat expected_log_probabilities_;  ///< K×ΣL, cache of E[log θ]
};

}  // namespace mixfit
