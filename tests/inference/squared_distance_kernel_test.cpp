// complete_squared_distances equals Σ_i (w_i (x_i − c_i))² for any K against its groups of eight points
// and any N against its tiles of four rows, and squared_distances takes it for data without missing cells.
#include <boost/test/unit_test.hpp>

#include "mixfit/inference/k_means.hpp"

#include <armadillo>

#include <cmath>

BOOST_AUTO_TEST_SUITE(squared_distance_kernel_test)

using namespace mixfit;

namespace {

arma::mat direct(const arma::mat& x, const arma::mat& points, const arma::vec& weights) {
  arma::mat out(points.n_cols, x.n_cols);
  for (arma::uword j = 0; j < x.n_cols; ++j)
    for (arma::uword k = 0; k < points.n_cols; ++k) {
      double total = 0.0;
      for (arma::uword i = 0; i < x.n_rows; ++i) {
        const double difference = (x(i, j) - points(i, k)) * (weights.is_empty() ? 1.0 : weights(i));
        total += difference * difference;
      }
      out(k, j) = total;
    }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(equals_the_sum_over_coordinates) {
  arma::arma_rng::set_seed(17);
  for (const arma::uword k : {1u, 3u, 4u, 5u, 8u, 9u, 21u})
    for (const arma::uword d : {1u, 2u, 16u, 37u})
      for (const arma::uword n : {1u, 4u, 6u, 57u}) {
        const arma::mat x = arma::randn<arma::mat>(d, n), points = arma::randn<arma::mat>(d, k);
        const arma::vec weights = arma::randu<arma::vec>(d) + 0.5;
        arma::mat plain, weighted;
        complete_squared_distances(x, points, plain);
        complete_squared_distances(x, points, weighted, weights);
        BOOST_TEST_CONTEXT("K = " << k << ", D = " << d << ", N = " << n) {
          BOOST_TEST(plain.n_rows == k);
          BOOST_TEST(plain.n_cols == n);
          // The same D terms in the same order; the AVX2 build may fuse each square and add (an FMA).
          BOOST_TEST(arma::approx_equal(plain, direct(x, points, {}), "reldiff", 1e-14));
          BOOST_TEST(arma::approx_equal(weighted, direct(x, points, weights), "reldiff", 1e-14));
          arma::mat through_the_general_one;
          squared_distances(x, points, through_the_general_one);
          BOOST_TEST(arma::all(arma::vectorise(through_the_general_one == plain)));
        }
      }
}

BOOST_AUTO_TEST_SUITE_END()
