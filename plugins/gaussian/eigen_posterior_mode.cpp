// MAP M-steps of EII, EEI, VEI, EVI, EEV and VEV, each as mclust 6.0.0's me() computes it (src/mclust.f, me<model>p).
//
// Notation as eigen_m_step.cpp, and with the prior (κ, μ_P, ν, Λ_P):
// c_k = κn_k/(κ + n_k), d_k = x̄_k − μ_P, m_k = (n_k x̄_k + κμ_P)/(n_k + κ),
// P_k = Λ_P + W_k + c_k d_k d_kᵀ (diagonal models: its diagonal, Λ_P one
// number), δ = 1 when κ > 0 (a prior on the means) and 0 otherwise.
//
// Fraley & Raftery (2007) derive the posterior mode for the models whose
// covariance is unconstrained within its pattern (VVV, EEE, VVI, VII, here
// gaussian_family_posterior_mode.cpp). For the constrained ones mclust puts
// P_k in place of W_k and divides each volume by a count that adds the
// prior's degrees of freedom; the counts follow no one rule, and three
// routines leave part of the prior out. Both are reproduced here so that
// mixfit's numbers are mclust's:
//   meeiip (EII) never adds Λ_P;
//   meeeip (EEI) leaves the means at x̄_k (its scatter still has the c_k term);
//   mevevp (VEV) does not use ν: the volumes' counts are n_k, as without a prior.
// (mclust's single M-step routines ms<model>p, behind its mstep(), differ again
// for EII, EEI and EEV; me() and Mclust() do not call them.)
#include "eigen_posterior_mode.hpp"

#include "mixfit/core/error.hpp"

#include <string>

