// BetaPosterior: the variational posteriors q(p_kd) = Beta(a_kd, b_kd) of a Bernoulli family and what VB needs of them.
#pragma once

#include "beta_prior.hpp"

#include <armadillo>

namespace mixfit {

/// K·D independent Beta posteriors, one per probability p_kd, stored as two
/// D×K matrices (column k = component k, like BernoulliFamily::probabilities()).
/// The expectations the variational E-step needs are cached and recomputed
/// by every mutator (the constructor, permute), so they cannot be stale.
class BetaPosterior {
 public:
  /// From posterior parameters a, b (D×K each). Throws NumericalError if the
  /// shapes differ or an entry is not a finite number > 0.
  BetaPosterior(arma::mat alpha, arma::mat beta);

  /// The conjugate update for weighted counts S (D×K, S_kd = Σ_n r_nk x_nd)
  /// out of N (K, N_k = Σ_n r_nk): a = α + S, b = β + N − S (PRML eq. 2.18).
  /// Throws NumericalError naming the first cell whose a or b is not a finite
  /// number > 0 (NaN statistics, or N_k − S_kd below −β from rounding).
  /// `missing_weight` (D×K, empty: none) is the weight of missing cells, which b leaves out:
  /// b = β + N − M − S (data.missing: marginalize).
  static BetaPosterior from_statistics(const BetaPrior& prior, const arma::mat& sums, const arma::vec& counts,
                                       const arma::mat& missing_weight = {});

  /// a, D×K.
  const arma::mat& alpha() const { return alpha_; }
  /// b, D×K.
  const arma::mat& beta() const { return beta_; }

  /// The posterior means E[p_kd] = a / (a + b), D×K; in (0, 1) whenever a, b > 0
  /// (rounding can give exactly 1 only when b < 2^-53 a).
  arma::mat means() const;

  /// E_q[log p(x | p_k)] = E[log-odds]ᵀ x + Σ_d E[log(1 − p_kd)] (PRML (9.44) under q) from these two
  /// (every term finite): K×D E[log p] − E[log(1 − p)] = ψ(a) − ψ(b), and K Σ_d ψ(b) − ψ(a + b).
  const arma::mat& expected_log_odds() const { return expected_log_odds_; }
  const arma::vec& expected_log_complement_sum() const { return expected_log_complement_sum_; }
  /// E[log(1 − p_kd)] = ψ(b) − ψ(a + b), K×D: what a missing cell takes back from a row's expected score.
  arma::mat expected_log_complements() const;

  /// Σ_kd KL(Beta(a_kd, b_kd) || Beta(α, β)) in nats (≥ 0; 0 when q is the prior).
  double kl_to(const BetaPrior& prior) const;

  /// New component i is old component order[i] (order a permutation of 0..K−1, checked by the caller).
  void permute(const arma::uvec& order);

 private:
  void refresh_caches();

  arma::mat alpha_;  ///< D×K
  arma::mat beta_;   ///< D×K
  // Caches derived from alpha_ and beta_ by refresh_caches().
  arma::mat expected_log_odds_;            ///< K×D, E[log p] − E[log(1 − p)] = ψ(a) − ψ(b)
  arma::vec expected_log_complement_sum_;  ///< K, Σ_d E[log(1 − p_kd)] = Σ_d ψ(b) − ψ(a + b)
};

}  // namespace mixfit
