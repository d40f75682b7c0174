// Block kernels for diagonal and spherical covariance: the expansion about a shift, and its rounding guard.
#include "elementwise_kernels.hpp"

#include "row_tile_kernels.hpp"

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

}  // namespace

void elementwise_log_density(const arma::mat& x, const arma::mat& means, const arma::mat& precisions,
                             const arma::vec& constants, arma::mat& scores) {
  const arma::vec shift = arma::mean(means, 1);
  const arma::mat shifted_means = means.each_col() - shift;  // m = μ − c
  const bool isotropic = precisions.n_rows == 1 && x.n_rows != 1;
  const arma::mat p = isotropic ? arma::repmat(precisions, x.n_rows, 1) : precisions;  // D×K
  const std::vector<double> quadratic = grouped(-0.5 * precisions);
  const std::vector<double> linear = grouped(p % shifted_means);
  const arma::rowvec constant_row = constants.t() - 0.5 * arma::sum(p % arma::square(shifted_means), 0);
  const std::vector<double> constant = grouped(constant_row);
  scores.set_size(means.n_cols, x.n_cols);
  if (isotropic)
    expanded_isotropic_scores(x.memptr(), x.n_rows, x.n_cols, shift.memptr(), quadratic.data(), linear.data(),
                              constant.data(), means.n_cols, scores.memptr());
  else
    expanded_scores(x.memptr(), x.n_rows, x.n_cols, shift.memptr(), quadratic.data(), linear.data(),
                    constant.data(), means.n_cols, scores.memptr());
}

void elementwise_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights, arma::mat& first,
                         arma::mat& second) {
  const arma::vec shift = arma::mean(means, 1);
  const arma::mat shifted_means = means.each_col() - shift;
  // [S2'; S1'; N] = [X'∘X'; X'; 1] Rᵀ, one pass over the rows.
  const std::size_t q = feature_count(RowFeatures::squares_then_deviations, x.n_rows);
  std::vector<double> sums(component_groups(means.n_cols) * q * kComponentGroup, 0.0);
  weighted_feature_sums(x.memptr(), x.n_rows, x.n_cols, shift.memptr(), RowFeatures::squares_then_deviations,
                        weights.memptr(), means.n_cols, sums.data());
  const arma::mat moments = ungrouped(sums, q, means.n_cols);
  const arma::mat s2 = moments.head_rows(x.n_rows);
  const arma::mat s1 = moments.rows(x.n_rows, 2 * x.n_rows - 1);
  const arma::rowvec counts = moments.row(q - 1);
  first = s1 - shifted_means.each_row() % counts;
  const arma::mat shift_back = arma::mat(arma::square(shifted_means)).each_row() % counts;  // N m²
  second = s2 - 2.0 * (shifted_means % s1) + shift_back;

  // The expansion loses what its terms cancel: its rounding error is at most
  // a few ε·(S2' + 2|m∘S1'| + N m²). Where that could exceed 1e-10 of what
  // the M-step keeps, N·variance = second − first²/N — a component
  // collapsing onto a point, or far from the shift — the component is summed
  // directly about its own mean instead, as one pass per component would.
  constexpr double kRounding = 4.0 * std::numeric_limits<double>::epsilon();
  const arma::mat error_bound = kRounding * (s2 + 2.0 * arma::abs(shifted_means % s1) + shift_back);
  for (arma::uword k = 0; k < means.n_cols; ++k) {
    if (counts(k) == 0.0) continue;  // no weight here: every sum is exactly 0
    const arma::vec spread = second.col(k) - arma::square(first.col(k)) / counts(k);
    if (arma::all(spread > 1e10 * error_bound.col(k))) continue;
    const arma::mat deviations = x.each_col() - means.col(k);
    first.col(k) = deviations * weights.row(k).t();
    second.col(k) = arma::square(deviations) * weights.row(k).t();
  }
}

}  // namespace mixfit::detail
