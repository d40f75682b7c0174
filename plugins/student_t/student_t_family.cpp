// StudentTFamily: scores, latent-scale statistics, the M-step, sampling and caches.
#include "student_t_family.hpp"

#include "student_t_math.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <numbers>
#include <string>

namespace mixfit::student_t {
namespace {

const std::string kContext = "student_t family: ";

// Offsets of the per-component statistics (see the class comment).
struct Layout {
  std::size_t weight = 0, sum = 1, scatter, log_weight;
  Layout(std::size_t d, bool diagonal) : scatter(1 + d), log_weight(1 + d + (diagonal ? d : d * d)) {}
};

}  // namespace

StudentTFamily::StudentTFamily(std::size_t num_components, std::size_t dimension, StudentTOptions options,
                               std::size_t first_storage_row)
    : num_components_(num_components),
      dimension_(dimension),
      first_storage_row_(first_storage_row),
      options_(options),
      means_(dimension, num_components, arma::fill::zeros),
      scales_(dimension, dimension, num_components),
      degrees_(num_components) {
  if (num_components == 0 || dimension == 0)
    throw Error(kContext + "needs at least one component and one column, got K = " + std::to_string(num_components) +
                ", D = " + std::to_string(dimension));
  if (!(options.min_degrees > 0.0 && options.min_degrees < options.max_degrees))
    throw Error(kContext + "min_degrees_of_freedom must be > 0 and below max_degrees_of_freedom");
  for (std::size_t k = 0; k < num_components; ++k) scales_.slice(k).eye();
  degrees_.fill(options.fixed_degrees.value_or(options.initial_degrees));
  refresh_caches();
}

std::size_t StudentTFamily::num_free_parameters() const {
  const std::size_t scale = options_.diagonal ? dimension_ : dimension_ * (dimension_ + 1) / 2;
  return num_components_ * (dimension_ + scale + (options_.fixed_degrees ? 0 : 1));
}

StatLayout StudentTFamily::stat_layout() const {
  StatLayout layout;
  layout.num_components = num_components_;
  layout.add_component_field("weight", 1);
  layout.add_component_field("sum", dimension_);
  layout.add_component_field("scatter", options_.diagonal ? dimension_ : dimension_ * dimension_);
  layout.add_component_field("log_weight", 1);
  return layout;
}

arma::mat StudentTFamily::cells(const DataBlock& block) const {
  if (block.real().n_rows < first_storage_row_ + dimension_)
    throw Error(kContext + "got a block of " + std::to_string(block.real().n_rows) + " real columns, expected " +
                std::to_string(first_storage_row_ + dimension_));
  arma::mat scratch;
  return block.real_rows(first_storage_row_, dimension_, scratch);
}

arma::mat StudentTFamily::distances(const arma::mat& x) const {
  arma::mat delta(num_components_, x.n_cols);
  if (x.n_cols == 0) return delta;  // an empty block: Armadillo's row assignment would bind a null reference
  for (std::size_t k = 0; k < num_components_; ++k) {
    const arma::mat centred = x.each_col() - means_.col(k);
    // δ = ‖L⁻¹(x − μ)‖², Σ = L Lᵀ
    delta.row(k) = arma::sum(arma::square(inverse_factors_.slice(k) * centred), 0);
  }
  return delta;
}

void StudentTFamily::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_parameters_) throw Error(kContext + "log_likelihood() called before parameters were set");
  scores = distances(cells(block));
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double nu = degrees_(k);
    const double power = 0.5 * (nu + static_cast<double>(dimension_));
    // log p = excess − (D/2) log 2π − ½ log|Σ| − ((ν + D)/2) log1p(δ/ν)
    scores.row(k).transform([&](double delta) { return log_norms_(k) - power * std::log1p(delta / nu); });
  }
}

