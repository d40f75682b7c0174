// Block kernels for diagonal and spherical covariance: the expansion about a shift, and its rounding guards.
//
// Why the guards are what they are (ε the double epsilon, "a few" ≈ 4):
//
// Scores. The term of dimension i and component k is computed as
// a x'² + b x' + (its share of the constant), a = −½p, b = p m, share −½p m²,
// x' = x − c, m = μ − c. Its rounding error is a few ε × ½p (|x'| + |m|)², and
// since |x'| ≤ |x' − m| + |m|, that is at most a few ε × [2 · ½p (x' − m)² + 4 p m²]:
// a relative error of the exact term, as any way of computing it has, plus
// 4 p m² a few ε, the same for every row. An absolute error δ in a log density
// is a relative error δ of the density, so terms with p m² ≤ 256 (≈ 1e-12) are
// expanded and the others added directly (score_term_expandable). The shift
// that minimises Σ_k p_ik m_ik² is the precision-weighted mean of the means
// (score_shift), so directly added terms stay rare:
// - a column constant in all the data: after the first M-step every mean there
//   is the constant v, c = v exactly, m = 0 and x' = 0: the term is exactly 0
//   both ways, nothing cancels, nothing is added directly;
// - a column constant within one component: its variance there collapses to
//   reg_covar, so its p dwarfs the others', c lies within ~1/p of its mean and
//   p m² ≈ 0. About the plain mean of the means that term lost ε p m²: 1e-5
//   with reg_covar = 1e-10 and the other means 5 away.
// Only two components collapsed onto different values of one column (or a mean
// more than 16 standard deviations from c) have terms added directly.
//
// Moments. Dimension i of component k comes out as first = S1' − N m,
// second = S2' − 2 m S1' + N m², with an error of at most
// bound = a few ε (S2' + 2|m S1'| + N m²). What the M-step keeps is the spread
// N·variance = second − first²/N; the expansion is kept where bound < 1e-10 of
// it. A zero spread is where that test needs care (moment_expansion_exact):
// - m = 0 (μ = c exactly): first = S1', second = S2' — the expansion *is* the
//   direct sum about μ (x' = x − μ), nothing cancels, whatever the spread. A
//   column constant in all the data is this case (moment_shift returns the
//   common mean exactly): x' = 0, spread 0 and bound 0; the old test
//   0 > 1e10·0 sent every component to direct sums, 3–40× the time.
// - m ≠ 0 with spread 0 (a column constant at v ≠ c within the component):
//   N(v−c)² − 2(v−c)·N(v−c) + N(v−c)² leaves a residue of ε N (v−c)² where the
//   answer is 0, which the M-step would add to reg_covar. Such a component is
//   summed directly, in one more pass over the block that skips the rows of
//   weight 0 (a collapsed component has weight exactly 0 on every row off its
//   constant) and needs no scratch beyond 2D numbers (weighted_deviation_sums).
// Spherical keeps the mean over i of these spreads, so a per-dimension test is
// stricter than it needs; the statistics are the same for both, and the
// direct pass is cheap, so both use it.
#include "elementwise_kernels.hpp"

#include "row_tile_kernels.hpp"

#include <cmath>
#include <limits>
#include <vector>

