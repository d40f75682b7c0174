// MixingModel: the weight side of a mixture (π), owned by the framework, not by families.
#pragma once

#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <string_view>

namespace mixfit {

/// Mixing weights and their update from the framework's count slots. EM uses
/// MaximumLikelihoodWeights; variational Bayes uses DirichletWeights (finite
/// Dirichlet) or StickBreakingWeights (truncated Dirichlet process), which
/// keep a posterior q(π) and report E_q[log π] and KL(q(π) || p(π)).
class MixingModel {
 public:
  virtual ~MixingModel() = default;

  virtual std::string_view name() const = 0;
  virtual std::size_t num_components() const = 0;
  virtual std::unique_ptr<MixingModel> clone() const = 0;

  /// The log weights the E-step adds to the component scores (K).
  virtual arma::vec log_weights() const = 0;
  /// The point estimate of π used by predict/score/sample (K, sums to 1).
  virtual arma::vec weights() const = 0;
  /// Free parameters for BIC/AIC (K−1 for free weights).
  virtual std::size_t num_free_parameters() const = 0;

  /// E_q[log π_k], which the variational E-step adds to the scores (K);
  /// log_weights() for a model without a posterior.
  virtual arma::vec expected_log_weights() const { return log_weights(); }
  /// KL(q(π) || p(π)) in nats; 0 for a model without a posterior.
  virtual double kl_to_prior() const { return 0.0; }
  /// True for the variational models (they need algorithm vb).
  virtual bool variational() const { return false; }

  /// The M-step (or the variational update) for the weights, from stats.count(k).
  virtual void update(const SufficientStatistics& stats) = 0;
  virtual void set_weights(const arma::vec& weights) = 0;
  virtual void permute_components(const arma::uvec& order) = 0;

  /// Writes `weights: [...]` (and any posterior keys) into the model's open map.
  virtual void save(YAML::Emitter& out) const = 0;
  /// Reads what save() wrote; ConfigError naming `source`, line and key on problems.
  virtual void load(const YAML::Node& model, const std::string& source) = 0;
};

}  // namespace mixfit
