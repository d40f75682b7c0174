// MultinomialFamily: scores, statistics, M-steps, the Dirichlet posterior, sampling and caches.
#include "multinomial_family.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"

#include <boost/random/binomial_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace mixfit::multinomial {
namespace {

const std::string kContext = "multinomial family: ";
constexpr std::size_t kSumOffset = 0;  // per component: sum_x (D values), then sum_total (1)

}  // namespace

MultinomialFamily::MultinomialFamily(std::size_t num_components, std::size_t dimension, MultinomialOptions options,
                                     std::size_t first_storage_row)
    : num_components_(num_components),
      dimension_(dimension),
      first_storage_row_(first_storage_row),
      options_(options),
      variational_alpha_(options.prior_alpha.value_or(1.0)),
      probabilities_(dimension, num_components),
      mean_totals_(num_components, arma::fill::ones) {
  if (num_components == 0 || dimension < 2)
    throw Error(kContext + "needs at least one component and two count columns, got K = " +
                std::to_string(num_components) + ", D = " + std::to_string(dimension));
  if (!(options.eps >= 0.0 && options.eps * static_cast<double>(dimension) < 1.0))
    throw Error(kContext + "eps must be >= 0 and below 1/D, got " + format_double(options.eps));
  if (options.prior_alpha && !(*options.prior_alpha > 0.0 && std::isfinite(*options.prior_alpha)))
    throw Error(kContext + "the Dirichlet prior's alpha must be a finite number > 0");
  probabilities_.fill(1.0 / static_cast<double>(dimension));
  commit(probabilities_, mean_totals_, {});
  has_parameters_ = false;
}

Capabilities MultinomialFamily::capabilities() const {
  Capabilities capabilities;
  capabilities.maximum_a_posteriori = options_.prior_alpha.has_value();
  capabilities.variational = true;
  return capabilities;
}

StatLayout MultinomialFamily::stat_layout() const {
  StatLayout layout;
  layout.num_components = num_components_;
  layout.add_component_field("sum_x", dimension_);  // kSumOffset
  layout.add_component_field("sum_total", 1);
  return layout;
}

arma::mat MultinomialFamily::cells(const DataBlock& block) const {
  if (block.real().n_rows < first_storage_row_ + dimension_)
    throw Error(kContext + "got a block of " + std::to_string(block.real().n_rows) + " real columns, expected " +
                std::to_string(first_storage_row_ + dimension_));
  arma::mat scratch;
  return block.real_rows(first_storage_row_, dimension_, scratch);  // counts: checked where the data were read
}

void MultinomialFamily::scores_from(const DataBlock& block, const arma::mat& coefficients, arma::mat& scores) const {
  const arma::mat x = cells(block);
  scores = coefficients * x;
  // log n! − Σ_d log x_d!, the same for every component
  arma::rowvec base(x.n_cols);
  for (std::size_t j = 0; j < x.n_cols; ++j) {
    double total = 0.0, factorials = 0.0;
    for (std::size_t d = 0; d < dimension_; ++d) {
      total += x(d, j);
      factorials += log_gamma(x(d, j) + 1.0);
    }
    base(j) = log_gamma(total + 1.0) - factorials;
  }
  scores.each_row() += base;
}

void MultinomialFamily::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_parameters_) throw Error(kContext + "log_likelihood() called before parameters were set");
  scores_from(block, log_probabilities_, scores);  // Σ_d x_d log π_kd + log n! − Σ log x_d!
}

void MultinomialFamily::accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const {
  const arma::mat x = cells(block);
  if (weights.n_rows != num_components_ || weights.n_cols != x.n_cols)
    throw Error(kContext + "accumulate() got " + std::to_string(weights.n_rows) + "×" +
                std::to_string(weights.n_cols) + " weights for K = " + std::to_string(num_components_) +
                " and a block of " + std::to_string(x.n_cols) + " rows");
  if (!(out.layout() == stat_layout())) throw Error(kContext + "accumulate() into statistics of another layout");
  arma::mat sums = out.component_matrix(0, kSumOffset, dimension_ + 1, num_components_);  // aliases the buffer
  sums.head_rows(dimension_) += x * weights.t();
  sums.row(dimension_) += arma::sum(x, 0) * weights.t();
}

arma::mat MultinomialFamily::normalised(const arma::mat& counts) const {
  arma::mat result = probabilities_;
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double total = arma::accu(counts.col(k));
    if (!(total > 0.0)) continue;
    arma::vec p = counts.col(k) / total;
    p = arma::clamp(p, options_.eps, 1.0);
    result.col(k) = p / arma::accu(p);
  }
  return result;
}

