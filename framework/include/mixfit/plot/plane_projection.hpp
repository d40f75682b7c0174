// PlaneProjection: the plane data are drawn in (the data's own two columns, or its first two principal components).
#pragma once

#include "mixfit/plot/gaussian_components.hpp"

#include <armadillo>

#include <string>
#include <vector>

namespace mixfit::plot {

/// x ↦ basisᵀ (x − centre): the identity for 2-D data, otherwise the first two
/// principal components (eigenvectors of the sample covariance with the two
/// largest eigenvalues, each signed so its largest-magnitude entry is
/// positive, which makes the picture deterministic).
struct PlaneProjection {
  arma::mat basis;   ///< D×2, orthonormal columns
  arma::vec centre;  ///< D
  std::string x_label, y_label;
};

/// The projection for `data` (D×N, one observation per column, D ≥ 2);
/// `columns` names the axes of 2-D data. PC axes are labelled with the
/// share of variance they carry.
PlaneProjection plane_projection(const arma::mat& data, const std::vector<std::string>& columns);

/// Points (D×N) in the plane (2×N).
arma::mat project_points(const PlaneProjection& projection, const arma::mat& points);

/// The mixture's image under the projection: a linear map of a Gaussian is
/// Gaussian, with mean Bᵀ(μ − c) and covariance Bᵀ Σ B, so the projected
/// density is exactly the marginal density of the plane coordinates.
GaussianComponents project_components(const PlaneProjection& projection, const GaussianComponents& components);

}  // namespace mixfit::plot
