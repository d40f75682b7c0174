// Full-covariance kernels: BLAS-3 triangular routines (TRMM, SYRK) and the
// loops around them, the latter built for x86-64-v3 and the baseline (chosen
// at run time, like mixfit's exp and log; see mixfit/math/vector_math.hpp).
#pragma once

#include <armadillo>

namespace mixfit::detail {

/// In place, y ← L y for the lower-triangular L (D×D) and every column of y
/// (D×n): half the flops of a dense product, one BLAS call (dtrmm).
void lower_triangular_times(const arma::mat& lower, arma::mat& y);

/// out(:, j) = x(:, j) − mean for every column (out already D×n).
void subtract_from_columns(const arma::mat& x, const double* mean, arma::mat& out);

/// scores[j·stride] = −½(constant + ‖z(:, j)‖²) for every column j of z: the
/// log densities from whitened deviations, into row k of a K×n score matrix.
void write_log_densities(const arma::mat& z, double constant, double* scores, std::size_t stride);

/// write_log_densities, then z(:, j) = x(:, j) − next_mean in the same pass
/// (the next component's centred block, while each column is in cache).
void write_log_densities_and_centre(arma::mat& z, double constant, double* scores, std::size_t stride,
                                    const arma::mat& x, const double* next_mean);

/// second ← second + Y Yᵀ (D×D, both triangles), Y D×n: dsyrk computes the
/// lower triangle (half the flops of a general product), which is mirrored.
void add_outer_products(const arma::mat& y, arma::mat& second);

}  // namespace mixfit::detail
