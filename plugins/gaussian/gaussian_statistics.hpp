// The Gaussian family's statistics layout and the first-moment summary every covariance policy's M-step uses.
#pragma once

#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>

#include <cstddef>
#include <limits>

namespace mixfit {

/// Per component k the family stores, about an anchor a_k (the component's
/// mean when the statistics were accumulated; 0 before the first M-step):
///   [0, D)       sum_dev      S1_k = Σ_n r_nk (x_n − a_k)
///   [D, ...)     the covariance policy's second moment of (x_n − a_k)
/// and a policy may add shared fields (tied: the pooled second moment).
namespace gaussian_layout {
inline constexpr std::size_t kFirstMomentOffset = 0;
inline std::size_t second_moment_offset(std::size_t dimension) { return dimension; }
}  // namespace gaussian_layout

/// What the M-step derives from the counts and first moments, shared by all
/// covariance policies.
struct ComponentMoments {
  arma::vec counts;            ///< N_k = Σ_n r_nk (K)
  arma::vec effective_counts;  ///< N'_k = N_k + 10·eps (K), scikit-learn's guard against empty components
  arma::mat shifts;            ///< δ_k = S1_k / N'_k (D×K): the new mean minus the anchor

  /// Σ_n r (x−μ')(x−μ')ᵀ = S2 − (2N' − N) δδᵀ with μ' = a + δ; this is the
  /// factor (2N' − N)/N' of δδᵀ once divided by N' (1 up to rounding).
  double shift_weight(std::size_t k) const { return 2.0 - counts(k) / effective_counts(k); }
};

/// Reads N_k and S1_k from reduced statistics (scikit-learn _estimate_gaussian_parameters:
/// nk = resp.sum(0) + 10 * finfo(resp.dtype).eps; means = resp.T @ X / nk, here a + S1 / nk).
inline ComponentMoments first_moments(const SufficientStatistics& stats, std::size_t dimension) {
  const std::size_t k_count = stats.num_components();
  ComponentMoments moments;
  moments.counts = stats.counts();
  moments.effective_counts = moments.counts + 10.0 * std::numeric_limits<double>::epsilon();
  moments.shifts.set_size(dimension, k_count);
  for (std::size_t k = 0; k < k_count; ++k)
    moments.shifts.col(k) =
        stats.component_matrix(k, gaussian_layout::kFirstMomentOffset, dimension, 1) / moments.effective_counts(k);
  return moments;
}

}  // namespace mixfit
