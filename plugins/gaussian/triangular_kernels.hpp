// Full-covariance kernels on BLAS-3 triangular routines (TRMM, SYRK).
#pragma once

#include <armadillo>

namespace mixfit::detail {

/// In place, y ← L y for the lower-triangular L (D×D) and every column of y
/// (D×n): half the flops of a dense product, one BLAS call (dtrmm).
void lower_triangular_times(const arma::mat& lower, arma::mat& y);

/// second ← second + Y Yᵀ (D×D, both triangles), Y D×n: dsyrk computes the
/// lower triangle (half the flops of a general product), which is mirrored.
void add_outer_products(const arma::mat& y, arma::mat& second);

}  // namespace mixfit::detail
