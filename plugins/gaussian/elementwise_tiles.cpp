// Register-blocked kernels: four rows × eight components per step, the deviations of a row computed once.
//
// The expanded diagonal log-density and moments are matrix products with K = 8 on
// one side and 2D + 1 features on the other: too thin for a BLAS GEMM to pay for
// building and packing the feature matrix (H diag spent two thirds of its time
// there). These kernels keep 4×8 accumulators in registers and broadcast each
// deviation and its square straight from a four-row tile.
#include "elementwise_tiles.hpp"

#include "mixfit/math/vector_clones.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace mixfit::detail {

namespace {

/// Four doubles: one AVX2 register in the x86-64-v3 clone, two SSE2 registers in the baseline.
using Lanes = double __attribute__((vector_size(4 * sizeof(double))));
constexpr std::size_t kTileRows = 4;

inline Lanes broadcast(double value) { return Lanes{value, value, value, value}; }

inline Lanes load(const double* from) {
  Lanes lanes;
  std::memcpy(&lanes, from, sizeof lanes);
  return lanes;
}

inline void store(double* to, Lanes lanes) { std::memcpy(to, &lanes, sizeof lanes); }

/// deviation[r·D + i] = x_i,first+r − shift_i and square = deviation² for the
/// tile's rows; rows past the block are zero, so they add nothing.
inline void tile_deviations(const double* x, std::size_t d, std::size_t first, std::size_t rows,
                            const double* shift, double* deviation, double* square) {
  for (std::size_t r = 0; r < kTileRows; ++r) {
    double* p = deviation + r * d;
    double* q = square + r * d;
    if (r >= rows) {
      std::fill(p, p + d, 0.0);
      std::fill(q, q + d, 0.0);
      continue;
    }
    const double* row = x + (first + r) * d;
    for (std::size_t i = 0; i < d; ++i) {
      const double value = row[i] - shift[i];
      p[i] = value;
      q[i] = value * value;
    }
  }
}

}  // namespace

MIXFIT_VECTOR_CLONES void expanded_scores(const double* x, std::size_t d, std::size_t n, const double* shift,
                                          const double* a, const double* b, const double* c, std::size_t k,
                                          double* scores) {
  std::vector<double> tile(2 * kTileRows * d);
  double* deviation = tile.data();
  double* square = deviation + kTileRows * d;
  for (std::size_t first = 0; first < n; first += kTileRows) {
    const std::size_t rows = std::min(kTileRows, n - first);
    tile_deviations(x, d, first, rows, shift, deviation, square);
    for (std::size_t g = 0; g < component_groups(k); ++g) {
      const double* a_group = a + g * d * kComponentGroup;
      const double* b_group = b + g * d * kComponentGroup;
      Lanes low[kTileRows], high[kTileRows];  // components 8g..8g+3 and 8g+4..8g+7 of each row
      for (std::size_t r = 0; r < kTileRows; ++r) {
        low[r] = load(c + g * kComponentGroup);
        high[r] = load(c + g * kComponentGroup + 4);
      }
      for (std::size_t i = 0; i < d; ++i) {
        const Lanes a_low = load(a_group + i * kComponentGroup), a_high = load(a_group + i * kComponentGroup + 4);
        const Lanes b_low = load(b_group + i * kComponentGroup), b_high = load(b_group + i * kComponentGroup + 4);
        for (std::size_t r = 0; r < kTileRows; ++r) {
          const Lanes q = broadcast(square[r * d + i]), p = broadcast(deviation[r * d + i]);
          low[r] += a_low * q;
          high[r] += a_high * q;
          low[r] += b_low * p;
          high[r] += b_high * p;
        }
      }
      const std::size_t width = std::min(kComponentGroup, k - g * kComponentGroup);
      for (std::size_t r = 0; r < rows; ++r) {
        double out[kComponentGroup];
        store(out, low[r]);
        store(out + 4, high[r]);
        std::memcpy(scores + (first + r) * k + g * kComponentGroup, out, width * sizeof(double));
      }
    }
  }
}

MIXFIT_VECTOR_CLONES void expanded_moments(const double* x, std::size_t d, std::size_t n, const double* shift,
                                           const double* weights, std::size_t k, double* second, double* first) {
  std::vector<double> tile(2 * kTileRows * d);
  double* deviation = tile.data();
  double* square = deviation + kTileRows * d;
  for (std::size_t row = 0; row < n; row += kTileRows) {
    const std::size_t rows = std::min(kTileRows, n - row);
    tile_deviations(x, d, row, rows, shift, deviation, square);
    for (std::size_t g = 0; g < component_groups(k); ++g) {
      const std::size_t width = std::min(kComponentGroup, k - g * kComponentGroup);
      Lanes w_low[kTileRows], w_high[kTileRows];  // this tile's weights; zero past K and past the block
      for (std::size_t r = 0; r < kTileRows; ++r) {
        double w[kComponentGroup] = {};
        if (r < rows) std::memcpy(w, weights + (row + r) * k + g * kComponentGroup, width * sizeof(double));
        w_low[r] = load(w);
        w_high[r] = load(w + 4);
      }
      double* second_group = second + g * d * kComponentGroup;
      double* first_group = first + g * d * kComponentGroup;
      for (std::size_t i = 0; i < d; ++i) {
        double* s2 = second_group + i * kComponentGroup;
        double* s1 = first_group + i * kComponentGroup;
        Lanes s2_low = load(s2), s2_high = load(s2 + 4), s1_low = load(s1), s1_high = load(s1 + 4);
        for (std::size_t r = 0; r < kTileRows; ++r) {
          const Lanes q = broadcast(square[r * d + i]), p = broadcast(deviation[r * d + i]);
          s2_low += w_low[r] * q;
          s2_high += w_high[r] * q;
          s1_low += w_low[r] * p;
          s1_high += w_high[r] * p;
        }
        store(s2, s2_low);
        store(s2 + 4, s2_high);
        store(s1, s1_low);
        store(s1 + 4, s1_high);
      }
    }
  }
}

}  // namespace mixfit::detail
