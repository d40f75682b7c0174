// Full-covariance moments from quadratic features (see quadratic_moments.hpp).
#include "quadratic_moments.hpp"

#include "elementwise_kernels.hpp"
#include "row_tile_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mixfit::detail {

std::vector<char> expanded_full_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights,
                                        arma::mat& first, arma::cube& second) {
  const arma::uword d = x.n_rows, n = x.n_cols, k_count = means.n_cols;
  const arma::uword pairs = d * (d + 1) / 2;
  const arma::uword q = feature_count(RowFeatures::pairs_then_deviations, d);  // x'_a x'_b (a ≤ b), x', 1
  const arma::vec shift = moment_shift(means);  // exactly the common mean where all agree (a constant column)
  const arma::mat shifted_means = means.each_col() - shift;  // m = μ − c

  // sums[group][f][8] = Σ_j r_kj feature_f(x_j) for every component, in row order.
  std::vector<double> sums(component_groups(k_count) * q * kComponentGroup, 0.0);
  weighted_feature_sums(x.memptr(), d, n, shift.memptr(), RowFeatures::pairs_then_deviations, weights.memptr(),
                        k_count, sums.data());
  const auto products = [&](arma::uword k, arma::uword f) {
    return sums[((k / kComponentGroup) * q + f) * kComponentGroup + k % kComponentGroup];
  };
  arma::rowvec counts(k_count);
  for (arma::uword k = 0; k < k_count; ++k) counts(k) = products(k, q - 1);
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
    // s = N·covariance about the new mean; each entry must be resolved to 1e-10 of its scale √(s_aa s_bb),
    // except where nothing cancels (a column constant in all the data has both): an entry with m_a = m_b = 0
    // is S2'_ab, the direct sum about μ itself; and a column with bound(a, a) = 0 (S2'_aa = 0 and m_a = 0:
    // x'_a = 0 on every row with weight, up to underflow) has its whole row and column exactly 0, as it should.
    for (arma::uword b = 0; b < d && exact[k]; ++b) {
      if (bound(b, b) == 0.0) continue;
      const double s_bb = sk(b, b) - first(b, k) * first(b, k) / count;
      for (arma::uword a = 0; a < d; ++a) {
        if (bound(a, a) == 0.0 || (m[a] == 0.0 && m[b] == 0.0)) continue;
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
