// Full-covariance moments from quadratic features (see quadratic_moments.hpp).
#include "quadratic_moments.hpp"

#include "mixfit/math/vector_clones.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mixfit::detail {

namespace {

// Rows per tile: the features of a tile (D(D+3)/2 × rows) stay in the
// core's L2 cache between being written and being packed by the GEMM.
constexpr arma::uword kTileRows = 256;

// Columns begin … begin + width of [x'_a x'_b (a ≤ b, column by column); x'], x' = x − shift, into features.
MIXFIT_VECTOR_CLONES void fill_quadratic_features(
    const arma::mat& x, const arma::vec& shift, arma::uword begin, arma::uword width, arma::mat& features) {
  const arma::uword d = x.n_rows;
  const arma::uword pairs = d * (d + 1) / 2;
  arma::vec deviation(d);
  for (arma::uword j = 0; j < width; ++j) {
    const double* row = x.colptr(begin + j);
    double* out = features.colptr(j);
    for (arma::uword a = 0; a < d; ++a) deviation[a] = row[a] - shift[a];
    arma::uword p = 0;
    for (arma::uword b = 0; b < d; ++b) {
      const double scale = deviation[b];
      for (arma::uword a = b; a < d; ++a) out[p + a - b] = deviation[a] * scale;
      p += d - b;
    }
    for (arma::uword a = 0; a < d; ++a) out[pairs + a] = deviation[a];
  }
}

}  // namespace

std::vector<char> expanded_full_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights,
                                        arma::mat& first, arma::cube& second) {
  const arma::uword d = x.n_rows, n = x.n_cols, k_count = means.n_cols;
  const arma::uword pairs = d * (d + 1) / 2;
  const arma::uword q = pairs + d;  // feature rows: x'_a x'_b for a ≤ b (column by column), then x'
  const arma::vec shift = arma::mean(means, 1);
  const arma::mat shifted_means = means.each_col() - shift;  // m = μ − c

  // products(k, ·) = Σ_j r_kj features_j, accumulated tile by tile in row order.
  arma::mat products(k_count, q, arma::fill::zeros);
  arma::mat features(q, std::min(n, kTileRows));
  for (arma::uword begin = 0; begin < n; begin += kTileRows) {
    const arma::uword width = std::min(kTileRows, n - begin);
    fill_quadratic_features(x, shift, begin, width, features);
    // products += R_tile F_tileᵀ (K×w by w×q)
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(k_count), static_cast<blasint>(q),
                static_cast<blasint>(width), 1.0, weights.colptr(begin), static_cast<blasint>(k_count),
                features.memptr(), static_cast<blasint>(q), 1.0, products.memptr(), static_cast<blasint>(k_count));
  }

  const arma::rowvec counts = arma::sum(weights, 1).t();
  first.set_size(d, k_count);
  second.set_size(d, d, k_count);
  std::vector<char> exact(k_count, 1);
  constexpr double kRounding = 4.0 * std::numeric_limits<double>::epsilon();
  for (arma::uword k = 0; k < k_count; ++k) {
    const double count = counts(k);
    const double* m = shifted_means.colptr(k);
    arma::vec s1(d);
    for (arma::uword a = 0; a < d; ++a) s1[a] = products(k, pairs + a);
    arma::mat s2(d, d);
    arma::uword p = 0;
    for (arma::uword b = 0; b < d; ++b)
      for (arma::uword a = b; a < d; ++a) s2(a, b) = s2(b, a) = products(k, p++);
    arma::mat& sk = second.slice(k);
    arma::mat bound(d, d);
    for (arma::uword b = 0; b < d; ++b) {
      first(b, k) = s1[b] - count * m[b];
      for (arma::uword a = b; a < d; ++a) {  // the lower triangle, mirrored: exactly symmetric
        sk(a, b) = sk(b, a) = s2(a, b) - m[a] * s1[b] - s1[a] * m[b] + count * m[a] * m[b];
        bound(a, b) = bound(b, a) = kRounding * (std::abs(s2(a, b)) + std::abs(m[a] * s1[b]) +
                                                 std::abs(s1[a] * m[b]) + count * std::abs(m[a] * m[b]));
      }
    }
    if (count == 0.0) continue;  // no weight here: every sum is exactly 0
    // s = N·covariance about the new mean; each entry must be resolved to 1e-10 of its scale √(s_aa s_bb).
    for (arma::uword b = 0; b < d && exact[k]; ++b) {
      const double s_bb = sk(b, b) - first(b, k) * first(b, k) / count;
      for (arma::uword a = 0; a < d; ++a) {
        const double s_aa = sk(a, a) - first(a, k) * first(a, k) / count;
        if (!(s_aa > 0.0 && s_bb > 0.0 && bound(a, b) < 1e-10 * std::sqrt(s_aa * s_bb))) {
          exact[k] = 0;
          break;
        }
      }
    }
  }
  return exact;
}

}  // namespace mixfit::detail
