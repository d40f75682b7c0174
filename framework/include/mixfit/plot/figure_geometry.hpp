// The numbers behind the figures: covariance ellipses, density grids, contour levels, histograms.
#pragma once

#include "mixfit/plot/gaussian_components.hpp"

#include <armadillo>

#include <cstddef>

namespace mixfit::plot {

/// `points`+1 points (closed) of the ellipse {x : (x−μ)ᵀ Σ⁻¹ (x−μ) = n²}, the
/// n-sigma contour of a 2-D Gaussian: μ + n L (cos t, sin t) with Σ = L Lᵀ.
arma::mat sigma_ellipse(const arma::vec& mean, const arma::mat& covariance, double n_sigma, std::size_t points = 100);

/// Density of a Gaussian mixture (any D) at each column of `points`:
/// Σ_k w_k N(x; μ_k, Σ_k), computed through log-sum-exp.
arma::vec mixture_density(const GaussianComponents& components, const arma::mat& points);

/// w_k N(x; μ_k, Σ_k) for one component k at each column of `points`.
arma::vec weighted_component_density(const GaussianComponents& components, std::size_t k, const arma::mat& points);

/// A square grid over [x_min, x_max] × [y_min, y_max] with `steps` points a side.
struct DensityGrid {
  arma::vec x, y;  ///< the grid lines
  arma::mat z;     ///< z(i, j): density at (x(i), y(j))
};
DensityGrid density_grid(const GaussianComponents& plane, const arma::vec& lower, const arma::vec& upper,
                         std::size_t steps = 120);

/// Contour levels that enclose about the given shares of the data: the
/// (1 − share)-quantiles of the density at the data points (the highest
/// density regions they bound hold those shares of the points).
arma::vec contour_levels(const arma::vec& density_at_points, const arma::vec& shares);

/// A histogram scaled as a density (bar areas sum to 1); bin width by the
/// Freedman–Diaconis rule 2·IQR·n^(−1/3), between 10 and 80 bins.
struct Histogram {
  arma::vec centres;
  arma::vec densities;
  double width = 0.0;
};
Histogram density_histogram(const arma::vec& values);

/// The data's bounding box padded by `margin` of its extent on each side (2×1 vectors).
void padded_bounds(const arma::mat& points, double margin, arma::vec& lower, arma::vec& upper);

}  // namespace mixfit::plot
