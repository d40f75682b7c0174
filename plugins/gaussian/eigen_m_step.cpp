// M-steps of the parsimonious Gaussian models, each written as mclust 6.0.0 computes it (src/mclust.f, mclustaddson.f).
//
// Notation: n_k the component weights, n = Σ n_k, W_k the scatter about the
// new means, ω_k the eigenvalues of W_k in decreasing order with
// eigenvectors U_k, gm(v) = (Π v_j)^(1/D) the geometric mean, so a / gm(a)
// has product 1. Σ_k = λ_k D_k diag(a_k) D_kᵀ.
#include "eigen_m_step.hpp"

#include "mixfit/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace mixfit {
namespace {

using detail::decreasing_eigen;
using detail::geometric_mean;
using detail::relative_change;
using detail::with_size;

constexpr double kLargeTarget = std::numeric_limits<double>::max() / 2.0;  // mclust's FLMAX/2: no previous target

EigenDecomposition fit_diagonal(const EigenModel& model, const ComponentScatter& s, const EigenDecomposition* previous,
                                const EigenIterationControl& control) {
  const arma::mat& w = s.diagonals;  // diag(W_k), D×K
  const std::size_t d = w.n_rows;
  const std::size_t k_count = w.n_cols;
  const double n = arma::accu(s.counts);
  const double dd = static_cast<double>(d);
  EigenDecomposition parts = with_size(d, k_count, false);
  const std::string name = model.name();
  if (name == "EII") {
    // λ = tr(Σ_k W_k) / (n D), A = I
    parts.volumes.fill(arma::accu(w) / (n * dd));
    parts.shapes.ones();
  } else if (name == "EEI") {
    // A = diag(Σ_k W_k) / gm, λ = gm / n
    const arma::vec pooled = arma::sum(w, 1);
    const double gm = geometric_mean(pooled);
    parts.volumes.fill(gm / n);
    parts.shapes.each_col() = pooled / gm;
  } else if (name == "EVI") {
    // A_k = diag(W_k) / gm_k, λ = Σ_k gm_k / n
    double total = 0.0;
    for (std::size_t k = 0; k < k_count; ++k) {
      const double gm = geometric_mean(w.col(k));
      parts.shapes.col(k) = w.col(k) / gm;
      total += gm;
    }
    parts.volumes.fill(total / n);
  } else if (name == "VEI") {
    // Fixed point (mclust mevei): λ_k = Σ_j w_jk/a_j / (D n_k), then a_j ∝ Σ_k w_jk/λ_k with gm(a) = 1,
    // from the previous iteration's λ and A (A = I, λ = 1 at the start).
    arma::vec shape = previous ? arma::vec(previous->shapes.col(0)) : arma::vec(arma::ones(d));
    arma::vec scale = previous ? previous->volumes : arma::vec(arma::ones(k_count));
    detail::varying_volume_fixed_point(w, dd * s.counts, shape, scale, control);
    parts.volumes = scale;
    parts.shapes.each_col() = shape;
  } else {
    throw Error("fit_eigen_model: " + name + " is not a diagonal model this M-step handles");
  }
  return parts;
}

// --- models with an orientation: Σ_k = λ_k D_k diag(a_k) D_kᵀ ---

/// EVE and VVE (mclust meeve, mevve): the MM iterations of Browne & McNicholas (2014) for the common
/// orientation, O = Dᵀ, warm-started from the previous O and shapes (O = I, A = I at the start).
EigenDecomposition fit_common_orientation(const EigenModel& model, const ComponentScatter& s,
                                          const EigenDecomposition* previous, const EigenIterationControl& control) {
  const arma::cube& w = s.scatter;
  const std::size_t d = w.n_rows;
  const std::size_t k_count = w.n_slices;
  const double n = arma::accu(s.counts);
  const bool varying_volume = model.volume == 'V';
  arma::mat o = previous ? arma::mat(previous->orientations.slice(0).t()) : arma::mat(arma::eye(d, d));
  arma::mat shapes = previous ? previous->shapes : arma::mat(arma::ones(d, k_count));
  arma::vec scales(k_count, arma::fill::ones);
  arma::vec largest(k_count);  // ω_k1, the largest eigenvalue of W_k (the MM bound's constant)
  for (std::size_t k = 0; k < k_count; ++k) largest(k) = arma::max(arma::eig_sym(arma::symmatl(w.slice(k))));

  double target = 0.0;
  double previous_target = kLargeTarget;
  arma::mat u, v;
  arma::vec singular;
  for (std::size_t inner = 1;; ++inner) {
    // First half-step: F = Σ_k A_k⁻¹ O W_k − ω_k A_k⁻¹ O, O ← (P Rᵀ)ᵀ for F = P S Rᵀ.
    arma::mat f(d, d, arma::fill::zeros);
    for (std::size_t k = 0; k < k_count; ++k) {
      const arma::mat scaled = arma::diagmat(1.0 / shapes.col(k)) * o;
      f += scaled * w.slice(k) - largest(k) * scaled;
    }
    if (!arma::svd(u, singular, v, f)) throw NumericalError(model.name() + " M-step: an SVD of the MM step failed");
    o = (u * v.t()).t();
    // Second half-step: F = Σ_k W_k O A_k⁻¹ − max_j(1/a_kj) W_k O.
    f.zeros();
    for (std::size_t k = 0; k < k_count; ++k) {
      const arma::mat wo = w.slice(k) * o;
      f += wo * arma::diagmat(1.0 / shapes.col(k)) - arma::max(1.0 / shapes.col(k)) * wo;
    }
    if (!arma::svd(u, singular, v, f)) throw NumericalError(model.name() + " M-step: an SVD of the MM step failed");
    o = (u * v.t()).t();
    // a_k ∝ diag(O W_k Oᵀ) (VVE: over n_k, whose gm is λ_k); the target Σ_k Σ_j (O W_k Oᵀ)_jj / a_kj.
    target = 0.0;
    for (std::size_t k = 0; k < k_count; ++k) {
      const arma::vec diagonal = arma::sum((o * w.slice(k)) % o, 1);
      arma::vec shape = varying_volume ? arma::vec(diagonal / s.counts(k)) : diagonal;
      const double gm = geometric_mean(shape);
      if (varying_volume) scales(k) = gm;
      shape /= gm;
      shapes.col(k) = shape;
      target += arma::accu(diagonal / shape);
    }
    const double change = std::abs(target - previous_target) / (1.0 + std::abs(target));
    previous_target = target;
    if (!(change > control.tolerance) || inner >= control.max_iterations) break;
  }
  EigenDecomposition parts = with_size(d, k_count, true);
  parts.volumes = varying_volume ? scales : arma::vec(k_count, arma::fill::value(target / (n * static_cast<double>(d))));
  parts.shapes = shapes;
  parts.orientations.each_slice() = o.t();
  return parts;
}

/// VEE (mclust mevee): Σ_k = λ_k C with det C = 1, iterated from λ = 1 in every M-step:
/// C ∝ Σ_k W_k / λ_k, λ_k = tr(W_k C⁻¹) / (D n_k), until D Σ n_k (1 + log λ_k) settles.
EigenDecomposition fit_equal_shape_orientation(const ComponentScatter& s, const EigenIterationControl& control) {
  const arma::cube& w = s.scatter;
  const std::size_t d = w.n_rows;
  const std::size_t k_count = w.n_slices;
  const double dd = static_cast<double>(d);
  arma::vec scales(k_count, arma::fill::ones);
  arma::vec values;
  arma::mat vectors;
  double previous_target = kLargeTarget;
  for (std::size_t inner = 1;; ++inner) {
    arma::mat c(d, d, arma::fill::zeros);
    for (std::size_t k = 0; k < k_count; ++k) c += w.slice(k) / scales(k);
    decreasing_eigen(c, values, vectors);
    const double gm = geometric_mean(values);
    c /= gm;
    values /= gm;
    arma::mat c_inverse;
    if (!arma::inv_sympd(c_inverse, arma::symmatl(c)))
      throw NumericalError("VEE M-step: the common shape-orientation matrix is not positive definite");
    for (std::size_t k = 0; k < k_count; ++k) scales(k) = arma::accu(w.slice(k) % c_inverse) / (dd * s.counts(k));
    const double target = dd * arma::accu(s.counts) + dd * arma::accu(arma::log(scales) % s.counts);
    const double change = std::abs(target - previous_target) / (1.0 + std::abs(target));
    previous_target = target;
    if (!(change > control.tolerance) || inner >= control.max_iterations) break;
  }
  EigenDecomposition parts = with_size(d, k_count, true);
  parts.volumes = scales;
  parts.shapes.each_col() = values;
  parts.orientations.each_slice() = vectors;
  return parts;
}

/// EEV, VEV, EVV: D_k = U_k, the eigenvectors of W_k; shapes and volumes from the eigenvalues.
EigenDecomposition fit_varying_orientation(const EigenModel& model, const ComponentScatter& s,
                                           const EigenDecomposition* previous, const EigenIterationControl& control) {
  const arma::cube& w = s.scatter;
  const std::size_t d = w.n_rows;
  const std::size_t k_count = w.n_slices;
  const double n = arma::accu(s.counts);
  EigenDecomposition parts = with_size(d, k_count, true);
  arma::mat omega(d, k_count);  // ω_k, decreasing
  for (std::size_t k = 0; k < k_count; ++k) {
    arma::vec values;
    arma::mat vectors;
    decreasing_eigen(w.slice(k), values, vectors);
    omega.col(k) = values;
    parts.orientations.slice(k) = vectors;
  }
  const std::string name = model.name();
  if (name == "EEV") {
    // A = Σ_k Ω_k / gm, λ = gm / n
    const arma::vec pooled = arma::sum(omega, 1);
    const double gm = geometric_mean(pooled);
    parts.shapes.each_col() = pooled / gm;
    parts.volumes.fill(gm / n);
  } else if (name == "EVV") {
    // A_k = Ω_k / gm_k (gm_k = det(W_k)^(1/D)), λ = Σ_k gm_k / n
    double total = 0.0;
    for (std::size_t k = 0; k < k_count; ++k) {
      const double gm = geometric_mean(omega.col(k));
      parts.shapes.col(k) = omega.col(k) / gm;
      total += gm;
    }
    parts.volumes.fill(total / n);
  } else if (name == "VEV") {
    // Fixed point (mclust mevev): λ_k = Σ_j ω_kj/a_j / (D n_k), a_j ∝ Σ_k ω_kj/λ_k with gm(a) = 1; the first
    // M-step starts from A ∝ Σ_k Ω_k and λ_k = gm/n, later ones from the previous λ and A.
    arma::vec shape(d);
    arma::vec scale(k_count);
    if (previous) {
      shape = previous->shapes.col(0);
      scale = previous->volumes;
    } else {
      shape = arma::sum(omega, 1);
      const double gm = geometric_mean(shape);
      scale.fill(gm / n);
      shape /= gm;
    }
    detail::varying_orientation_fixed_point(omega, s.counts, shape, scale, control);
    parts.shapes.each_col() = shape;
    parts.volumes = scale;
  } else {
    throw Error("fit_eigen_model: " + name + " is not a varying-orientation model this M-step handles");
  }
  return parts;
}

}  // namespace

