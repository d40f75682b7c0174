// BernoulliFamily: scores, statistics, M-step, sampling and persistence.
#include "bernoulli_family.hpp"

#include "beta_posterior_yaml.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <boost/random/bernoulli_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace mixfit {
namespace {

const std::string kContext = "bernoulli family: ";

std::string shape_text(const arma::mat& m) { return std::to_string(m.n_rows) + "×" + std::to_string(m.n_cols); }

}  // namespace

BernoulliFamily::BernoulliFamily(std::size_t num_components, std::size_t dimension, double eps,
                                 std::optional<BetaPrior> prior, std::size_t first_storage_row)
    : num_components_(num_components),
      dimension_(dimension),
      first_storage_row_(first_storage_row),
      eps_(eps),
      prior_(prior),
      variational_prior_(prior.value_or(BetaPrior{})),
      probabilities_(dimension, num_components, arma::fill::value(0.5)) {
  if (num_components == 0 || dimension == 0)
    throw Error(kContext + "needs at least one component and one data column, got K = " +
                std::to_string(num_components) + ", D = " + std::to_string(dimension));
  if (!(eps >= 0.0 && eps < 0.5))
    throw Error(kContext + "eps must be a number in [0, 0.5), got " + format_double(eps));
  if (prior && !(std::isfinite(prior->alpha) && prior->alpha > 0.0 && std::isfinite(prior->beta) && prior->beta > 0.0))
    throw Error(kContext + "the Beta prior's alpha and beta must be finite numbers > 0, got alpha = " +
                format_double(prior->alpha) + ", beta = " + format_double(prior->beta));
  refresh_caches();
}

Capabilities BernoulliFamily::capabilities() const {
  Capabilities capabilities;
  capabilities.maximum_a_posteriori = prior_.has_value();
  capabilities.variational = true;
  capabilities.missing_values = true;
  capabilities.missing_values_variational = true;
  return capabilities;
}

std::unique_ptr<ComponentFamily> BernoulliFamily::clone() const { return std::make_unique<BernoulliFamily>(*this); }

StatLayout BernoulliFamily::stat_layout() const {
  StatLayout layout;
  layout.num_components = num_components_;
  layout.add_component_field("sum_x", dimension_);  // bernoulli_layout::kSumOffset
  layout.add_shared_field("missing_weight", dimension_ * num_components_);  // bernoulli_layout::kMissingOffset
  return layout;
}

void BernoulliFamily::check_block(const DataBlock& block, const char* caller) const {
  if (block.binary().n_rows < first_storage_row_ + dimension_)
    throw Error(kContext + caller + " got a block of " + std::to_string(block.binary().n_rows) +
                " binary columns, expected at least " + std::to_string(first_storage_row_ + dimension_));
}

arma::mat BernoulliFamily::missing_cells(const DataBlock& block) const {
  // The D×n 0/1 indicator of the family's missing cells (kMissingBinary), empty when there are none.
  const arma::Mat<std::uint8_t>& cells = block.binary();
  // (the scan is a pass over the block's cells, twice per EM iteration: skipped when data.missing is off)
  if (!block.may_have_missing() || !any_missing_binary(cells, first_storage_row_, dimension_)) return {};
  arma::mat indicator(dimension_, cells.n_cols);
  for (arma::uword i = 0; i < cells.n_cols; ++i)
    for (std::size_t d = 0; d < dimension_; ++d)
      indicator(d, i) = cells(first_storage_row_ + d, i) == kMissingBinary ? 1.0 : 0.0;
  return indicator;
}

void BernoulliFamily::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_parameters_) throw Error(kContext + "log_likelihood() called before parameters were set");
  check_block(block, "log_likelihood()");
  const arma::mat missing = missing_cells(block);
  // PRML (9.44) in log form: Σ_d x_d log p_kd + (1 − x_d) log(1 − p_kd) = (log-odds)ᵀ x + Σ_d log(1 − p_kd)
  score_tables_.multiply(block.binary(), first_storage_row_, log_complement_sum_, scores);
  // A missing cell drops out of the product: take back its log(1 − p_kd) (a row without one loses exactly 0).
  if (!missing.is_empty()) scores -= log_complements() * missing;
  if (contradictions_.is_empty()) return;
  // Counts of contradicted cells are small integers, exact in doubles.
  arma::mat contradicted;
  contradiction_tables_.multiply(block.binary(), first_storage_row_, contradiction_offset_, contradicted);
  if (!missing.is_empty()) contradicted -= arma::conv_to<arma::mat>::from(contradictions_ < 0.0) * missing;
  scores.elem(arma::find(contradicted > 0.5)).fill(-std::numeric_limits<double>::infinity());
}

