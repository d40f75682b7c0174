// Cholesky factorisation of one covariance matrix into the quantities a Gaussian density needs.
#pragma once

#include <armadillo>

#include <optional>

namespace mixfit::detail {

/// Σ = L Lᵀ with L lower triangular. `precision_factor` = L⁻¹ (scikit-learn's
/// precisions_cholesky, transposed), so (x−μ)ᵀ Σ⁻¹ (x−μ) = ‖L⁻¹ (x−μ)‖².
struct CholeskyFactor {
  arma::mat lower;             ///< L, D×D
  arma::mat precision_factor;  ///< L⁻¹, D×D, lower triangular
  double log_det = 0.0;        ///< log det Σ = 2 Σ_i log L_ii
};

/// Factors a symmetric D×D matrix (only its lower triangle is read). Returns
/// nothing if it is not numerically positive definite (LAPACK potrf fails or
/// a pivot is not a positive finite number).
std::optional<CholeskyFactor> factor_covariance(const arma::mat& covariance);

}  // namespace mixfit::detail
