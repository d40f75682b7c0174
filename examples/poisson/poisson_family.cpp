// PoissonFamily: scores, statistics, the M-step, sampling and caches.
#include "poisson_family.hpp"

#include <mixfit/core/error.hpp>
#include <mixfit/core/number_format.hpp>
#include <mixfit/data/data_block.hpp>
#include <mixfit/math/special_functions.hpp>

#include <boost/random/poisson_distribution.hpp>

#include <cmath>
#include <string>

namespace poisson {
namespace {

const std::string kContext = "poisson family: ";

}  // namespace

PoissonFamily::PoissonFamily(std::size_t num_components, std::vector<std::string> column_names, double min_rate,
                             std::optional<GammaPrior> prior, std::size_t first_storage_row)
    : num_components_(num_components),
      column_names_(std::move(column_names)),
      first_storage_row_(first_storage_row),
      min_rate_(min_rate),
      prior_(prior),
      variational_prior_(prior.value_or(GammaPrior{})),
      rates_(column_names_.size(), num_components, arma::fill::ones) {
  if (num_components == 0 || column_names_.empty())
    throw mixfit::Error(kContext + "needs at least one component and one column, got K = " +
                        std::to_string(num_components) + ", D = " + std::to_string(column_names_.size()));
  if (!(min_rate > 0.0 && std::isfinite(min_rate)))
    throw mixfit::Error(kContext + "min_rate must be a finite number > 0, got " + mixfit::format_double(min_rate));
  if (prior && !(prior->shape > 0.0 && prior->rate > 0.0 && std::isfinite(prior->shape) && std::isfinite(prior->rate)))
    throw mixfit::Error(kContext + "the Gamma prior's shape and rate must be finite numbers > 0");
  refresh_caches();
}

mixfit::Capabilities PoissonFamily::capabilities() const {
  mixfit::Capabilities capabilities;
  capabilities.maximum_a_posteriori = prior_.has_value();
  capabilities.variational = true;
  return capabilities;
}

std::unique_ptr<mixfit::ComponentFamily> PoissonFamily::clone() const { return std::make_unique<PoissonFamily>(*this); }

mixfit::StatLayout PoissonFamily::stat_layout() const {
  mixfit::StatLayout layout;
  layout.num_components = num_components_;
  layout.add_component_field("sum_x", dimension());  // kSumOffset
  return layout;
}

arma::mat PoissonFamily::counts(const mixfit::DataBlock& block) const {
  arma::mat scratch;
  if (block.real().n_rows < first_storage_row_ + dimension())
    throw mixfit::Error(kContext + "got a block of " + std::to_string(block.real().n_rows) +
                        " real columns, expected at least " + std::to_string(first_storage_row_ + dimension()));
  arma::mat x = block.real_rows(first_storage_row_, dimension(), scratch);
  for (std::size_t j = 0; j < x.n_cols; ++j)
    for (std::size_t d = 0; d < x.n_rows; ++d) {
      const double value = x(d, j);
      if (!(value >= 0.0 && value == std::floor(value) && std::isfinite(value)))
        throw mixfit::DataError(std::string(block.source()) + ": data row " +
                                std::to_string(block.first_row() + j + 1) + ": column '" + column_names_[d] +
                                "': expected a count (an integer >= 0) for the poisson family, got " +
                                mixfit::format_double(value));
    }
  return x;
}

void PoissonFamily::scores_from(const arma::mat& x, const arma::mat& coefficients, const arma::vec& constants,
                                arma::mat& scores) const {
  scores = coefficients * x;
  scores.each_col() -= constants;
  // log x! = log Γ(x + 1), the base measure: the same for every component.
  arma::rowvec log_factorials(x.n_cols, arma::fill::zeros);
  for (std::size_t j = 0; j < x.n_cols; ++j)
    for (std::size_t d = 0; d < x.n_rows; ++d)
      if (x(d, j) > 1.0) log_factorials(j) += mixfit::log_gamma(x(d, j) + 1.0);
  scores.each_row() -= log_factorials;
}

void PoissonFamily::log_likelihood(const mixfit::DataBlock& block, arma::mat& scores) const {
  if (!has_parameters_) throw mixfit::Error(kContext + "log_likelihood() called before parameters were set");
  // log p(x | λ_k) = Σ_d x_d log λ_kd − λ_kd − log x_d!
  scores_from(counts(block), log_rates_, rate_sums_, scores);
}

void PoissonFamily::accumulate(const mixfit::DataBlock& block, const arma::mat& weights,
                               mixfit::SufficientStatistics& out) const {
  const arma::mat x = counts(block);
  if (weights.n_rows != num_components_ || weights.n_cols != x.n_cols)
    throw mixfit::Error(kContext + "accumulate() got " + std::to_string(weights.n_rows) + "×" +
                        std::to_string(weights.n_cols) + " weights for K = " + std::to_string(num_components_) +
                        " and a block of " + std::to_string(x.n_cols) + " rows");
  if (!(out.layout() == stat_layout())) throw mixfit::Error(kContext + "accumulate() into statistics of another layout");
  arma::mat sums = out.component_matrix(0, kSumOffset, dimension(), num_components_);  // aliases the buffer
  sums += x * weights.t();
}

void PoissonFamily::maximize(const mixfit::SufficientStatistics& stats, mixfit::Estimator estimator) {
  if (!(stats.layout() == stat_layout())) throw mixfit::Error(kContext + "maximize() got statistics of another layout");
  const bool posterior_mode = estimator == mixfit::Estimator::maximum_a_posteriori;
  if (posterior_mode && !prior_)
    throw mixfit::Error(kContext + "MAP estimation needs a prior; set model.options.prior: {shape: a0, rate: b0}");
  const arma::mat sums = stats.component_matrix(0, kSumOffset, dimension(), num_components_);
  arma::mat next = rates_;
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double count = stats.count(k);
    for (std::size_t d = 0; d < dimension(); ++d) {
      if (posterior_mode) {
        next(d, k) = prior_->posterior_mode(sums(d, k), count);
      } else if (count > 0.0) {
        next(d, k) = sums(d, k) / count;  // ∂/∂λ Σ_n w_n (x_n log λ − λ) = 0
      }
      next(d, k) = std::max(next(d, k), min_rate_);
    }
  }
  rates_ = std::move(next);
  posterior_.reset();  // it described the previous parameters
  has_parameters_ = true;
  refresh_caches();
}