void BernoulliFamily::accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const {
  check_block(block, "accumulate()");
  if (weights.n_rows != num_components_ || weights.n_cols != block.num_rows())
    throw Error(kContext + "accumulate() got weights of " + shape_text(weights) + " for a block of " +
                std::to_string(block.num_rows()) + " rows, expected K = " + std::to_string(num_components_) +
                " weight rows");
  if (!(out.layout() == stat_layout())) throw Error(kContext + "accumulate() into statistics of another layout");
  // All K sum_x slots side by side are the D×K matrix S (see bernoulli_layout): S += X Wᵀ, a missing cell as 0.
  arma::mat sums = out.component_matrix(0, bernoulli_layout::kSumOffset, dimension_, num_components_);
  accumulate_binary_cells(block.binary(), first_storage_row_, dimension_, weights, sums);
  // Σ_n w_kn [x_nd missing]: the weight each p_kd's estimate must not count.
  if (const arma::mat missing = missing_cells(block); !missing.is_empty()) {
    arma::mat missing_weight = out.shared_matrix(bernoulli_layout::kMissingOffset, dimension_, num_components_);
    missing_weight += missing * weights.t();
  }
}

arma::mat BernoulliFamily::log_complements() const {
  // log(1 − p_kd), with the p = 1 cells (log 0) at 0: their contradictions are counted apart.
  arma::mat out(num_components_, dimension_);
  for (std::size_t k = 0; k < num_components_; ++k)
    for (std::size_t d = 0; d < dimension_; ++d)
      out(k, d) = probabilities_(d, k) < 1.0 && probabilities_(d, k) > 0.0 ? std::log1p(-probabilities_(d, k)) : 0.0;
  return out;
}

void BernoulliFamily::maximize(const SufficientStatistics& stats, Estimator estimator) {
  if (!(stats.layout() == stat_layout())) throw Error(kContext + "maximize() got statistics of another layout");
  const bool posterior_mode = estimator == Estimator::maximum_a_posteriori;
  if (posterior_mode && !prior_)
    throw Error(kContext + "MAP estimation needs a prior; set model.options.prior: {alpha: a, beta: b}");
  const arma::mat sums = stats.component_matrix(0, bernoulli_layout::kSumOffset, dimension_, num_components_);
  // The weight of the observed cells of each column: N_k less what its missing cells carried (N_k exactly
  // without missing cells).
  const arma::mat missing_weight = stats.shared_matrix(bernoulli_layout::kMissingOffset, dimension_, num_components_);
  const bool any_missing = arma::any(arma::vectorise(missing_weight) != 0.0);
  const double lower = eps_;
  const double upper = 1.0 - eps_;  // the fixtures' 0.9999999999 for eps = 1e-10
  arma::mat next = probabilities_;
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double count = stats.count(k);
    if (posterior_mode) {
      for (std::size_t d = 0; d < dimension_; ++d)
        if (const std::optional<double> mode = prior_->posterior_mode(sums(d, k), count - missing_weight(d, k)))
          next(d, k) = std::clamp(*mode, lower, upper);  // no single mode: keep the previous value
    } else if (any_missing) {  // each column over the rows observing it; none: keep its p_kd
      for (std::size_t d = 0; d < dimension_; ++d)
        if (const double observed = count - missing_weight(d, k); observed > 0.0)
          next(d, k) = std::clamp(sums(d, k) / observed, lower, upper);
    } else if (count > 0.0) {  // PRML (9.59), no epsilon in N_k; N_k = 0 (or NaN) keeps the previous p_k
      next.col(k) = arma::clamp(sums.col(k) / count, lower, upper);
    }
  }
  probabilities_ = std::move(next);
  posterior_.reset();  // it described the previous parameters
  has_parameters_ = true;
  refresh_caches();
}

void BernoulliFamily::expected_log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!posterior_) throw Error(kContext + "expected_log_likelihood() called before a posterior was set");
  check_block(block, "expected_log_likelihood()");
  // E_q[Σ_d x_d log p_kd + (1 − x_d) log(1 − p_kd)] = E[log-odds]ᵀ x + Σ_d E[log(1 − p_kd)], PRML (9.44) under q
  expected_score_tables_.multiply(block.binary(), first_storage_row_, posterior_->expected_log_complement_sum(),
                                  scores);
  // A missing cell is marginalised exactly (p(x_o | p) drops it): take back its E[log(1 − p_kd)].
  if (const arma::mat missing = missing_cells(block); !missing.is_empty())
    scores -= posterior_->expected_log_complements() * missing;
}

