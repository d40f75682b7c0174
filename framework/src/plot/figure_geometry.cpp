// Ellipses, densities, contour levels and histograms for the figures.
#include "mixfit/plot/figure_geometry.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/log_sum_exp.hpp"

#include <algorithm>
#include <cmath>

namespace mixfit::plot {
namespace {

// Lower Cholesky factor, with a little jitter for a covariance that is only
// semi-definite after projection (a component flat in the plotted plane).
arma::mat lower_factor(const arma::mat& covariance) {
  arma::mat lower;
  if (arma::chol(lower, covariance, "lower")) return lower;
  const double jitter = 1e-12 * std::max(arma::trace(covariance), 1e-300);
  if (arma::chol(lower, covariance + jitter * arma::eye(arma::size(covariance)), "lower")) return lower;
  throw NumericalError("a covariance to be plotted is not positive definite");
}

// log N(x; μ, Σ) for each column of `points`.
arma::rowvec log_gaussian(const arma::vec& mean, const arma::mat& covariance, const arma::mat& points) {
  const arma::mat lower = lower_factor(covariance);
  const arma::mat z = arma::solve(arma::trimatl(lower), points.each_col() - mean);
  const double log_det = 2.0 * arma::accu(arma::log(lower.diag()));
  const double d = static_cast<double>(mean.n_elem);
  return -0.5 * (d * std::log(2.0 * arma::datum::pi) + log_det + arma::sum(arma::square(z), 0));
}

}  // namespace

arma::mat sigma_ellipse(const arma::vec& mean, const arma::mat& covariance, double n_sigma, std::size_t points) {
  const arma::mat lower = lower_factor(covariance);
  arma::mat circle(2, points + 1);
  for (std::size_t i = 0; i <= points; ++i) {
    const double t = 2.0 * arma::datum::pi * static_cast<double>(i % points) / static_cast<double>(points);
    circle(0, i) = std::cos(t);
    circle(1, i) = std::sin(t);
  }
  return (n_sigma * lower * circle).eval().each_col() + mean;
}

arma::vec weighted_component_density(const GaussianComponents& components, std::size_t k, const arma::mat& points) {
  return arma::exp(std::log(components.weights(k)) + log_gaussian(components.means[k], components.covariances[k], points))
      .t();
}

arma::vec mixture_density(const GaussianComponents& components, const arma::mat& points) {
  const std::size_t k_count = components.means.size();
  arma::mat scores(k_count, points.n_cols);
  for (std::size_t k = 0; k < k_count; ++k)
    scores.row(k) = std::log(components.weights(k)) + log_gaussian(components.means[k], components.covariances[k], points);
  arma::vec density(points.n_cols);
  for (arma::uword n = 0; n < points.n_cols; ++n) density(n) = std::exp(log_sum_exp(scores.colptr(n), k_count));
  return density;
}

DensityGrid density_grid(const GaussianComponents& plane, const arma::vec& lower, const arma::vec& upper,
                         std::size_t steps) {
  DensityGrid grid;
  grid.x = arma::linspace(lower(0), upper(0), steps);
  grid.y = arma::linspace(lower(1), upper(1), steps);
  arma::mat points(2, steps * steps);
  for (std::size_t i = 0; i < steps; ++i)
    for (std::size_t j = 0; j < steps; ++j) {
      points(0, i * steps + j) = grid.x(i);
      points(1, i * steps + j) = grid.y(j);
    }
  grid.z = arma::reshape(mixture_density(plane, points), steps, steps).t();
  return grid;
}

arma::vec contour_levels(const arma::vec& density_at_points, const arma::vec& shares) {
  if (density_at_points.is_empty()) return {};
  const arma::vec sorted = arma::sort(density_at_points);
  arma::vec levels(shares.n_elem);
  for (arma::uword i = 0; i < shares.n_elem; ++i) {
    const double position = (1.0 - shares(i)) * static_cast<double>(sorted.n_elem - 1);
    levels(i) = sorted(static_cast<arma::uword>(std::lround(position)));
  }
  return arma::unique(levels);
}

Histogram density_histogram(const arma::vec& values) {
  Histogram histogram;
  if (values.is_empty()) return histogram;
  const double low = values.min(), high = values.max();
  const arma::vec sorted = arma::sort(values);
  const double iqr = sorted(3 * (sorted.n_elem - 1) / 4) - sorted((sorted.n_elem - 1) / 4);
  const double n = static_cast<double>(values.n_elem);
  double bins = iqr > 0 ? std::ceil((high - low) / (2.0 * iqr * std::cbrt(1.0 / n))) : 10.0;
  bins = std::clamp(bins, 10.0, 80.0);
  const double span = high > low ? high - low : 1.0;
  histogram.width = span / bins;
  const auto count = static_cast<arma::uword>(bins);
  histogram.centres = low + histogram.width * (arma::regspace(0, count - 1) + 0.5);
  histogram.densities.zeros(count);
  for (const double v : values) {
    const auto bin = std::min<arma::uword>(count - 1, static_cast<arma::uword>((v - low) / histogram.width));
    histogram.densities(bin) += 1.0;
  }
  histogram.densities /= n * histogram.width;
  return histogram;
}

void padded_bounds(const arma::mat& points, double margin, arma::vec& lower, arma::vec& upper) {
  lower = arma::min(points, 1);
  upper = arma::max(points, 1);
  const arma::vec extent = arma::max(upper - lower, arma::vec(lower.n_elem, arma::fill::value(1e-9)));
  lower -= margin * extent;
  upper += margin * extent;
}

}  // namespace mixfit::plot
