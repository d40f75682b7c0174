// Finite Dirichlet variational weights.
#include "mixfit/mixing/dirichlet_weights.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/mixing/weight_prior.hpp"

#include <cmath>
#include <limits>

namespace mixfit {

DirichletWeights::DirichletWeights(std::size_t num_components, double concentration_prior)
    : prior_(concentration_prior) {
  check_weight_model(num_components, concentration_prior, "dirichlet_distribution");
  alpha_.set_size(num_components);
  alpha_.fill(concentration_prior);
}

std::unique_ptr<MixingModel> DirichletWeights::clone() const { return std::make_unique<DirichletWeights>(*this); }

arma::vec DirichletWeights::expected_log_weights() const { return dirichlet_expected_log(alpha_); }

double DirichletWeights::kl_to_prior() const {
  return kl_dirichlet(alpha_, arma::vec(alpha_.n_elem, arma::fill::value(prior_)));
}

void DirichletWeights::update(const SufficientStatistics& stats) {
  // PRML (10.58): α_k = α₀ + N_k, with scikit-learn's N_k + 10·eps.
  const arma::vec counts = stats.counts() + 10.0 * std::numeric_limits<double>::epsilon();
  if (counts.n_elem != alpha_.n_elem) throw Error("dirichlet weights: statistics of another K");
  alpha_ = prior_ + counts;
}

void DirichletWeights::set_weights(const arma::vec& weights) {
  if (weights.n_elem != alpha_.n_elem || !weights.is_finite() || arma::any(weights < 0.0) || !(arma::accu(weights) > 0))
    throw Error("dirichlet weights: set_weights needs " + std::to_string(alpha_.n_elem) + " weights >= 0");
  const double rows = std::max(1.0, arma::accu(alpha_) - prior_ * static_cast<double>(alpha_.n_elem));
  alpha_ = prior_ + rows * weights / arma::accu(weights);
}

void DirichletWeights::permute_components(const arma::uvec& order) { alpha_ = alpha_.elem(order); }

void DirichletWeights::save(YAML::Emitter& out) const {
  out << YAML::Key << "weights" << YAML::Value;
  emit_vector(out, weights());
  out << YAML::Key << "weight_concentration" << YAML::Value;
  emit_vector(out, alpha_);
  save_weight_prior(out, name(), prior_);
}

void DirichletWeights::load(const YAML::Node& model, const std::string& source) {
  check_saved_weight_prior(model, source, name(), prior_);
  const ConfigLocation where{source, "weight_concentration"};
  const YAML::Node node = require_key(model, {source, ""}, "weight_concentration");
  const std::string expected = "a list of " + std::to_string(alpha_.n_elem) + " concentrations > 0";
  const arma::vec alpha = read_vector(node, where, alpha_.n_elem, expected);
  if (arma::any(alpha <= 0.0)) fail_at(where, node, "expected " + expected);
  alpha_ = alpha;
}

}  // namespace mixfit
