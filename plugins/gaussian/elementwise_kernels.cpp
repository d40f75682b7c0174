// Block kernels for diagonal and spherical covariance: shift, square, two GEMMs.
#include "elementwise_kernels.hpp"

#include <limits>

namespace mixfit::detail {

void elementwise_squared_mahalanobis(const arma::mat& x, const arma::mat& means, const arma::mat& precisions,
                                     arma::mat& scores) {
  const arma::vec shift = arma::mean(means, 1);
  const arma::mat shifted_means = means.each_col() - shift;  // m = μ − c
  const arma::mat shifted = x.each_col() - shift;            // x' = x − c
  // One product: [p; −2 p∘m]ᵀ [x'∘x'; x'].
  const arma::mat coefficients = arma::join_cols(precisions, -2.0 * (precisions % shifted_means));
  scores = coefficients.t() * arma::join_cols(arma::square(shifted), shifted);
  scores.each_col() += arma::sum(precisions % arma::square(shifted_means), 0).t();
}

void elementwise_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights, arma::mat& first,
                         arma::mat& second) {
  const arma::vec shift = arma::mean(means, 1);
  const arma::mat shifted_means = means.each_col() - shift;
  const arma::mat shifted = x.each_col() - shift;
  const arma::rowvec counts = arma::sum(weights, 1).t();
  // One product: [x'; x'∘x'] Rᵀ holds S1' over S2'.
  const arma::mat moments = arma::join_cols(shifted, arma::square(shifted)) * weights.t();  // 2D×K
  const arma::mat s1 = moments.head_rows(x.n_rows);
  const arma::mat s2 = moments.tail_rows(x.n_rows);
  first = s1 - shifted_means.each_row() % counts;
  second = s2 - 2.0 * (shifted_means % s1) + arma::mat(arma::square(shifted_means)).each_row() % counts;

  // The expansion loses what its terms cancel: its rounding error is at most
  // a few ε·(S2' + 2|m∘S1'| + N m²). Where that could exceed 1e-10 of what
  // the M-step keeps, N·variance = second − first²/N — a component
  // collapsing onto a point, or far from the shift — the component is summed
  // directly about its own mean instead, as one pass per component would.
  constexpr double kRounding = 4.0 * std::numeric_limits<double>::epsilon();
  const arma::mat error_bound =
      kRounding * (s2 + 2.0 * arma::abs(shifted_means % s1) + arma::mat(arma::square(shifted_means)).each_row() % counts);
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