void StudentTFamily::accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const {
  const arma::mat x = cells(block);
  if (weights.n_rows != num_components_ || weights.n_cols != x.n_cols)
    throw Error(kContext + "accumulate() got " + std::to_string(weights.n_rows) + "×" +
                std::to_string(weights.n_cols) + " weights for K = " + std::to_string(num_components_) +
                " and a block of " + std::to_string(x.n_cols) + " rows");
  if (!(out.layout() == stat_layout())) throw Error(kContext + "accumulate() into statistics of another layout");
  if (x.n_cols == 0) return;  // an empty block adds nothing
  const Layout at(dimension_, options_.diagonal);
  // Before any parameters: u = 1 (the Gaussian's statistics) about 0.
  const arma::mat delta = has_parameters_ ? distances(x) : arma::mat();
  for (std::size_t k = 0; k < num_components_; ++k) {
    arma::rowvec u(x.n_cols, arma::fill::ones);
    if (has_parameters_) {
      const double nu = degrees_(k);
      u = (nu + static_cast<double>(dimension_)) / (nu + delta.row(k));  // E[w | x], Peel & McLachlan (2000)
    }
    const arma::rowvec r = weights.row(k);
    const arma::rowvec v = r % u;
    const arma::mat centred = x.each_col() - means_.col(k);
    std::span<double> slot = out.component(k);
    slot[at.weight] += arma::accu(v);
    arma::mat sum(slot.data() + at.sum, dimension_, 1, false, true);
    sum += centred * v.t();
    if (options_.diagonal) {
      arma::mat scatter(slot.data() + at.scatter, dimension_, 1, false, true);
      scatter += arma::square(centred) * v.t();
    } else {
      arma::mat scatter(slot.data() + at.scatter, dimension_, dimension_, false, true);
      scatter += (centred.each_row() % v) * centred.t();
    }
    slot[at.log_weight] += arma::accu(r % (arma::log(u) - u));
  }
}

void StudentTFamily::maximize(const SufficientStatistics& stats, Estimator estimator) {
  if (!(stats.layout() == stat_layout())) throw Error(kContext + "maximize() got statistics of another layout");
  if (estimator == Estimator::maximum_a_posteriori) throw Error(kContext + "has no prior; MAP estimation is not available");
  const Layout at(dimension_, options_.diagonal);
  arma::mat means = means_;
  arma::cube scales = scales_;
  arma::vec degrees = degrees_;
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double count = stats.count(k);
    const std::span<const double> slot = stats.component(k);
    const double weight = slot[at.weight];
    if (!(count > 0.0) || !(weight > 0.0)) continue;  // an empty component keeps its parameters
    const arma::vec shift = arma::vec(const_cast<double*>(slot.data() + at.sum), dimension_, false, true) / weight;
    means.col(k) = means_.col(k) + shift;
    // Σ r u (x − μ)(x − μ)ᵀ = Σ r u (x − μ₀)(x − μ₀)ᵀ − (Σ r u) s sᵀ with s = μ − μ₀, over Σ r.
    arma::mat scale;
    if (options_.diagonal) {
      const arma::vec scatter(const_cast<double*>(slot.data() + at.scatter), dimension_, false, true);
      scale = arma::diagmat((scatter - weight * arma::square(shift)) / count);
    } else {
      const arma::mat scatter(const_cast<double*>(slot.data() + at.scatter), dimension_, dimension_, false, true);
      scale = (scatter - weight * shift * shift.t()) / count;
      scale = 0.5 * (scale + scale.t());
    }
    scale.diag() += options_.reg_covar;
    arma::mat factor;
    if (!scale.is_finite() || !arma::chol(factor, scale, "lower"))
      throw SingularComponentError(k, kContext + "component " + std::to_string(k) +
                                          ": the scale matrix is not positive definite (a component on too few "
                                          "distinct points; raise reg_covar)");
    scales.slice(k) = scale;
    if (!options_.fixed_degrees && has_parameters_)
      degrees(k) = solve_degrees_of_freedom(slot[at.log_weight] / count, degrees_(k), dimension_,
                                            options_.min_degrees, options_.max_degrees);
  }
  means_ = std::move(means);
  scales_ = std::move(scales);
  degrees_ = std::move(degrees);
  has_parameters_ = true;
  refresh_caches();
}

