// MaximumLikelihoodWeights: π_k = N_k / Σ_j N_j.
#pragma once

#include "mixfit/mixing/mixing_model.hpp"

namespace mixfit {

/// Free mixing weights estimated by maximum likelihood (PRML eq. 9.26), or,
/// under a symmetric Dirichlet(α) prior with α ≥ 1, by its posterior mode
/// π_k = (N_k + α − 1) / (N + K(α − 1)) (MAP-EM). Starts uniform. With `equal`
/// (mclust's equalPro) the weights stay 1/K and are no parameters of the model.
class MaximumLikelihoodWeights final : public MixingModel {
 public:
  /// `dirichlet_alpha` 1 is maximum likelihood; Error if it is < 1 or not finite.
  explicit MaximumLikelihoodWeights(std::size_t num_components, double dirichlet_alpha = 1.0, bool equal = false);

  std::string_view name() const override { return "maximum_likelihood"; }
  std::size_t num_components() const override { return weights_.n_elem; }
  std::unique_ptr<MixingModel> clone() const override;

  arma::vec log_weights() const override { return arma::log(weights_); }
  arma::vec weights() const override { return weights_; }
  std::size_t num_free_parameters() const override { return equal_ ? 0 : weights_.n_elem - 1; }

  void update(const SufficientStatistics& stats) override;
  void set_weights(const arma::vec& weights) override;
  void permute_components(const arma::uvec& order) override;

  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;

 private:
  arma::vec weights_;
  double dirichlet_alpha_ = 1.0;
  bool equal_ = false;
};

}  // namespace mixfit
