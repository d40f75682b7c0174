// The E-step's scores four rows × eight components per step, the moments four features × eight components
// over a tile of 64 rows, each row's features computed once into a tile; and the plain per-component sums
// the expansions fall back to.
//
// The diagonal E-step and the moments of all components are matrix products
// with K (8–32) on one side: too thin for a BLAS GEMM to pay for building and
// packing a feature matrix (H diag spent two thirds of its time there, M full
// a third). These loops keep 4 × 8 results in registers and broadcast each
// feature straight from the tile.
//
// The kernels write out their row fills and score stores rather than share
// helpers: as helpers (the lane arrays passed by pointer, the fills as
// lambdas) GCC 12's code was slower, H diag 0.0122 -> 0.0143 s/iteration and
// H spherical 0.0109 -> 0.0118 (measured).
#include "row_tile_kernels.hpp"

#include "mixfit/math/vector_clones.hpp"
#include "mixfit/math/vector_lanes.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace mixfit::detail {

namespace {

using simd::Lanes, simd::load, simd::store;
constexpr std::size_t kTileRows = 4;

/// tile[r·q + f] = feature f of row first + r, for the `rows` rows of a tile.
inline void fill_tile(const double* x, std::size_t d, std::size_t first, std::size_t rows, const double* shift,
                      RowFeatures features, double* tile) {
  const std::size_t q = feature_count(features, d);
  for (std::size_t r = 0; r < rows; ++r) {
    double* out = tile + r * q;
    const double* row = x + (first + r) * d;
    out[q - 1] = 1.0;
    if (features == RowFeatures::squares_then_deviations) {
      for (std::size_t i = 0; i < d; ++i) {
        const double deviation = row[i] - shift[i];
        out[i] = deviation * deviation;
        out[d + i] = deviation;
      }
    } else {
      double* deviation = out + (q - 1 - d);
      for (std::size_t i = 0; i < d; ++i) deviation[i] = row[i] - shift[i];
      std::size_t p = 0;
      for (std::size_t b = 0; b < d; ++b) {
        const double scale = deviation[b];
        for (std::size_t a = b; a < d; ++a) out[p + a - b] = deviation[a] * scale;
        p += d - b;
      }
    }
  }
}

// Rows per tile of the moments. At D = 16 the diag tile (33 features a row) and its weights stay in L1 while
// every block of features and group of components walks them; full's (153, or 2145 at D = 64) does not, but
// fewer rows measured slower (M full 0.0356 -> 0.0387, H full 0.33 -> 0.56 s/it at L1-sized tiles), as the
// sums' loads and stores then come back, and 256 rows no faster.
constexpr std::size_t kMomentTileRows = 64;
// Features whose sums (two vectors of a group's eight components each) stay in registers across the tile.
constexpr std::size_t kFeatureBlock = 4;

/// sums of features [first_feature, first_feature + F) for one group of eight components, over the tile's
/// rows in order: each sum is one chain of multiply-adds, row after row, as if the rows came one at a time.
template <std::size_t F>
[[gnu::always_inline]] inline void add_feature_block(const double* tile, std::size_t q, std::size_t first_feature,
                                                     const double* group_weights, std::size_t weight_stride,
                                                     std::size_t rows, double* group_sums) {
  Lanes low[F], high[F];
  for (std::size_t f = 0; f < F; ++f) {
    load(low[f], group_sums + (first_feature + f) * kComponentGroup);
    load(high[f], group_sums + (first_feature + f) * kComponentGroup + 4);
  }
  for (std::size_t r = 0; r < rows; ++r) {
    Lanes w_low, w_high;
    load(w_low, group_weights + r * weight_stride);
    load(w_high, group_weights + r * weight_stride + 4);
    const double* features = tile + r * q + first_feature;
    for (std::size_t f = 0; f < F; ++f) {
      const double v = features[f];
      const Lanes value = {v, v, v, v};
      low[f] += w_low * value;
      high[f] += w_high * value;
    }
  }
  for (std::size_t f = 0; f < F; ++f) {
    store(group_sums + (first_feature + f) * kComponentGroup, low[f]);
    store(group_sums + (first_feature + f) * kComponentGroup + 4, high[f]);
  }
}

/// tile[r·d + i] = x_i,first+r − shift_i; rows past the block are zero.
inline void fill_deviations(const double* x, std::size_t d, std::size_t first, std::size_t rows, const double* shift,
                            double* tile) {
  for (std::size_t r = 0; r < kTileRows; ++r) {
    double* out = tile + r * d;
    if (r >= rows) {
      std::fill(out, out + d, 0.0);
      continue;
    }
    const double* row = x + (first + r) * d;
    for (std::size_t i = 0; i < d; ++i) out[i] = row[i] - shift[i];
  }
}

}  // namespace

