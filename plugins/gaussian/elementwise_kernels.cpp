// Block kernels for diagonal and spherical covariance: shift, square, two GEMMs.
#include "elementwise_kernels.hpp"

namespace mixfit::detail {

void elementwise_squared_mahalanobis(const arma::mat& x, const arma::mat& means, const arma::mat& precisions,
                                     arma::mat& scores) {
  const arma::vec shift = arma::mean(means, 1);
  const arma::mat shifted_means = means.each_col() - shift;  // m = μ − c
  const arma::mat shifted = x.each_col() - shift;            // x' = x − c
  scores = precisions.t() * arma::square(shifted);
  scores -= (2.0 * (precisions % shifted_means)).t() * shifted;
  scores.each_col() += arma::sum(precisions % arma::square(shifted_means), 0).t();
}

void elementwise_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights, arma::mat& first,
                         arma::mat& second) {
  const arma::vec shift = arma::mean(means, 1);
  const arma::mat shifted_means = means.each_col() - shift;
  const arma::mat shifted = x.each_col() - shift;
  const arma::rowvec counts = arma::sum(weights, 1).t();
  const arma::mat s1 = shifted * weights.t();                 // D×K
  const arma::mat s2 = arma::square(shifted) * weights.t();   // D×K
  first = s1 - shifted_means.each_row() % counts;
  second = s2 - 2.0 * (shifted_means % s1) + arma::mat(arma::square(shifted_means)).each_row() % counts;
}

}  // namespace mixfit::detail
