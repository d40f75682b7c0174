// complete_squared_distances: every row's squared distance to every point, four rows × eight points at a time.
#include "mixfit/inference/k_means.hpp"

#include "mixfit/math/vector_clones.hpp"
#include "mixfit/math/vector_lanes.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace mixfit {

namespace {

constexpr std::size_t kTileRows = 4;  // rows per tile: 4 × 2 running sums in registers (points in groups of 8)
using simd::kGroup, simd::Lanes, simd::load, simd::store, simd::num_groups;

// One group of points (V vectors of four: 1 when the group has at most four) against every row: each
// distance adds its D terms (w_i (x_i − c_i))² in coordinate order from 0, as one chain per pair.
template <std::size_t V, bool Weighted>
[[gnu::always_inline]] inline void group_distances(const double* x, std::size_t d, std::size_t n,
                                                   const double* group_points, const double* weights,
                                                   std::size_t first_point, std::size_t width, std::size_t k,
                                                   double* out) {
  for (std::size_t first = 0; first < n; first += kTileRows) {
    const std::size_t rows = std::min(kTileRows, n - first);
    Lanes sums[kTileRows][V] = {};
    for (std::size_t i = 0; i < d; ++i) {
      Lanes point[V];
      for (std::size_t v = 0; v < V; ++v) load(point[v], group_points + i * kGroup + 4 * v);
      for (std::size_t r = 0; r < kTileRows; ++r) {
        // Rows past the block repeat the last one: computed, never stored.
        const double t = x[(first + std::min(r, rows - 1)) * d + i];
        const Lanes value = {t, t, t, t};
        for (std::size_t v = 0; v < V; ++v) {
          Lanes difference = value - point[v];
          if constexpr (Weighted) difference *= weights[i];
          sums[r][v] += difference * difference;
        }
      }
    }
    for (std::size_t r = 0; r < rows; ++r) {
      double lanes[4 * V];
      for (std::size_t v = 0; v < V; ++v) store(lanes + 4 * v, sums[r][v]);
      std::memcpy(out + (first + r) * k + first_point, lanes, width * sizeof(double));
    }
  }
}

MIXFIT_VECTOR_CLONES void tiled_squared_distances(const double* x, std::size_t d, std::size_t n,
                                                  const double* grouped_points, const double* weights,
                                                  std::size_t k, double* out) {
  for (std::size_t g = 0; g < num_groups(k); ++g) {
    const double* group_points = grouped_points + g * d * kGroup;
    const std::size_t width = std::min(kGroup, k - g * kGroup);
    // Spelled out: a generic lambda would be compiled for the baseline in both clones.
    if (width <= 4) {
      if (weights) group_distances<1, true>(x, d, n, group_points, weights, g * kGroup, width, k, out);
      else group_distances<1, false>(x, d, n, group_points, weights, g * kGroup, width, k, out);
    } else {
      if (weights) group_distances<2, true>(x, d, n, group_points, weights, g * kGroup, width, k, out);
      else group_distances<2, false>(x, d, n, group_points, weights, g * kGroup, width, k, out);
    }
  }
}

}  // namespace

void complete_squared_distances(const arma::mat& values, const arma::mat& points, arma::mat& distances,
                                const arma::vec& column_weights) {
  const std::size_t d = values.n_rows, k = points.n_cols;
  distances.set_size(k, values.n_cols);
  if (values.n_cols == 0 || k == 0) return;
  // The points grouped eight to a vector pair per coordinate: [group][i][8], 0 past K.
  std::vector<double> grouped(num_groups(k) * d * kGroup, 0.0);
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t i = 0; i < d; ++i) grouped[((c / kGroup) * d + i) * kGroup + c % kGroup] = points(i, c);
  tiled_squared_distances(values.memptr(), d, values.n_cols, grouped.data(),
                          column_weights.is_empty() ? nullptr : column_weights.memptr(), k, distances.memptr());
}

}  // namespace mixfit
