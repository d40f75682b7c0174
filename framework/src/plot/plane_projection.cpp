// Principal components by the symmetric eigendecomposition of the sample covariance.
#include "mixfit/plot/plane_projection.hpp"

#include "mixfit/core/error.hpp"

#include <cstdio>

namespace mixfit::plot {

PlaneProjection plane_projection(const arma::mat& data, const std::vector<std::string>& columns) {
  const arma::uword d = data.n_rows;
  if (d < 2) throw Error("a plane projection needs at least 2 dimensions, got " + std::to_string(d));
  PlaneProjection projection;
  projection.centre = arma::mean(data, 1);
  if (d == 2) {
    projection.basis = arma::eye(2, 2);
    projection.centre.zeros();
    projection.x_label = columns.size() > 0 ? columns[0] : "x";
    projection.y_label = columns.size() > 1 ? columns[1] : "y";
    return projection;
  }
  const arma::mat centred = data.each_col() - projection.centre;
  const arma::mat covariance = centred * centred.t() / static_cast<double>(std::max<arma::uword>(data.n_cols, 1));
  arma::vec values;
  arma::mat vectors;
  if (!arma::eig_sym(values, vectors, covariance)) throw NumericalError("principal components: eigendecomposition failed");
  // eig_sym sorts ascending: the last two columns carry the most variance.
  projection.basis = arma::join_rows(vectors.col(d - 1), vectors.col(d - 2));
  for (arma::uword j = 0; j < 2; ++j)
    if (projection.basis(arma::abs(projection.basis.col(j)).index_max(), j) < 0) projection.basis.col(j) *= -1.0;
  const double total = arma::accu(arma::clamp(values, 0.0, arma::datum::inf));
  char label[64];
  for (int j = 0; j < 2; ++j) {
    const double share = total > 0 ? std::max(values(d - 1 - j), 0.0) / total : 0.0;
    std::snprintf(label, sizeof label, "principal component %d (%.0f%% of variance)", j + 1, 100.0 * share);
    (j == 0 ? projection.x_label : projection.y_label) = label;
  }
  return projection;
}

arma::mat project_points(const PlaneProjection& projection, const arma::mat& points) {
  return projection.basis.t() * (points.each_col() - projection.centre);
}

GaussianComponents project_components(const PlaneProjection& projection, const GaussianComponents& components) {
  GaussianComponents plane;
  plane.weights = components.weights;
  for (std::size_t k = 0; k < components.means.size(); ++k) {
    plane.means.push_back(projection.basis.t() * (components.means[k] - projection.centre));
    arma::mat covariance = projection.basis.t() * components.covariances[k] * projection.basis;
    plane.covariances.push_back(0.5 * (covariance + covariance.t()));
  }
  return plane;
}

}  // namespace mixfit::plot