void PoissonFamily::sample(std::size_t k, std::size_t n, mixfit::RandomStream& stream, arma::mat& out) const {
  if (!has_parameters_) throw mixfit::Error(kContext + "sample() called before parameters were set");
  if (k >= num_components_)
    throw mixfit::Error(kContext + "sample() asked for component " + std::to_string(k) + " of " +
                        std::to_string(num_components_));
  std::vector<boost::random::poisson_distribution<long, double>> cells;
  for (std::size_t d = 0; d < dimension(); ++d) cells.emplace_back(rates_(d, k));
  out.set_size(dimension(), n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t d = 0; d < dimension(); ++d) out(d, j) = static_cast<double>(cells[d](stream));
}

void PoissonFamily::permute_components(const arma::uvec& order) {
  if (order.n_elem != num_components_ ||
      arma::any(arma::sort(order) != arma::regspace<arma::uvec>(0, num_components_ - 1)))
    throw mixfit::Error(kContext + "permute_components() needs a permutation of 0.." +
                        std::to_string(num_components_ - 1));
  rates_ = rates_.cols(order);
  if (posterior_) {
    posterior_->shape = posterior_->shape.cols(order);
    posterior_->rate = posterior_->rate.cols(order);
  }
  refresh_caches();
}

void PoissonFamily::set_rates(const arma::mat& rates) {
  if (rates.n_rows != dimension() || rates.n_cols != num_components_)
    throw mixfit::Error(kContext + "rates must be D×K = " + std::to_string(dimension()) + "×" +
                        std::to_string(num_components_));
  if (!rates.is_finite() || arma::any(arma::vectorise(rates) <= 0.0))
    throw mixfit::Error(kContext + "rates must be finite numbers > 0");
  rates_ = rates;
  posterior_.reset();
  has_parameters_ = true;
  refresh_caches();
}

void PoissonFamily::refresh_caches() {
  log_rates_ = arma::log(rates_).t();
  rate_sums_ = arma::sum(rates_, 0).t();
  expected_log_rates_.reset();
  if (posterior_) {
    // E_q[log λ] = ψ(a) − log b under Gamma(a, b) (shape, rate).
    expected_log_rates_.set_size(num_components_, dimension());
    for (std::size_t k = 0; k < num_components_; ++k)
      for (std::size_t d = 0; d < dimension(); ++d)
        expected_log_rates_(k, d) = mixfit::digamma(posterior_->shape(d, k)) - std::log(posterior_->rate(d, k));
  }
}

}  // namespace poisson
