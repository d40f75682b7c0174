// NearestCentroidKernel: each row's nearest centroid by the expansion ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖², its
// cross products computed four rows × eight centroids at a time in registers.
#pragma once

#include <armadillo>

#include <cstddef>
#include <vector>

namespace mixfit {

/// The K centroids (D×K, no missing coordinate) as the kernel reads them, built once per Lloyd pass.
/// Rows and centroids are shifted by s, the centroids' mean, before the products, so the expansion's
/// rounding follows the spread of the centroids rather than their distance from the origin; with column
/// weights w every coordinate is scaled by w_i first, as the weighted distance Σ_i (w_i (x_i − c_i))² asks.
class NearestCentroidKernel {
 public:
  /// `column_weights` empty: every coordinate weighs 1.
  NearestCentroidKernel(const arma::mat& centroids, const arma::vec& column_weights);

  /// nearest[j] = argmin_k ‖c'_k‖² − 2 x'_j·c'_k over the n columns of `values` (D×n), x' = w∘(x − s),
  /// c' = w∘(c − s); ties go to the lowest k. Each row's choice depends on that row alone.
  void nearest(const arma::mat& values, arma::uword* nearest) const;

 private:
  std::size_t dimension_ = 0;
  std::size_t num_centroids_ = 0;
  std::vector<double> shift_;            ///< s, D values
  std::vector<double> weights_;          ///< w, D values (1 without column weights)
  std::vector<double> minus_twice_;      ///< −2 c'_ik laid out [group][i][8], 0 past K
  std::vector<double> squared_norms_;    ///< ‖c'_k‖² laid out [group][8], +inf past K
};

}  // namespace mixfit