namespace mixfit {
namespace {

using detail::decreasing_eigen;
using detail::geometric_mean;
using detail::relative_change;
using detail::with_size;

/// What every model reads: the counts, c_k, d_k and the shrunk means m_k.
struct Shrinkage {
  arma::vec counts;     ///< n_k
  arma::vec weights;    ///< c_k = κn_k/(κ + n_k)
  arma::mat offsets;    ///< d_k = x̄_k − μ_P, D×K
  arma::mat means;      ///< m_k, D×K
  double has_mean_prior = 0.0;  ///< δ: 1 when κ > 0
};

Shrinkage shrinkage_of(const ComponentScatter& s, const arma::mat& sample_means, const EigenPrior& prior,
                       double kappa) {
  Shrinkage out;
  out.counts = s.counts;
  out.weights = kappa * s.counts / (kappa + s.counts);
  out.offsets = sample_means.each_col() - prior.mean;
  out.means = sample_means;
  for (arma::uword k = 0; k < s.counts.n_elem; ++k)
    out.means.col(k) = (s.counts(k) * sample_means.col(k) + kappa * prior.mean) / (s.counts(k) + kappa);
  out.has_mean_prior = kappa > 0.0 ? 1.0 : 0.0;
  return out;
}

/// diag(P_k) = Λ_P + diag(W_k) + c_k d_k ∘ d_k, D×K (mclust msveip, msevip).
arma::mat diagonal_posterior_scatter(const ComponentScatter& s, const Shrinkage& m, double scale) {
  arma::mat p = s.diagonals + scale;
  for (arma::uword k = 0; k < p.n_cols; ++k) p.col(k) += m.weights(k) * arma::square(m.offsets.col(k));
  return p;
}

EigenPosteriorMode fit_diagonal(const EigenModel& model, const ComponentScatter& s, const arma::mat& sample_means,
                                const EigenPrior& prior, const EigenDecomposition* previous,
                                const EigenIterationControl& control) {
  const std::size_t d = s.diagonals.n_rows;
  const std::size_t k_count = s.diagonals.n_cols;
  const double dd = static_cast<double>(d);
  const double kk = static_cast<double>(k_count);
  const double n = arma::accu(s.counts);
  const double nu = prior.degrees_of_freedom;
  const double scale = prior.scale(0, 0);
  const Shrinkage m = shrinkage_of(s, sample_means, prior, prior.shrinkage);
  EigenPosteriorMode mode{m.means, with_size(d, k_count, false)};
  EigenDecomposition& parts = mode.decomposition;
  const std::string name = model.name();
  if (name == "EII") {
    // meeiip: σ² = Σ_k [tr W_k + c_k‖d_k‖²] / (ν + (n + K)D + 2), without Λ_P
    double total = 0.0;
    for (std::size_t k = 0; k < k_count; ++k)
      total += arma::accu(s.diagonals.col(k)) + m.weights(k) * arma::dot(m.offsets.col(k), m.offsets.col(k));
    parts.volumes.fill(total / (nu + (n + kk) * dd + 2.0));
    parts.shapes.ones();
  } else if (name == "EEI") {
    // meeeip: B = Λ_P + Σ_k (diag W_k + c_k d_k ∘ d_k), λ = gm(B) / (ν + n + 1 + δ), means x̄_k
    const arma::vec pooled = arma::sum(diagonal_posterior_scatter(s, m, 0.0), 1) + scale;
    const double gm = geometric_mean(pooled);
    parts.volumes.fill(gm / (nu + n + 1.0 + m.has_mean_prior));
    parts.shapes.each_col() = pooled / gm;
    mode.means = sample_means;
  } else if (name == "EVI") {
    // meevip: A_k = diag(P_k) / gm_k, λ = Σ_k gm_k / (ν + n + 1 + δ)
    const arma::mat p = diagonal_posterior_scatter(s, m, scale);
    double total = 0.0;
    for (std::size_t k = 0; k < k_count; ++k) {
      const double gm = geometric_mean(p.col(k));
      parts.shapes.col(k) = p.col(k) / gm;
      total += gm;
    }
    parts.volumes.fill(total / (nu + n + 1.0 + m.has_mean_prior));
  } else if (name == "VEI") {
    // meveip, from the previous λ and A (λ = 1, A = I at the start): λ_k = Σ_j P_kj/a_j / (ν + Dn_k + 2 + δ),
    // then a_j ∝ Σ_k P_kj/λ_k with gm(a) = 1
    const arma::mat p = diagonal_posterior_scatter(s, m, scale);
    arma::vec shape = previous ? arma::vec(previous->shapes.col(0)) : arma::vec(d, arma::fill::ones);
    arma::vec volumes = previous ? previous->volumes : arma::vec(k_count, arma::fill::ones);
    detail::varying_volume_fixed_point(p, nu + dd * s.counts + 2.0 + m.has_mean_prior, shape, volumes, control);
    parts.volumes = volumes;
    parts.shapes.each_col() = shape;
  } else {
    throw Error("fit_eigen_model_map: mclust has no prior for the " + name + " model");
  }
  return mode;
}

EigenPosteriorMode fit_varying_orientation(const EigenModel& model, const ComponentScatter& s,
                                           const arma::mat& sample_means, const EigenPrior& prior,
                                           const EigenDecomposition* previous, const EigenIterationControl& control) {
  const std::size_t d = s.scatter.n_rows;
  const std::size_t k_count = s.scatter.n_slices;
  const double dd = static_cast<double>(d);
  const double n = arma::accu(s.counts);
  const std::string name = model.name();
  const bool equal_volume = name == "EEV";
  if (!equal_volume && name != "VEV")
    throw Error("fit_eigen_model_map: mclust has no prior for the " + name + " model");
  const Shrinkage m = shrinkage_of(s, sample_means, prior, prior.shrinkage);
  EigenPosteriorMode mode{m.means, with_size(d, k_count, true)};
  EigenDecomposition& parts = mode.decomposition;
  arma::mat omega(d, k_count);  // the eigenvalues of P_k, decreasing; D_k its eigenvectors
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::mat p = prior.scale + s.scatter.slice(k) + m.weights(k) * m.offsets.col(k) * m.offsets.col(k).t();
    arma::vec values;
    arma::mat vectors;
    decreasing_eigen(p, values, vectors);
    omega.col(k) = values;
    parts.orientations.slice(k) = vectors;
  }
  arma::vec shape = arma::sum(omega, 1);
  const double gm = geometric_mean(shape);
  shape /= gm;
  if (equal_volume) {
    // meeevp: A = Σ_k Ω_k / gm, λ = gm / (ν + n + D + 1 + δ)
    parts.volumes.fill(gm / (prior.degrees_of_freedom + n + dd + 1.0 + m.has_mean_prior));
    parts.shapes.each_col() = shape;
    return mode;
  }
  // mevevp, from the previous λ and A (at the start A ∝ Σ_k Ω_k and λ_k = gm/n_k):
  // λ_k = Σ_j ω_kj/a_j / (D n_k), a_j ∝ Σ_k ω_kj/λ_k with gm(a) = 1
  arma::vec volumes = gm / s.counts;
  if (previous) {
    shape = previous->shapes.col(0);
    volumes = previous->volumes;
  }
  detail::varying_orientation_fixed_point(omega, s.counts, shape, volumes, control);
  parts.volumes = volumes;
  parts.shapes.each_col() = shape;
  return mode;
}

}  // namespace

bool has_mclust_prior(const EigenModel& model) {
  const std::string name = model.name();
  return name != "EVE" && name != "VEE" && name != "VVE" && name != "EVV";
}

EigenPosteriorMode fit_eigen_model_map(const EigenModel& model, const ComponentScatter& scatter,
                                       const arma::mat& sample_means, const EigenPrior& prior,
                                       const EigenDecomposition* previous, const EigenIterationControl& control) {
  EigenPosteriorMode mode =
      model.diagonal() ? fit_diagonal(model, scatter, sample_means, prior, previous, control)
                       : fit_varying_orientation(model, scatter, sample_means, prior, previous, control);
  detail::finish_decomposition(model, mode.decomposition);
  return mode;
}

}  // namespace mixfit