void MultinomialFamily::maximize(const SufficientStatistics& stats, Estimator estimator) {
  if (!(stats.layout() == stat_layout())) throw Error(kContext + "maximize() got statistics of another layout");
  const bool posterior_mode = estimator == Estimator::maximum_a_posteriori;
  if (posterior_mode && !options_.prior_alpha)
    throw Error(kContext + "MAP estimation needs a prior; set model.options.prior: {alpha: a}");
  const arma::mat sums = stats.component_matrix(0, kSumOffset, dimension_ + 1, num_components_);
  arma::mat counts = sums.head_rows(dimension_);
  // π ∝ S (PRML eq. 9.60's analogue), or the Dirichlet(α + S) mode ∝ S + α − 1, clipped at 0
  if (posterior_mode) counts = arma::clamp(counts + (*options_.prior_alpha - 1.0), 0.0, arma::datum::inf);
  arma::vec totals = mean_totals_;
  for (std::size_t k = 0; k < num_components_; ++k)
    if (stats.count(k) > 0.0) totals(k) = sums(dimension_, k) / stats.count(k);
  commit(normalised(counts), totals, {});
}

void MultinomialFamily::update_posterior(const SufficientStatistics& stats) {
  if (!(stats.layout() == stat_layout())) throw Error(kContext + "update_posterior() got statistics of another layout");
  const arma::mat sums = stats.component_matrix(0, kSumOffset, dimension_ + 1, num_components_);
  arma::mat alpha = sums.head_rows(dimension_) + variational_alpha_;  // Dir(α + S)
  if (!alpha.is_finite() || arma::any(arma::vectorise(alpha) <= 0.0))
    throw NumericalError(kContext + "the Dirichlet posterior has an alpha that is not a finite number > 0");
  arma::vec totals = mean_totals_;
  for (std::size_t k = 0; k < num_components_; ++k)
    if (stats.count(k) > 0.0) totals(k) = sums(dimension_, k) / stats.count(k);
  arma::mat means = alpha;
  means.each_row() /= arma::sum(alpha, 0);  // the posterior mean α / Σ α
  commit(means, totals, alpha);
}

void MultinomialFamily::expected_log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (posterior_alpha_.is_empty()) throw Error(kContext + "expected_log_likelihood() called before a posterior was set");
  scores_from(block, expected_log_probabilities_, scores);
}

double MultinomialFamily::kl_to_prior() const {
  if (posterior_alpha_.is_empty()) throw Error(kContext + "kl_to_prior() called before a posterior was set");
  double total = 0.0;
  const arma::vec prior(dimension_, arma::fill::value(variational_alpha_));
  for (std::size_t k = 0; k < num_components_; ++k) total += kl_dirichlet(posterior_alpha_.col(k), prior);
  return total;
}

void MultinomialFamily::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  if (!has_parameters_) throw Error(kContext + "sample() called before parameters were set");
  if (k >= num_components_)
    throw Error(kContext + "sample() asked for component " + std::to_string(k) + " of " +
                std::to_string(num_components_));
  const long total = std::lround(mean_totals_(k));
  out.set_size(dimension_, n);
  for (std::size_t j = 0; j < n; ++j) {
    // Sequential binomials: x_d ~ Bin(remaining, π_d / (1 − Σ_{e<d} π_e)).
    long remaining = total;
    double rest = 1.0;
    for (std::size_t d = 0; d < dimension_; ++d) {
      long draw = remaining;
      if (d + 1 < dimension_ && remaining > 0) {
        const double p = std::clamp(probabilities_(d, k) / rest, 0.0, 1.0);
        draw = boost::random::binomial_distribution<long, double>(remaining, p)(stream);
      }
      out(d, j) = static_cast<double>(draw);
      remaining -= draw;
      rest -= probabilities_(d, k);
      if (rest <= 0.0) rest = 1e-300;
    }
  }
}

void MultinomialFamily::permute_components(const arma::uvec& order) {
  if (order.n_elem != num_components_ ||
      arma::any(arma::sort(order) != arma::regspace<arma::uvec>(0, num_components_ - 1)))
    throw Error(kContext + "permute_components() needs a permutation of 0.." + std::to_string(num_components_ - 1));
  const bool had = has_parameters_;
  commit(probabilities_.cols(order), mean_totals_.elem(order),
         posterior_alpha_.is_empty() ? arma::mat() : arma::mat(posterior_alpha_.cols(order)));
  has_parameters_ = had;
}

void MultinomialFamily::commit(arma::mat probabilities, arma::vec mean_totals, arma::mat posterior_alpha) {
  probabilities_ = std::move(probabilities);
  mean_totals_ = std::move(mean_totals);
  posterior_alpha_ = std::move(posterior_alpha);
  has_parameters_ = true;
  log_probabilities_ = arma::log(probabilities_).t();
  expected_log_probabilities_.reset();
  if (!posterior_alpha_.is_empty()) {
    expected_log_probabilities_.set_size(num_components_, dimension_);
    for (std::size_t k = 0; k < num_components_; ++k)
      expected_log_probabilities_.row(k) = dirichlet_expected_log(posterior_alpha_.col(k)).t();
  }
}

}  // namespace mixfit::multinomial
