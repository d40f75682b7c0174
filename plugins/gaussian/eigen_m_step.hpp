// The maximum-likelihood M-step of each of mclust's parsimonious covariance models, from the components' scatter.
#pragma once

#include "eigen_model.hpp"

#include <armadillo>

namespace mixfit {

/// What every model's M-step reads: per component the weight n_k and the
/// scatter W_k = Σ_i z_ik (x_i − μ_k)(x_i − μ_k)ᵀ about the new mean.
/// Diagonal models read diag(W_k) only.
struct ComponentScatter {
  arma::vec counts;     ///< n_k, K
  arma::cube scatter;   ///< W_k, D×D×K (empty for a diagonal model)
  arma::mat diagonals;  ///< diag(W_k), D×K
};

/// The decomposition maximising Σ_k [n_k log|Σ_k| + tr(W_k Σ_k⁻¹)] under the
/// model's constraints (Celeux & Govaert 1995, Table 1 and §3), computed as
/// mclust 6.0.0 computes it so the numbers are the same:
///   closed forms for EII, EEI, EVI, EEV, EVV (eigenvalues in decreasing order);
///   the fixed-point iterations of VEI, VEV and VEE, and the MM iterations of
///   EVE and VVE (Browne & McNicholas 2014), warm-started from `previous`
///   (the current parameters; mclust keeps them across EM iterations) where
///   mclust does, and cold-started (A = I, λ = 1, D = I) without them.
/// Orientations are returned in one canonical form (eigen_m_step.cpp, canonicalise): the largest entry of
/// each axis positive, a common orientation's axes ordered by the first component's shape.
/// Throws NumericalError naming the model when a volume or shape is not a
/// positive finite number (a component has collapsed).
EigenDecomposition fit_eigen_model(const EigenModel& model, const ComponentScatter& scatter,
                                   const EigenDecomposition* previous, const EigenIterationControl& control);

/// The next parameters of a policy now holding `current`: its model and control, the decomposition fitted
/// to `scatter`, warm-started from the current decomposition when there is one.
EigenCovarianceParameters refit(const EigenCovarianceParameters& current, const ComponentScatter& scatter);

namespace detail {

/// gm(v) = (Π v_j)^(1/D), so v / gm(v) has product 1.
double geometric_mean(const arma::vec& values);
/// |old − new| / (1 + new), the largest over both vectors (mclust's inner-loop change).
double relative_change(const arma::vec& old_values, const arma::vec& new_values);
/// Eigenvalues in decreasing order with their eigenvectors as columns, the order mclust's dgesvd gives.
void decreasing_eigen(const arma::mat& scatter, arma::vec& values, arma::mat& vectors);
/// A decomposition of K components in D dimensions, its orientations allocated when `oriented`.
EigenDecomposition with_size(std::size_t dimension, std::size_t num_components, bool oriented);
/// VEI's fixed point (mclust mevei, meveip): λ_k = Σ_j w_jk/a_j / divisor_k, then a_j ∝ Σ_k w_jk/λ_k with
/// gm(a) = 1, from `shape` and `volumes` until their relative change falls below control's tolerance.
/// `scatter`: each component's diagonal scatter (D×K); without a prior divisor_k = D n_k.
void varying_volume_fixed_point(const arma::mat& scatter, const arma::vec& divisors, arma::vec& shape,
                                arma::vec& volumes, const EigenIterationControl& control);
/// VEV's fixed point (mclust mevev, mevevp): λ_k = Σ_j ω_kj/a_j / (D n_k), then a_j ∝ Σ_k ω_kj/λ_k with
/// gm(a) = 1, from `shape` and `volumes` until their relative change falls below control's tolerance.
/// `omega`: each component's scatter eigenvalues, decreasing (D×K).
void varying_orientation_fixed_point(const arma::mat& omega, const arma::vec& counts, arma::vec& shape,
                                     arma::vec& volumes, const EigenIterationControl& control);
/// Throws SingularComponentError naming the first component whose volume or shape is not a positive finite
/// number, then puts the orientations in their canonical form (fit_eigen_model's last step).
void finish_decomposition(const EigenModel& model, EigenDecomposition& parts);

}  // namespace detail

}  // namespace mixfit
