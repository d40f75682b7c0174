// NearestCentroidKernel picks what the exact distances pick: any K against the kernel's groups of eight,
// any N against its tiles of four rows, column weights, data far from the origin, and ties to the lowest k.
#include <boost/test/unit_test.hpp>

#include "mixfit/inference/nearest_centroid_kernel.hpp"

#include <armadillo>

#include <vector>

BOOST_AUTO_TEST_SUITE(nearest_centroid_kernel_test)

using namespace mixfit;

namespace {

// argmin_k Σ_i (w_i (x_i − c_ik))² by brute force, the first minimum on a tie.
arma::uvec exact_nearest(const arma::mat& x, const arma::mat& centroids, const arma::vec& weights) {
  arma::uvec nearest(x.n_cols);
  for (arma::uword j = 0; j < x.n_cols; ++j) {
    arma::mat deviations = centroids.each_col() - x.col(j);
    if (!weights.is_empty()) deviations.each_col() %= weights;
    nearest(j) = arma::sum(arma::square(deviations), 0).index_min();
  }
  return nearest;
}

arma::uvec kernel_nearest(const arma::mat& x, const arma::mat& centroids, const arma::vec& weights) {
  arma::uvec nearest(x.n_cols);
  NearestCentroidKernel(centroids, weights).nearest(x, nearest.memptr());
  return nearest;
}

// Rows drawn around the centroids (so nearest is well defined away from rounding), offset far from 0.
arma::mat rows_near(const arma::mat& centroids, arma::uword n, double offset) {
  arma::mat x(centroids.n_rows, n);
  for (arma::uword j = 0; j < n; ++j)
    x.col(j) = centroids.col(j % centroids.n_cols) + 0.3 * arma::randn<arma::vec>(centroids.n_rows);
  return x + offset;
}

}  // namespace

BOOST_AUTO_TEST_CASE(agrees_with_the_exact_distances) {
  arma::arma_rng::set_seed(11);
  for (const arma::uword k : {1u, 3u, 8u, 9u, 16u, 21u, 32u})
    for (const arma::uword n : {1u, 4u, 7u, 103u})
      for (const double offset : {0.0, 1e6}) {
        const arma::mat centroids = arma::randn<arma::mat>(5, k) * 2.0 + offset;
        const arma::mat x = rows_near(centroids - offset, n, offset);
        const arma::vec weights = {1.0, 0.5, 2.0, 1.0, 0.25};
        BOOST_TEST_CONTEXT("K = " << k << ", N = " << n << ", offset " << offset) {
          BOOST_TEST(arma::all(kernel_nearest(x, centroids, {}) == exact_nearest(x, centroids, {})));
          BOOST_TEST(arma::all(kernel_nearest(x, centroids, weights) == exact_nearest(x, centroids, weights)));
        }
      }
}

BOOST_AUTO_TEST_CASE(a_tie_goes_to_the_lowest_k) {
  // Centroids 2, 5 and 11 coincide (11 in the second group of eight); rows at them pick 2, across groups too.
  arma::mat centroids = arma::randn<arma::mat>(3, 12) * 10.0;
  centroids.col(5) = centroids.col(2);
  centroids.col(11) = centroids.col(2);
  arma::mat x = arma::repmat(centroids.col(2), 1, 6);
  x.col(5) = centroids.col(7);
  const arma::uvec nearest = kernel_nearest(x, centroids, {});
  for (arma::uword j = 0; j < 5; ++j) BOOST_TEST(nearest(j) == 2u);
  BOOST_TEST(nearest(5) == 7u);
}

BOOST_AUTO_TEST_CASE(a_row_chooses_the_same_in_any_block) {
  arma::arma_rng::set_seed(5);
  const arma::mat centroids = arma::randn<arma::mat>(7, 19);
  const arma::mat x = rows_near(centroids, 50, 0.0);
  const arma::uvec whole = kernel_nearest(x, centroids, {});
  const arma::uvec head = kernel_nearest(x.cols(0, 20), centroids, {});
  const arma::uvec tail = kernel_nearest(x.cols(21, 49), centroids, {});
  BOOST_TEST(arma::all(arma::join_cols(head, tail) == whole));
}

BOOST_AUTO_TEST_SUITE_END()