void StudentTFamily::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  if (!has_parameters_) throw Error(kContext + "sample() called before parameters were set");
  if (k >= num_components_)
    throw Error(kContext + "sample() asked for component " + std::to_string(k) + " of " +
                std::to_string(num_components_));
  const arma::mat factor = arma::chol(scales_.slice(k), "lower");
  const double nu = degrees_(k);
  boost::random::gamma_distribution<double> scale_draw(0.5 * nu, 2.0 / nu);  // shape ν/2, rate ν/2
  boost::random::normal_distribution<double> normal;
  out.set_size(dimension_, n);
  arma::vec z(dimension_);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t d = 0; d < dimension_; ++d) z(d) = normal(stream);
    const double w = scale_draw(stream);
    out.col(j) = means_.col(k) + factor * z / std::sqrt(w);
  }
}

std::optional<DistributionMoments> StudentTFamily::component_moments(std::size_t k) const {
  if (!has_parameters_ || k >= num_components_ || !(degrees_(k) > 2.0)) return std::nullopt;
  return DistributionMoments{means_.col(k), scales_.slice(k) * (degrees_(k) / (degrees_(k) - 2.0))};
}

void StudentTFamily::permute_components(const arma::uvec& order) {
  if (order.n_elem != num_components_ ||
      arma::any(arma::sort(order) != arma::regspace<arma::uvec>(0, num_components_ - 1)))
    throw Error(kContext + "permute_components() needs a permutation of 0.." + std::to_string(num_components_ - 1));
  means_ = means_.cols(order);
  arma::cube scales(arma::size(scales_));
  for (std::size_t i = 0; i < num_components_; ++i) scales.slice(i) = scales_.slice(order(i));
  scales_ = std::move(scales);
  degrees_ = degrees_.elem(order);
  refresh_caches();
}

void StudentTFamily::set_parameters(const arma::mat& means, const arma::cube& scales, const arma::vec& degrees) {
  if (means.n_rows != dimension_ || means.n_cols != num_components_ || scales.n_rows != dimension_ ||
      scales.n_cols != dimension_ || scales.n_slices != num_components_ || degrees.n_elem != num_components_)
    throw Error(kContext + "set_parameters() got parameters of the wrong shape");
  for (std::size_t k = 0; k < num_components_; ++k) {
    arma::mat factor;
    if (!scales.slice(k).is_finite() || !arma::chol(factor, scales.slice(k), "lower"))
      throw Error(kContext + "component " + std::to_string(k) + ": the scale is not positive definite");
    if (!(degrees(k) > 0.0) || !std::isfinite(degrees(k)))
      throw Error(kContext + "component " + std::to_string(k) + ": degrees_of_freedom must be a finite number > 0");
  }
  means_ = means;
  scales_ = scales;
  degrees_ = degrees;
  has_parameters_ = true;
  refresh_caches();
}

void StudentTFamily::refresh_caches() {
  inverse_factors_.set_size(dimension_, dimension_, num_components_);
  log_norms_.set_size(num_components_);
  const double d = static_cast<double>(dimension_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    arma::mat factor;
    if (!arma::chol(factor, scales_.slice(k), "lower")) factor = arma::eye(dimension_, dimension_);  // checked by the mutators
    inverse_factors_.slice(k) = arma::inv(arma::trimatl(factor));
    const double log_determinant = 2.0 * arma::accu(arma::log(factor.diag()));
    log_norms_(k) = log_normaliser_excess(degrees_(k), dimension_) - 0.5 * d * std::log(2.0 * std::numbers::pi) -
                    0.5 * log_determinant;
  }
}

}  // namespace mixfit::student_t
