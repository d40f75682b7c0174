// Numerically stable log-sum-exp over the rows of each column of a K×n matrix.
#pragma once

#include <armadillo>
#include <cmath>
#include <limits>

namespace mixfit {

/// exp(x), returning the 0 it would return for x below the smallest
/// subnormal's logarithm without entering libm's slow underflow path (a far
/// component's responsibility in every E-step hits it).
inline double underflow_safe_exp(double x) { return x < -746.0 ? 0.0 : std::exp(x); }

/// log Σ_k exp(scores(k, j)) for one column, shifted by the column maximum so
/// nothing overflows. A column of all -inf gives -inf.
inline double log_sum_exp(const double* column, arma::uword k_count) {
  double peak = -std::numeric_limits<double>::infinity();
  for (arma::uword k = 0; k < k_count; ++k) peak = std::max(peak, column[k]);
  if (!std::isfinite(peak)) return peak;
  double total = 0.0;
  for (arma::uword k = 0; k < k_count; ++k) total += underflow_safe_exp(column[k] - peak);
  return peak + std::log(total);
}

}  // namespace mixfit