void BernoulliFamily::update_posterior(const SufficientStatistics& stats) {
  if (!(stats.layout() == stat_layout())) throw Error(kContext + "update_posterior() got statistics of another layout");
  const arma::mat sums = stats.component_matrix(0, bernoulli_layout::kSumOffset, dimension_, num_components_);
  const arma::mat missing_weight = stats.shared_matrix(bernoulli_layout::kMissingOffset, dimension_, num_components_);
  BetaPosterior next = BetaPosterior::from_statistics(
      variational_prior_, sums, stats.counts(),
      arma::any(arma::vectorise(missing_weight) != 0.0) ? missing_weight : arma::mat());
  probabilities_ = next.means();
  posterior_ = std::move(next);
  has_parameters_ = true;
  refresh_caches();
}

double BernoulliFamily::kl_to_prior() const {
  if (!posterior_) throw Error(kContext + "kl_to_prior() called before a posterior was set");
  return posterior_->kl_to(variational_prior_);
}

void BernoulliFamily::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  if (!has_parameters_) throw Error(kContext + "sample() called before parameters were set");
  if (k >= num_components_)
    throw Error(kContext + "sample() asked for component " + std::to_string(k) + " of " +
                std::to_string(num_components_));
  std::vector<boost::random::bernoulli_distribution<double>> cells;
  cells.reserve(dimension_);
  for (std::size_t d = 0; d < dimension_; ++d) cells.emplace_back(probabilities_(d, k));
  out.set_size(dimension_, n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t d = 0; d < dimension_; ++d) out(d, j) = cells[d](stream) ? 1.0 : 0.0;
}

