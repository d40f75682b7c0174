// NearestCentroidKernel: the grouped centroid terms and the four-rows × eight-centroids selection kernel.
#include "mixfit/inference/nearest_centroid_kernel.hpp"

#include "mixfit/math/vector_clones.hpp"
#include "mixfit/math/vector_lanes.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace mixfit {

namespace {

constexpr std::size_t kTileRows = 4;  // rows per tile: 4 × 2 running sums in registers (centroids in groups of 8)
using simd::kGroup, simd::Lanes, simd::load, simd::num_groups;

// The selection over a block, four rows at a time: x' of the tile's rows, then per group of eight centroids
// ‖c'‖² − 2 x'·c' in 4 × 2 vectors, its D multiply-adds in coordinate order; per row and lane the lowest
// value so far and its k (a strict <, so a lane keeps its earliest group on a tie), and at the end the lowest
// k among the lanes holding the row's minimum: ties go to the lowest k.
MIXFIT_VECTOR_CLONES void select_nearest(const double* x, std::size_t d, std::size_t n, const double* shift,
                                         const double* weights, const double* minus_twice,
                                         const double* squared_norms, std::size_t k, arma::uword* nearest) {
  std::vector<double> tile(kTileRows * d);
  const std::size_t groups = num_groups(k);
  for (std::size_t first = 0; first < n; first += kTileRows) {
    const std::size_t rows = std::min(kTileRows, n - first);
    for (std::size_t r = 0; r < kTileRows; ++r) {
      double* out = tile.data() + r * d;
      if (r >= rows) {
        std::fill(out, out + d, 0.0);
        continue;
      }
      const double* row = x + (first + r) * d;
      for (std::size_t i = 0; i < d; ++i) out[i] = (row[i] - shift[i]) * weights[i];
    }
    // Per row and lane, the lowest value so far and its k: a lane keeps its earliest group on a tie (strict <).
    Lanes lowest_low[kTileRows], lowest_high[kTileRows], index_low[kTileRows], index_high[kTileRows];
    for (std::size_t r = 0; r < kTileRows; ++r) {
      const double inf = std::numeric_limits<double>::infinity();
      lowest_low[r] = lowest_high[r] = Lanes{inf, inf, inf, inf};
      index_low[r] = index_high[r] = Lanes{};
    }
    for (std::size_t g = 0; g < groups; ++g) {
      Lanes low[kTileRows], high[kTileRows];
      for (std::size_t r = 0; r < kTileRows; ++r) {
        load(low[r], squared_norms + g * kGroup);
        load(high[r], squared_norms + g * kGroup + 4);
      }
      const double* group_terms = minus_twice + g * d * kGroup;
      for (std::size_t i = 0; i < d; ++i) {
        Lanes m_low, m_high;
        load(m_low, group_terms + i * kGroup);
        load(m_high, group_terms + i * kGroup + 4);
        for (std::size_t r = 0; r < kTileRows; ++r) {
          const double t = tile[r * d + i];
          const Lanes value = {t, t, t, t};
          low[r] += m_low * value;
          high[r] += m_high * value;
        }
      }
      // Vector selects, not branches: which centroid wins is data-dependent and mispredicted half the time.
      const double base = static_cast<double>(g * kGroup);
      const Lanes k_low = {base, base + 1, base + 2, base + 3}, k_high = {base + 4, base + 5, base + 6, base + 7};
      for (std::size_t r = 0; r < kTileRows; ++r) {
        const auto lower_low = low[r] < lowest_low[r];
        const auto lower_high = high[r] < lowest_high[r];
        lowest_low[r] = lower_low ? low[r] : lowest_low[r];
        index_low[r] = lower_low ? k_low : index_low[r];
        lowest_high[r] = lower_high ? high[r] : lowest_high[r];
        index_high[r] = lower_high ? k_high : index_high[r];
      }
    }
    arma::uword best[kTileRows];
    for (std::size_t r = 0; r < kTileRows; ++r) {
      // The lowest over the eight lanes, then the lowest k among the lanes that hold it: the first minimum in
      // k order. In vector minima and selects (a scalar scan of the lanes branched, and mispredicted).
      const Lanes pair_low = lowest_low[r] < lowest_high[r] ? lowest_low[r] : lowest_high[r];
      const double low_half = pair_low[0] < pair_low[1] ? pair_low[0] : pair_low[1];
      const double high_half = pair_low[2] < pair_low[3] ? pair_low[2] : pair_low[3];
      const double value = low_half < high_half ? low_half : high_half;
      const Lanes lowest = {value, value, value, value};
      const double none = std::numeric_limits<double>::infinity();
      const Lanes absent = {none, none, none, none};
      const Lanes at_low = lowest_low[r] == lowest ? index_low[r] : absent;
      const Lanes at_high = lowest_high[r] == lowest ? index_high[r] : absent;
      const Lanes first_k = at_low < at_high ? at_low : at_high;
      const double k_low = first_k[0] < first_k[1] ? first_k[0] : first_k[1];
      const double k_high = first_k[2] < first_k[3] ? first_k[2] : first_k[3];
      best[r] = static_cast<arma::uword>(k_low < k_high ? k_low : k_high);
    }
    for (std::size_t r = 0; r < rows; ++r) nearest[first + r] = best[r];
  }
}

}  // namespace

NearestCentroidKernel::NearestCentroidKernel(const arma::mat& centroids, const arma::vec& column_weights)
    : dimension_(centroids.n_rows), num_centroids_(centroids.n_cols) {
  const std::size_t d = dimension_, k = num_centroids_;
  const arma::vec mean = arma::mean(centroids, 1);
  shift_.assign(mean.begin(), mean.end());
  weights_.assign(d, 1.0);
  if (!column_weights.is_empty()) std::copy(column_weights.begin(), column_weights.end(), weights_.begin());
  minus_twice_.assign(num_groups(k) * d * kGroup, 0.0);
  squared_norms_.assign(num_groups(k) * kGroup, std::numeric_limits<double>::infinity());
  for (std::size_t c = 0; c < k; ++c) {
    const std::size_t g = c / kGroup, lane = c % kGroup;
    double norm = 0.0;
    for (std::size_t i = 0; i < d; ++i) {
      const double scaled = (centroids(i, c) - shift_[i]) * weights_[i];
      minus_twice_[(g * d + i) * kGroup + lane] = -2.0 * scaled;
      norm += scaled * scaled;
    }
    squared_norms_[c] = norm;
  }
}

void NearestCentroidKernel::nearest(const arma::mat& values, arma::uword* nearest) const {
  if (values.n_cols == 0) return;
  select_nearest(values.memptr(), dimension_, values.n_cols, shift_.data(), weights_.data(), minus_twice_.data(),
                 squared_norms_.data(), num_centroids_, nearest);
}

}  // namespace mixfit
