// Maximum-likelihood mixing weights.
#include "mixfit/mixing/maximum_likelihood_weights.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <cmath>

namespace mixfit {

MaximumLikelihoodWeights::MaximumLikelihoodWeights(std::size_t num_components, double dirichlet_alpha, bool equal)
    : dirichlet_alpha_(dirichlet_alpha), equal_(equal) {
  if (!std::isfinite(dirichlet_alpha) || dirichlet_alpha < 1.0)
    throw Error("mixing weights: a Dirichlet prior for MAP-EM needs concentration >= 1 (its mode is then unique), "
                "got " + format_double(dirichlet_alpha) + "; smaller concentrations need inference.algorithm: vb");
  weights_.set_size(num_components);
  weights_.fill(1.0 / static_cast<double>(num_components));
}

std::unique_ptr<MixingModel> MaximumLikelihoodWeights::clone() const {
  return std::make_unique<MaximumLikelihoodWeights>(*this);
}

void MaximumLikelihoodWeights::update(const SufficientStatistics& stats) {
  // PRML (9.26): π_k = N_k / N; under Dirichlet(α), the mode (N_k + α − 1) / (N + K(α − 1)).
  const arma::vec counts = stats.counts() + (dirichlet_alpha_ - 1.0);
  const double total = arma::accu(counts);
  if (!(total > 0.0)) throw NumericalError("mixing weights: the statistics hold no rows (Σ_k N_k = 0)");
  if (equal_) return;  // mclust's equalPro: π_k = 1/K whatever the counts
  weights_ = counts / total;
}

void MaximumLikelihoodWeights::set_weights(const arma::vec& weights) {
  if (weights.n_elem != weights_.n_elem) throw Error("set_weights: expected " + std::to_string(weights_.n_elem) + " weights");
  if (equal_) return;  // equal weights are not parameters to set
  weights_ = weights / arma::accu(weights);
}

void MaximumLikelihoodWeights::permute_components(const arma::uvec& order) { weights_ = weights_.elem(order); }

void MaximumLikelihoodWeights::save(YAML::Emitter& out) const {
  out << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (double w : weights_) emit_number(out, w);
  out << YAML::EndSeq;
}

void MaximumLikelihoodWeights::load(const YAML::Node& model, const std::string& source) {
  const YAML::Node node = model["weights"];
  const ConfigLocation where{source, "weights"};
  if (!node) {
    // Weights may be omitted from a hand-written `given` initialisation: start uniform.
    weights_.fill(1.0 / static_cast<double>(weights_.n_elem));
    return;
  }
  if (!node.IsSequence() || node.size() != weights_.n_elem)
    throw ConfigError(describe_location(where, node) + "expected a list of " + std::to_string(weights_.n_elem) +
                      " weights");
  arma::vec w(weights_.n_elem);
  for (std::size_t k = 0; k < node.size(); ++k) {
    double value = 0.0;
    if (!node[k].IsScalar() || !parse_double(node[k].Scalar(), value) || !std::isfinite(value) || value < 0.0)
      throw ConfigError(describe_location(where.child(std::to_string(k)), node[k]) +
                        "expected a finite number >= 0");
    w(k) = value;
  }
  const double total = arma::accu(w);
  if (!(total > 0.0)) throw ConfigError(describe_location(where, node) + "the weights sum to 0");
  if (std::abs(total - 1.0) > 1e-6)
    throw ConfigError(describe_location(where, node) + "expected weights that sum to 1, they sum to " +
                      format_double(total));
  if (equal_ && arma::any(arma::abs(w - 1.0 / static_cast<double>(w.n_elem)) > 1e-12))
    throw ConfigError(describe_location(where, node) + "model.weights.equal keeps every weight at 1/" +
                      std::to_string(w.n_elem) + "; these weights are not all equal");
  // Kept exactly as written (not renormalised): a model read back from
  // model.yaml or a checkpoint must carry the very bits that were saved.
  weights_ = w;
}

}  // namespace mixfit