void BernoulliFamily::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw Error(kContext + "save() called before parameters were set");
  if (posterior_) emit_saved_beta_prior(out, variational_prior_);  // a saved posterior names its prior
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components_; ++k) {
    out << YAML::BeginMap << YAML::Key << "probabilities" << YAML::Value;
    emit_vector(out, probabilities_.col(k));
    if (posterior_) {
      out << YAML::Key << "concentration" << YAML::Value;
      emit_beta_concentration(out, posterior_->alpha().col(k), posterior_->beta().col(k));
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void BernoulliFamily::load(const YAML::Node& model, const std::string& source) {
  const ConfigLocation where{source, ""};
  const std::optional<BetaPrior> saved_prior = read_saved_beta_prior(model, source);
  if (saved_prior && prior_ && (saved_prior->alpha != prior_->alpha || saved_prior->beta != prior_->beta))
    fail_at(where.child("prior"), model["prior"],
            "the saved posterior was computed under Beta(" + format_double(saved_prior->alpha) + ", " +
                format_double(saved_prior->beta) + "), but model.options.prior configures Beta(" +
                format_double(prior_->alpha) + ", " + format_double(prior_->beta) + ")");
  const YAML::Node components = require_key(model, where, "components");
  const ConfigLocation list = where.child("components");
  const std::string d_text = std::to_string(dimension_);
  if (!components.IsSequence() || components.size() != num_components_)
    fail_at(list, components,
            "expected a list of " + std::to_string(num_components_) + " components, got " + show_node(components));
  arma::mat probabilities(dimension_, num_components_);
  arma::mat alpha(dimension_, num_components_), beta(dimension_, num_components_);
  std::size_t with_posterior = 0;  // components that carry `concentration`
  for (std::size_t k = 0; k < num_components_; ++k) {
    const ConfigLocation component = at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) fail_at(component, node, "expected a mapping with probabilities, got " + show_node(node));
    reject_unknown_keys(node, component, {"probabilities", "concentration"});
    const YAML::Node values = require_key(node, component, "probabilities");
    const ConfigLocation at = component.child("probabilities");
    probabilities.col(k) = read_vector(values, at, dimension_, "a list of " + d_text + " probabilities");
    for (std::size_t d = 0; d < dimension_; ++d)
      if (!(probabilities(d, k) >= 0.0 && probabilities(d, k) <= 1.0))
        fail_at(at_index(at, d), values[d], "expected a probability in [0, 1], got " + values[d].Scalar());
    const YAML::Node concentration = node["concentration"];
    if (!concentration) continue;
    BetaConcentration read = read_beta_concentration(concentration, component.child("concentration"), dimension_);
    alpha.col(k) = read.alpha;
    beta.col(k) = read.beta;
    for (std::size_t d = 0; d < dimension_; ++d) {
      const double mean = alpha(d, k) / (alpha(d, k) + beta(d, k));  // PRML (2.15)
      if (!(std::abs(probabilities(d, k) - mean) <= kPosteriorMeanTolerance))
        fail_at(at_index(at, d), values[d],
                "expected the posterior mean a/(a + b) = " + format_double(mean) + " of the component's concentration "
                "(within " + format_double(kPosteriorMeanTolerance) + "), got " + values[d].Scalar());
    }
    ++with_posterior;
  }
  std::optional<BetaPosterior> posterior;
  if (with_posterior == num_components_) {
    posterior.emplace(std::move(alpha), std::move(beta));
  } else if (with_posterior > 0) {
    for (std::size_t k = 0; k < num_components_; ++k)
      if (!components[k]["concentration"])
        fail_at(at_index(list, k), components[k],
                "expected concentration: [[a_1 … a_D], [b_1 … b_D]] as in the other components (a saved posterior "
                "has it in every component, or in none)");
  }
  set_probabilities(probabilities);  // checked above, so this cannot throw: the commit starts here
  variational_prior_ = saved_prior.value_or(prior_.value_or(BetaPrior{}));
  posterior_ = std::move(posterior);
  refresh_caches();  // the posterior's score tables
}

void BernoulliFamily::permute_components(const arma::uvec& order) {
  const arma::uvec identity = arma::regspace<arma::uvec>(0, num_components_ - 1);
  if (order.n_elem != num_components_ || arma::any(arma::sort(order) != identity))
    throw Error(kContext + "permute_components() needs a permutation of 0.." + std::to_string(num_components_ - 1));
  probabilities_ = probabilities_.cols(order);
  if (posterior_) posterior_->permute(order);
  refresh_caches();
}

void BernoulliFamily::set_probabilities(const arma::mat& probabilities) {
  if (probabilities.n_rows != dimension_ || probabilities.n_cols != num_components_)
    throw Error(kContext + "probabilities must be D×K = " + std::to_string(dimension_) + "×" +
                std::to_string(num_components_) + ", got " + shape_text(probabilities));
  // Both comparisons are false for NaN, so NaN is refused too.
  if (!arma::all(arma::vectorise(probabilities >= 0.0)) || !arma::all(arma::vectorise(probabilities <= 1.0)))
    throw Error(kContext + "probabilities must lie in [0, 1]");
  probabilities_ = probabilities;
  posterior_.reset();  // it described the previous parameters
  has_parameters_ = true;
  refresh_caches();
}

void BernoulliFamily::refresh_caches() {
  log_odds_.set_size(num_components_, dimension_);
  log_complement_sum_.zeros(num_components_);
  contradictions_.zeros(num_components_, dimension_);
  contradiction_offset_.zeros(num_components_);
  bool any_contradiction = false;
  for (std::size_t k = 0; k < num_components_; ++k) {
    for (std::size_t d = 0; d < dimension_; ++d) {
      const double p = probabilities_(d, k);
      if (p == 0.0) {  // log p = −inf: x_d = 1 impossible, x_d = 0 adds log 1 = 0
        log_odds_(k, d) = 0.0;
        contradictions_(k, d) = 1.0;
        any_contradiction = true;
      } else if (p == 1.0) {  // log(1 − p) = −inf: x_d = 0 impossible, x_d = 1 adds log 1 = 0
        log_odds_(k, d) = 0.0;
        contradictions_(k, d) = -1.0;
        contradiction_offset_(k) += 1.0;
        any_contradiction = true;
      } else {
        const double log_complement = std::log1p(-p);
        log_odds_(k, d) = std::log(p) - log_complement;
        log_complement_sum_(k) += log_complement;
      }
    }
  }
  if (!any_contradiction) {
    contradictions_.reset();
    contradiction_offset_.reset();
  }
  score_tables_ = BinaryCellTables(log_odds_);
  contradiction_tables_ = any_contradiction ? BinaryCellTables(contradictions_) : BinaryCellTables();
  expected_score_tables_ = posterior_ ? BinaryCellTables(posterior_->expected_log_odds()) : BinaryCellTables();
}

}  // namespace mixfit
