// Cholesky factor, its triangular inverse and the log-determinant (scikit-learn _compute_precision_cholesky).
#include "cholesky_factor.hpp"

#include <cmath>

namespace mixfit::detail {

std::optional<CholeskyFactor> factor_covariance(const arma::mat& covariance) {
  CholeskyFactor factor;
  // Symmetrise from the lower triangle so potrf sees exactly the matrix we store.
  const arma::mat symmetric = arma::symmatl(covariance);
  if (!arma::chol(factor.lower, symmetric, "lower")) return std::nullopt;
  const arma::vec pivots = factor.lower.diag();
  if (!pivots.is_finite() || arma::any(pivots <= 0.0)) return std::nullopt;
  // L⁻¹ by a triangular solve against I, as scipy's solve_triangular in scikit-learn.
  const arma::uword d = covariance.n_rows;
  if (!arma::solve(factor.precision_factor, arma::trimatl(factor.lower), arma::eye(d, d), arma::solve_opts::no_approx))
    return std::nullopt;
  factor.precision_factor = arma::trimatl(factor.precision_factor);
  factor.log_det = 2.0 * arma::accu(arma::log(pivots));
  return factor;
}

}  // namespace mixfit::detail
