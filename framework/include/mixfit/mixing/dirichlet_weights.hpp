// DirichletWeights: the variational posterior of finite mixing weights, π ~ Dirichlet(γ₀, …, γ₀).
#pragma once

#include "mixfit/mixing/mixing_model.hpp"

namespace mixfit {

/// Prior π ~ Dir(γ₀·1), posterior q(π) = Dir(α) with α_k = γ₀ + N'_k
/// (PRML eq. 10.58; N'_k = N_k + 10·eps as scikit-learn's
/// BayesianGaussianMixture, weight_concentration_prior_type
/// "dirichlet_distribution"). Point weights: the posterior mean α_k / Σα.
/// Before the first update the posterior is the prior.
class DirichletWeights final : public MixingModel {
 public:
  /// Error unless K ≥ 1 and γ₀ is finite and > 0.
  DirichletWeights(std::size_t num_components, double concentration_prior);

  std::string_view name() const override { return "dirichlet_distribution"; }
  std::size_t num_components() const override { return alpha_.n_elem; }
  std::unique_ptr<MixingModel> clone() const override;

  arma::vec log_weights() const override { return arma::log(weights()); }
  arma::vec weights() const override { return alpha_ / arma::accu(alpha_); }
  std::size_t num_free_parameters() const override { return alpha_.n_elem - 1; }
  /// E[log π_k] = ψ(α_k) − ψ(Σ_j α_j) (PRML eq. 10.66).
  arma::vec expected_log_weights() const override;
  double kl_to_prior() const override;
  bool variational() const override { return true; }

  void update(const SufficientStatistics& stats) override;
  /// Sets α = γ₀ + N·w for the weights w of N = Σα − Kγ₀ pseudo-rows (at least 1).
  void set_weights(const arma::vec& weights) override;
  void permute_components(const arma::uvec& order) override;

  /// weights, weight_concentration: [α_k] and weight_prior: {type, concentration}.
  void save(YAML::Emitter& out) const override;
  /// Reads weight_concentration (required) and checks weight_prior if present.
  void load(const YAML::Node& model, const std::string& source) override;

  double concentration_prior() const { return prior_; }
  const arma::vec& concentration() const { return alpha_; }

 private:
  double prior_;
  arma::vec alpha_;
};

}  // namespace mixfit