namespace mixfit::detail {

namespace {

/// A D×K matrix in the tile kernels' layout: [group][i][8], zero past K.
std::vector<double> grouped(const arma::mat& m) {
  std::vector<double> out(component_groups(m.n_cols) * m.n_rows * kComponentGroup, 0.0);
  for (arma::uword k = 0; k < m.n_cols; ++k)
    for (arma::uword i = 0; i < m.n_rows; ++i)
      out[((k / kComponentGroup) * m.n_rows + i) * kComponentGroup + k % kComponentGroup] = m(i, k);
  return out;
}

/// The inverse of grouped().
arma::mat ungrouped(const std::vector<double>& values, arma::uword d, arma::uword k_count) {
  arma::mat m(d, k_count);
  for (arma::uword k = 0; k < k_count; ++k)
    for (arma::uword i = 0; i < d; ++i)
      m(i, k) = values[((k / kComponentGroup) * d + i) * kComponentGroup + k % kComponentGroup];
  return m;
}

/// One score term left out of the expansion: scores(component, j) += −½ p (x_ij − μ)².
struct DirectTerm {
  arma::uword dimension;
  arma::uword component;
  double mean;
  double half_precision;
};

/// p m² up to which a score term is expanded: its absolute error stays under
/// 4·4·ε·256 ≈ 1e-12 (the file's header says why).
constexpr double kExpandableScoreSpread = 256.0;

}  // namespace

arma::vec score_shift(const arma::mat& means, const arma::mat& precisions) {
  const arma::uword d = means.n_rows, k_count = means.n_cols;
  const bool isotropic = precisions.n_rows == 1;
  arma::vec shift(d);
  for (arma::uword i = 0; i < d; ++i) {
    const auto p = [&](arma::uword k) { return precisions(isotropic ? 0 : i, k); };
    arma::uword reference = 0;
    for (arma::uword k = 1; k < k_count; ++k)
      if (p(k) > p(reference)) reference = k;
    double weighted = 0.0, total = 0.0;
    for (arma::uword k = 0; k < k_count; ++k) {
      const double w = p(k) / p(reference);  // in [0, 1]: no overflow however large the precisions
      weighted += w * (means(i, k) - means(i, reference));
      total += w;
    }
    shift(i) = means(i, reference) + weighted / total;
    if (!std::isfinite(shift(i))) shift(i) = arma::mean(means.row(i));  // precisions overflowed to inf
  }
  return shift;
}

bool score_term_expandable(double precision, double shifted_mean) {
  return precision * shifted_mean * shifted_mean <= kExpandableScoreSpread;
}

std::size_t elementwise_log_density(const arma::mat& x, const arma::mat& means, const arma::mat& precisions,
                                    const arma::vec& constants, arma::mat& scores) {
  const arma::uword d = x.n_rows, k_count = means.n_cols;
  const arma::vec shift = score_shift(means, precisions);
  const arma::mat shifted_means = means.each_col() - shift;  // m = μ − c
  const bool isotropic = precisions.n_rows == 1 && d != 1;
  arma::mat p = isotropic ? arma::repmat(precisions, d, 1) : precisions;  // D×K; 0 where the term is added directly
  std::vector<DirectTerm> direct;
  for (arma::uword k = 0; k < k_count; ++k)
    for (arma::uword i = 0; i < d; ++i)
      if (!score_term_expandable(p(i, k), shifted_means(i, k))) {
        direct.push_back({i, k, means(i, k), -0.5 * p(i, k)});
        p(i, k) = 0.0;
      }
  const std::vector<double> linear = grouped(p % shifted_means);
  const arma::rowvec constant_row = constants.t() - 0.5 * arma::sum(p % arma::square(shifted_means), 0);
  const std::vector<double> constant = grouped(constant_row);
  scores.set_size(k_count, x.n_cols);
  if (isotropic && direct.empty())
    expanded_isotropic_scores(x.memptr(), d, x.n_cols, shift.memptr(), grouped(-0.5 * precisions).data(),
                              linear.data(), constant.data(), k_count, scores.memptr());
  else
    expanded_scores(x.memptr(), d, x.n_cols, shift.memptr(), grouped(-0.5 * p).data(), linear.data(),
                    constant.data(), k_count, scores.memptr());
  for (arma::uword j = 0; j < x.n_cols && !direct.empty(); ++j) {
    const double* row = x.colptr(j);
    double* out = scores.colptr(j);
    for (const DirectTerm& term : direct) {
      const double deviation = row[term.dimension] - term.mean;
      out[term.component] += term.half_precision * deviation * deviation;
    }
  }
  return direct.size();
}

arma::vec moment_shift(const arma::mat& means) {
  const arma::vec reference = means.col(0);
  return reference + arma::mean(means.each_col() - reference, 1);
}

bool moment_expansion_exact(double shifted_mean, double spread, double error_bound) {
  return shifted_mean == 0.0 || spread > 1e10 * error_bound;
}

std::vector<char> elementwise_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights,
                                      arma::mat& first, arma::mat& second) {
  const arma::uword d = x.n_rows, k_count = means.n_cols;
  const arma::vec shift = moment_shift(means);
  const arma::mat shifted_means = means.each_col() - shift;
  // [S2'; S1'; N] = [X'∘X'; X'; 1] Rᵀ, one pass over the rows.
  const std::size_t q = feature_count(RowFeatures::squares_then_deviations, d);
  std::vector<double> sums(component_groups(k_count) * q * kComponentGroup, 0.0);
  weighted_feature_sums(x.memptr(), d, x.n_cols, shift.memptr(), RowFeatures::squares_then_deviations,
                        weights.memptr(), k_count, sums.data());
  const arma::mat moments = ungrouped(sums, q, k_count);
  const arma::mat s2 = moments.head_rows(d);
  const arma::mat s1 = moments.rows(d, 2 * d - 1);
  const arma::rowvec counts = moments.row(q - 1);
  first = s1 - shifted_means.each_row() % counts;
  const arma::mat shift_back = arma::mat(arma::square(shifted_means)).each_row() % counts;  // N m²
  second = s2 - 2.0 * (shifted_means % s1) + shift_back;

  // Keep each dimension the expansion gives to 1e-10 of its spread (the
  // file's header says why); sum a component with any other directly.
  constexpr double kRounding = 4.0 * std::numeric_limits<double>::epsilon();
  const arma::mat error_bound = kRounding * (s2 + 2.0 * arma::abs(shifted_means % s1) + shift_back);
  std::vector<char> expanded(k_count, 1);
  for (arma::uword k = 0; k < k_count; ++k) {
    if (counts(k) == 0.0) continue;  // no weight here: every sum is exactly 0
    for (arma::uword i = 0; i < d && expanded[k]; ++i) {
      const double spread = second(i, k) - first(i, k) * first(i, k) / counts(k);
      expanded[k] = moment_expansion_exact(shifted_means(i, k), spread, error_bound(i, k));
    }
    if (expanded[k]) continue;
    first.col(k).zeros();
    second.col(k).zeros();
    weighted_deviation_sums(x.memptr(), d, x.n_cols, means.colptr(k), weights.memptr() + k, k_count,
                            first.colptr(k), second.colptr(k));
  }
  return expanded;
}

}  // namespace mixfit::detail