namespace detail {

double geometric_mean(const arma::vec& values) { return std::exp(arma::mean(arma::log(values))); }

double relative_change(const arma::vec& old_values, const arma::vec& new_values) {
  return arma::max(arma::abs(old_values - new_values) / (1.0 + new_values));
}

void decreasing_eigen(const arma::mat& scatter, arma::vec& values, arma::mat& vectors) {
  arma::vec ascending;
  arma::mat ascending_vectors;
  if (!arma::eig_sym(ascending, ascending_vectors, arma::symmatl(scatter)))
    throw NumericalError("the eigendecomposition of a component's scatter failed");
  values = arma::reverse(ascending);
  vectors = arma::fliplr(ascending_vectors);
}

EigenDecomposition with_size(std::size_t d, std::size_t k_count, bool oriented) {
  EigenDecomposition parts;
  parts.volumes.set_size(k_count);
  parts.shapes.set_size(d, k_count);
  if (oriented) parts.orientations.set_size(d, d, k_count);
  return parts;
}

/// One representative of the decompositions that give the same Σ_k, so that model.yaml does not depend on
/// the signs an eigensolver or SVD happens to return: each orientation column's largest entry positive
/// and, for a common orientation, its axes in decreasing order of the first component's shape (a varying
/// orientation's axes are already in decreasing order of their eigenvalues, as mclust has them).
void canonicalise(const EigenModel& model, EigenDecomposition& parts) {
  if (parts.orientations.is_empty()) return;
  if (model.orientation == 'E' && model.shape == 'V') {
    const arma::uvec order = arma::sort_index(parts.shapes.col(0), "descend");
    parts.shapes = parts.shapes.rows(order);
    for (arma::uword k = 0; k < parts.orientations.n_slices; ++k)
      parts.orientations.slice(k) = arma::mat(parts.orientations.slice(k)).cols(order);
  }
  for (arma::uword k = 0; k < parts.orientations.n_slices; ++k) {
    arma::mat& d = parts.orientations.slice(k);
    for (arma::uword j = 0; j < d.n_cols; ++j)
      if (d(arma::index_max(arma::abs(d.col(j))), j) < 0.0) d.col(j) *= -1.0;
  }
}

void check_positive(const EigenModel& model, const EigenDecomposition& parts) {
  for (std::size_t k = 0; k < parts.num_components(); ++k) {
    if (!std::isfinite(parts.volumes(k)) || !(parts.volumes(k) > 0.0) || !parts.shapes.col(k).is_finite() ||
        arma::any(parts.shapes.col(k) <= 0.0))
      throw SingularComponentError(k, "component " + std::to_string(k) + ": the " + model.name() +
                                          " M-step left a volume or shape that is not a positive finite number");
  }
}

void varying_volume_fixed_point(const arma::mat& scatter, const arma::vec& divisors, arma::vec& shape,
                                 arma::vec& volumes, const EigenIterationControl& control) {
  for (std::size_t inner = 1;; ++inner) {
    const arma::vec old_volumes = volumes;
    for (arma::uword k = 0; k < scatter.n_cols; ++k) volumes(k) = arma::accu(scatter.col(k) / shape) / divisors(k);
    const arma::vec old_shape = shape;
    shape.zeros();
    for (arma::uword k = 0; k < scatter.n_cols; ++k) shape += scatter.col(k) / volumes(k);
    shape /= geometric_mean(shape);
    const double change = std::max(relative_change(old_volumes, volumes), relative_change(old_shape, shape));
    if (!(change > control.tolerance) || inner >= control.max_iterations) break;
  }
}

void varying_orientation_fixed_point(const arma::mat& omega, const arma::vec& counts, arma::vec& shape,
                                     arma::vec& volumes, const EigenIterationControl& control) {
  const double dd = static_cast<double>(omega.n_rows);
  for (std::size_t inner = 1;; ++inner) {
    const arma::vec old_shape = shape;
    const arma::vec old_volumes = volumes;
    shape.zeros();
    for (arma::uword k = 0; k < omega.n_cols; ++k) {
      volumes(k) = arma::accu(omega.col(k) / old_shape) / (counts(k) * dd);
      shape += omega.col(k) / volumes(k);
    }
    shape /= geometric_mean(shape);
    const double change = std::max(relative_change(old_shape, shape), relative_change(old_volumes, volumes));
    if (!(change >= control.tolerance) || inner >= control.max_iterations) break;
  }
}

void finish_decomposition(const EigenModel& model, EigenDecomposition& parts) {
  check_positive(model, parts);
  canonicalise(model, parts);
}

}  // namespace detail

EigenDecomposition fit_eigen_model(const EigenModel& model, const ComponentScatter& scatter,
                                   const EigenDecomposition* previous, const EigenIterationControl& control) {
  EigenDecomposition parts;
  if (model.diagonal()) {
    parts = fit_diagonal(model, scatter, previous, control);
  } else if (model.orientation == 'E' && model.shape == 'E') {
    parts = fit_equal_shape_orientation(scatter, control);
  } else if (model.orientation == 'E') {
    parts = fit_common_orientation(model, scatter, previous, control);
  } else {
    parts = fit_varying_orientation(model, scatter, previous, control);
  }
  detail::finish_decomposition(model, parts);
  return parts;
}

EigenCovarianceParameters refit(const EigenCovarianceParameters& current, const ComponentScatter& scatter) {
  const bool warm = !current.decomposition.volumes.is_empty();
  EigenCovarianceParameters next = current;
  next.decomposition =
      fit_eigen_model(current.model, scatter, warm ? &current.decomposition : nullptr, current.control);
  return next;
}

}  // namespace mixfit
