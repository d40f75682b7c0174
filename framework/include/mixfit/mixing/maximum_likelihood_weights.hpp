// MaximumLikelihoodWeights: π_k = N_k / Σ_j N_j.
#pragma once

#include "mixfit/mixing/mixing_model.hpp"

namespace mixfit {

/// Free mixing weights estimated by maximum likelihood (PRML eq. 9.26).
/// Starts uniform.
class MaximumLikelihoodWeights final : public MixingModel {
 public:
  explicit MaximumLikelihoodWeights(std::size_t num_components);

  std::string_view name() const override { return "maximum_likelihood"; }
  std::size_t num_components() const override { return weights_.n_elem; }
  std::unique_ptr<MixingModel> clone() const override;

  arma::vec log_weights() const override { return arma::log(weights_); }
  arma::vec weights() const override { return weights_; }
  std::size_t num_free_parameters() const override { return weights_.n_elem - 1; }

  void update(const SufficientStatistics& stats) override;
  void set_weights(const arma::vec& weights) override;
  void permute_components(const arma::uvec& order) override;

  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;

 private:
  arma::vec weights_;
};

}  // namespace mixfit