MIXFIT_VECTOR_CLONES void expanded_scores(const double* x, std::size_t d, std::size_t n, const double* shift,
                                          const double* a, const double* b, const double* c, std::size_t k,
                                          double* scores) {
  std::vector<double> tile(kTileRows * d);  // x' of each row
  for (std::size_t first = 0; first < n; first += kTileRows) {
    const std::size_t rows = std::min(kTileRows, n - first);
    fill_deviations(x, d, first, rows, shift, tile.data());
    for (std::size_t g = 0; g < component_groups(k); ++g) {
      const double* a_group = a + g * d * kComponentGroup;
      const double* b_group = b + g * d * kComponentGroup;
      Lanes low[kTileRows], high[kTileRows];  // components 8g..8g+3 and 8g+4..8g+7 of each row
      for (std::size_t r = 0; r < kTileRows; ++r) {
        load(low[r], c + g * kComponentGroup);
        load(high[r], c + g * kComponentGroup + 4);
      }
      for (std::size_t i = 0; i < d; ++i) {
        const double* a_row = a_group + i * kComponentGroup;
        const double* b_row = b_group + i * kComponentGroup;
        Lanes a_low, a_high, b_low, b_high;
        load(a_low, a_row);
        load(a_high, a_row + 4);
        load(b_low, b_row);
        load(b_high, b_row + 4);
        for (std::size_t r = 0; r < kTileRows; ++r) {
          // a x'² + b x' as (a x' + b) x': two multiply-adds, no x'² to store.
          const double t = tile[r * d + i];
          const Lanes deviation = {t, t, t, t};
          low[r] += (a_low * deviation + b_low) * deviation;
          high[r] += (a_high * deviation + b_high) * deviation;
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

MIXFIT_VECTOR_CLONES void expanded_isotropic_scores(const double* x, std::size_t d, std::size_t n,
                                                    const double* shift, const double* a, const double* b,
                                                    const double* c, std::size_t k, double* scores) {
  std::vector<double> tile(kTileRows * d);  // x' of each row
  for (std::size_t first = 0; first < n; first += kTileRows) {
    const std::size_t rows = std::min(kTileRows, n - first);
    double norms[kTileRows];  // ‖x'‖², summed in four lanes and then pairwise (a fixed order)
    for (std::size_t r = 0; r < kTileRows; ++r) {
      double* out = tile.data() + r * d;
      if (r >= rows) {
        std::fill(out, out + d, 0.0);
        norms[r] = 0.0;
        continue;
      }
      const double* row = x + (first + r) * d;
      Lanes partial = {};
      std::size_t i = 0;
      for (; i + 4 <= d; i += 4) {
        Lanes value, centre;
        load(value, row + i);
        load(centre, shift + i);
        const Lanes deviation = value - centre;
        store(out + i, deviation);
        partial += deviation * deviation;
      }
      double norm = (partial[0] + partial[1]) + (partial[2] + partial[3]);
      for (; i < d; ++i) {
        out[i] = row[i] - shift[i];
        norm += out[i] * out[i];
      }
      norms[r] = norm;
    }
    for (std::size_t g = 0; g < component_groups(k); ++g) {
      const double* b_group = b + g * d * kComponentGroup;
      Lanes a_low, a_high, c_low, c_high;
      load(a_low, a + g * kComponentGroup);
      load(a_high, a + g * kComponentGroup + 4);
      load(c_low, c + g * kComponentGroup);
      load(c_high, c + g * kComponentGroup + 4);
      Lanes low[kTileRows], high[kTileRows];
      for (std::size_t r = 0; r < kTileRows; ++r) {
        const Lanes norm = {norms[r], norms[r], norms[r], norms[r]};
        low[r] = c_low + a_low * norm;
        high[r] = c_high + a_high * norm;
      }
      for (std::size_t i = 0; i < d; ++i) {
        const double* b_row = b_group + i * kComponentGroup;
        Lanes b_low, b_high;
        load(b_low, b_row);
        load(b_high, b_row + 4);
        for (std::size_t r = 0; r < kTileRows; ++r) {
          const double t = tile[r * d + i];
          const Lanes deviation = {t, t, t, t};
          low[r] += b_low * deviation;
          high[r] += b_high * deviation;
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

MIXFIT_VECTOR_CLONES void weighted_feature_sums(const double* x, std::size_t d, std::size_t n, const double* shift,
                                                RowFeatures features, const double* weights, std::size_t k,
                                                double* sums) {
  // A block of four features' sums of one group of components stays in eight registers while the tile's 64
  // rows go by: per row two loads of weights and four broadcasts feed eight multiply-adds. (Four rows at a
  // time against every feature loaded and stored each feature's sums per four rows: bound by those loads
  // and stores at about half of the multiply-add rate.) Every sum still adds its rows in order.
  const std::size_t q = feature_count(features, d);
  const std::size_t groups = component_groups(k);
  const std::size_t weight_stride = groups * kComponentGroup;  // a row's weights, zero past K
  std::vector<double> tile(kMomentTileRows * q);
  std::vector<double> tile_weights(kMomentTileRows * weight_stride, 0.0);
  for (std::size_t first = 0; first < n; first += kMomentTileRows) {
    const std::size_t rows = std::min(kMomentTileRows, n - first);
    fill_tile(x, d, first, rows, shift, features, tile.data());
    for (std::size_t r = 0; r < rows; ++r)
      std::memcpy(tile_weights.data() + r * weight_stride, weights + (first + r) * k, k * sizeof(double));
    for (std::size_t g = 0; g < groups; ++g) {
      const double* group_weights = tile_weights.data() + g * kComponentGroup;
      double* group_sums = sums + g * q * kComponentGroup;
      std::size_t f = 0;
      for (; f + kFeatureBlock <= q; f += kFeatureBlock)
        add_feature_block<kFeatureBlock>(tile.data(), q, f, group_weights, weight_stride, rows, group_sums);
      switch (q - f) {
        case 3: add_feature_block<3>(tile.data(), q, f, group_weights, weight_stride, rows, group_sums); break;
        case 2: add_feature_block<2>(tile.data(), q, f, group_weights, weight_stride, rows, group_sums); break;
        case 1: add_feature_block<1>(tile.data(), q, f, group_weights, weight_stride, rows, group_sums); break;
        default: break;
      }
    }
  }
}

MIXFIT_VECTOR_CLONES void weighted_deviation_sums(const double* x, std::size_t d, std::size_t n, const double* mean,
                                                  const double* weights, std::size_t stride, double* __restrict first,
                                                  double* __restrict second) {
  for (std::size_t j = 0; j < n; ++j) {
    const double w = weights[j * stride];
    if (w == 0.0) continue;
    const double* row = x + j * d;
    for (std::size_t i = 0; i < d; ++i) {
      const double deviation = row[i] - mean[i];
      const double weighted = w * deviation;
      first[i] += weighted;
      second[i] += weighted * deviation;
    }
  }
}

}  // namespace mixfit::detail
