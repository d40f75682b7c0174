// Truncated stick-breaking (Dirichlet-process) variational weights.
#include "mixfit/mixing/stick_breaking_weights.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"
#include "mixfit/mixing/weight_prior.hpp"

#include <limits>

namespace mixfit {

StickBreakingWeights::StickBreakingWeights(std::size_t num_components, double concentration_prior)
    : prior_(concentration_prior) {
  check_weight_model(num_components, concentration_prior, "dirichlet_process");
  set_counts(arma::zeros(num_components));
}

std::unique_ptr<MixingModel> StickBreakingWeights::clone() const {
  return std::make_unique<StickBreakingWeights>(*this);
}

void StickBreakingWeights::set_counts(const arma::vec& counts) {
  // a_k = 1 + N_k, b_k = γ₀ + Σ_{j>k} N_j; the tail sums are accumulated from
  // the last component backwards, as scikit-learn's cumsum(nk[::-1]) does.
  const arma::uword k_count = counts.n_elem;
  a_ = 1.0 + counts;
  b_.set_size(k_count);
  double tail = 0.0;
  for (arma::uword k = k_count; k-- > 0;) {
    b_(k) = prior_ + tail;
    tail += counts(k);
  }
}

arma::vec StickBreakingWeights::weights() const {
  // E[π_k] = E[v_k] Π_{j<k} E[1 − v_j], renormalised over the K sticks kept.
  arma::vec w(a_.n_elem);
  double remaining = 1.0;
  for (arma::uword k = 0; k < a_.n_elem; ++k) {
    w(k) = a_(k) / (a_(k) + b_(k)) * remaining;
    remaining *= b_(k) / (a_(k) + b_(k));
  }
  return w / arma::accu(w);
}

arma::vec StickBreakingWeights::expected_log_weights() const {
  arma::vec out(a_.n_elem);
  double tail = 0.0;  // Σ_{j<k} E[log(1 − v_j)]
  for (arma::uword k = 0; k < a_.n_elem; ++k) {
    const double digamma_total = digamma(a_(k) + b_(k));
    out(k) = digamma(a_(k)) - digamma_total + tail;
    tail += digamma(b_(k)) - digamma_total;
  }
  return out;
}

double StickBreakingWeights::kl_to_prior() const {
  double kl = 0.0;
  for (arma::uword k = 0; k < a_.n_elem; ++k) kl += kl_beta(a_(k), b_(k), 1.0, prior_);
  return kl;
}

void StickBreakingWeights::update(const SufficientStatistics& stats) {
  const arma::vec counts = stats.counts() + 10.0 * std::numeric_limits<double>::epsilon();  // scikit-learn's nk
  if (counts.n_elem != a_.n_elem) throw Error("stick-breaking weights: statistics of another K");
  set_counts(counts);
}

void StickBreakingWeights::set_weights(const arma::vec& weights) {
  if (weights.n_elem != a_.n_elem || !weights.is_finite() || arma::any(weights < 0.0) || !(arma::accu(weights) > 0))
    throw Error("stick-breaking weights: set_weights needs " + std::to_string(a_.n_elem) + " weights >= 0");
  const double rows = std::max(1.0, arma::accu(a_) - static_cast<double>(a_.n_elem));
  set_counts(rows * weights / arma::accu(weights));
}

void StickBreakingWeights::permute_components(const arma::uvec& order) {
  const arma::vec counts = a_ - 1.0;
  set_counts(counts.elem(order));
}

void StickBreakingWeights::save(YAML::Emitter& out) const {
  out << YAML::Key << "weights" << YAML::Value;
  emit_vector(out, weights());
  out << YAML::Key << "weight_concentration" << YAML::Value << YAML::BeginSeq;
  emit_vector(out, a_);
  emit_vector(out, b_);
  out << YAML::EndSeq;
  save_weight_prior(out, name(), prior_);
}

void StickBreakingWeights::load(const YAML::Node& model, const std::string& source) {
  check_saved_weight_prior(model, source, name(), prior_);
  const ConfigLocation where{source, "weight_concentration"};
  const YAML::Node node = require_key(model, {source, ""}, "weight_concentration");
  const std::string k_text = std::to_string(a_.n_elem);
  if (!node.IsSequence() || node.size() != 2)
    fail_at(where, node, "expected two lists of " + k_text + " numbers > 0, [alphas, betas], got " + show_node(node));
  const arma::vec a = read_vector(node[0], at_index(where, 0), a_.n_elem, "a list of " + k_text + " numbers > 0");
  const arma::vec b = read_vector(node[1], at_index(where, 1), a_.n_elem, "a list of " + k_text + " numbers > 0");
  if (arma::any(a <= 0.0)) fail_at(at_index(where, 0), node[0], "expected " + k_text + " numbers > 0");
  if (arma::any(b <= 0.0)) fail_at(at_index(where, 1), node[1], "expected " + k_text + " numbers > 0");
  a_ = a;
  b_ = b;
}

}  // namespace mixfit
