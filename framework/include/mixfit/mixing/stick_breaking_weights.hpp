// StickBreakingWeights: truncated Dirichlet-process mixing weights, π_k = v_k Π_{j<k} (1 − v_j).
#pragma once

#include "mixfit/mixing/mixing_model.hpp"

namespace mixfit {

/// Stick-breaking prior v_k ~ Beta(1, γ₀), k = 0..K−1 (Blei & Jordan 2006),
/// truncated at K components as in scikit-learn's BayesianGaussianMixture
/// ("dirichlet_process"). Posterior q(v_k) = Beta(a_k, b_k) with
/// a_k = 1 + N'_k and b_k = γ₀ + Σ_{j>k} N'_j. Point weights: the expected
/// weights E[v_k] Π_{j<k} E[1 − v_j], normalised to sum to 1 (scikit-learn's
/// weights_). Before the first update the posterior is the prior.
class StickBreakingWeights final : public MixingModel {
 public:
  /// Error unless K ≥ 1 and γ₀ is finite and > 0.
  StickBreakingWeights(std::size_t num_components, double concentration_prior);

  std::string_view name() const override { return "dirichlet_process"; }
  std::size_t num_components() const override { return a_.n_elem; }
  std::unique_ptr<MixingModel> clone() const override;

  arma::vec log_weights() const override { return arma::log(weights()); }
  arma::vec weights() const override;
  std::size_t num_free_parameters() const override { return a_.n_elem - 1; }
  /// E[log π_k] = ψ(a_k) − ψ(a_k + b_k) + Σ_{j<k} [ψ(b_j) − ψ(a_j + b_j)] (Blei & Jordan 2006, eq. 19).
  arma::vec expected_log_weights() const override;
  /// Σ_k KL(Beta(a_k, b_k) || Beta(1, γ₀)).
  double kl_to_prior() const override;
  bool variational() const override { return true; }

  void update(const SufficientStatistics& stats) override;
  /// Sets the sticks so that the expected weights are `weights` (renormalised),
  /// with N = Σ a_k − K pseudo-rows (at least 1).
  void set_weights(const arma::vec& weights) override;
  /// Reorders the sticks' counts (N'_k = a_k − 1) and rebuilds b from them.
  void permute_components(const arma::uvec& order) override;

  /// weights, weight_concentration: [[a_k], [b_k]] and weight_prior: {type, concentration}.
  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;

  double concentration_prior() const { return prior_; }
  const arma::vec& alphas() const { return a_; }
  const arma::vec& betas() const { return b_; }

 private:
  void set_counts(const arma::vec& counts);

  double prior_;
  arma::vec a_;
  arma::vec b_;
};

}  // namespace mixfit
