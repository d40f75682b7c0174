// expanded_full_moments against sums taken about each component's own mean, and its exactness guard.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"
#include "quadratic_moments.hpp"

BOOST_AUTO_TEST_SUITE(quadratic_moments_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

struct DirectMoments {
  arma::mat first;
  arma::cube second;
};

/// Σ_j r_kj (x_j − μ_k) and Σ_j r_kj (x_j − μ_k)(x_j − μ_k)ᵀ, one component at a time.
DirectMoments direct_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights) {
  DirectMoments result{arma::mat(x.n_rows, means.n_cols), arma::cube(x.n_rows, x.n_rows, means.n_cols)};
  for (arma::uword k = 0; k < means.n_cols; ++k) {
    const arma::mat deviations = x.each_col() - means.col(k);
    result.first.col(k) = deviations * weights.row(k).t();
    result.second.slice(k) = (deviations.each_row() % weights.row(k)) * deviations.t();
  }
  return result;
}

/// Largest error of entry (a, b) of component k relative to its scale √(s_aa s_bb), s the spread about the new mean.
double worst_scaled_error(const arma::mat& first, const arma::cube& second, const DirectMoments& expected,
                          const arma::mat& weights, arma::uword k) {
  const double count = arma::accu(weights.row(k));
  const arma::vec f = expected.first.col(k);
  const arma::mat spread = expected.second.slice(k) - f * f.t() / count;
  double worst = arma::abs(first.col(k) - f).max() / std::sqrt(count * arma::diagvec(spread).max());
  for (arma::uword b = 0; b < spread.n_cols; ++b)
    for (arma::uword a = 0; a < spread.n_rows; ++a)
      worst = std::max(worst, std::abs(second(a, b, k) - expected.second(a, b, k)) /
                                  std::sqrt(spread(a, a) * spread(b, b)));
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(equal_to_sums_about_each_mean_across_tiles) {
  // 700 rows: three tiles of the kernel, the last one partial.
  const arma::mat x = 3.0 * random_points(5, 700, 31) + 10.0;
  const arma::mat weights = random_responsibilities(4, 700, 32);
  arma::mat means = 3.0 * random_points(5, 4, 33) + 10.0;
  arma::mat first;
  arma::cube second;
  const std::vector<char> exact = detail::expanded_full_moments(x, means, weights, first, second);
  const DirectMoments expected = direct_moments(x, means, weights);
  for (arma::uword k = 0; k < 4; ++k) {
    BOOST_TEST(exact[k] == 1);
    BOOST_TEST(worst_scaled_error(first, second, expected, weights, k) <= 1e-12);
    BOOST_TEST(arma::approx_equal(second.slice(k), second.slice(k).t(), "absdiff", 0.0));  // exactly symmetric
  }
}

BOOST_AUTO_TEST_CASE(a_component_collapsing_far_from_the_others_is_left_to_direct_sums) {
  // Component 1 sits 1e6 away with a spread of 1e-3: the expansion about the
  // mean of the means would cancel 1e18 against 1e-6, so it must refuse it.
  arma::mat x = random_points(3, 400, 41);
  x.cols(200, 399) = 1e-3 * x.cols(200, 399) + 1e6;
  arma::mat weights(2, 400, arma::fill::zeros);
  weights.submat(0, 0, 0, 199).fill(1.0);
  weights.submat(1, 200, 1, 399).fill(1.0);
  arma::mat means(3, 2);
  means.col(0) = arma::mean(x.cols(0, 199), 1);
  means.col(1) = arma::mean(x.cols(200, 399), 1);
  arma::mat first;
  arma::cube second;
  const std::vector<char> exact = detail::expanded_full_moments(x, means, weights, first, second);
  BOOST_TEST(exact[0] == 0);  // also far from the shift (the midpoint, 5e5 away)
  BOOST_TEST(exact[1] == 0);
}

BOOST_AUTO_TEST_CASE(a_component_without_weight_gets_zeros) {
  const arma::mat x = random_points(4, 300, 51);
  arma::mat weights = random_responsibilities(3, 300, 52);
  weights.row(2).zeros();
  const arma::mat means = random_points(4, 3, 53);
  arma::mat first;
  arma::cube second;
  const std::vector<char> exact = detail::expanded_full_moments(x, means, weights, first, second);
  BOOST_TEST(exact[2] == 1);
  BOOST_TEST(arma::abs(first.col(2)).max() == 0.0);
  BOOST_TEST(arma::abs(second.slice(2)).max() == 0.0);
}

BOOST_AUTO_TEST_CASE(the_family_falls_back_per_component_and_stays_exact) {
  // A fitted full-covariance family whose component 1 has collapsed far away:
  // its statistics come from direct sums, the others from the expansion, and
  // all agree with sums about each mean.
  arma::mat x = random_points(3, 600, 61);
  x.cols(300, 599) = 1e-4 * x.cols(300, 599) + 300.0;
  arma::mat weights = random_responsibilities(3, 600, 62);
  weights.cols(300, 599).zeros();
  weights.submat(1, 300, 1, 599).fill(1.0);
  weights.submat(1, 0, 1, 299).zeros();
  weights.submat(0, 0, 0, 299) = 1.0 - weights.submat(2, 0, 2, 299);
  arma::mat means(3, 3);
  arma::cube covariances(3, 3, 3);
  for (arma::uword k = 0; k < 3; ++k) covariances.slice(k) = arma::eye(3, 3);
  means.col(0) = arma::mean(x.cols(0, 299), 1);
  means.col(1) = arma::mean(x.cols(300, 599), 1);
  means.col(2) = means.col(0) + 0.5;
  covariances.slice(1) *= 1e-8;
  {
    arma::mat first;
    arma::cube second;
    const std::vector<char> exact = detail::expanded_full_moments(x, means, weights, first, second);
    BOOST_TEST((exact == std::vector<char>{1, 0, 1}));  // both paths are taken
  }
  GaussianFamily<FullCovariance> family(3, 3, 0.0, 0, std::nullopt);
  family.set_parameters(means, covariances);
  const SufficientStatistics stats = accumulate_range(family, x, weights, 0, 600);
  const DirectMoments expected = direct_moments(x, means, weights);
  arma::mat first(3, 3);
  arma::cube second(3, 3, 3);
  for (arma::uword k = 0; k < 3; ++k) {
    first.col(k) = stats.component_matrix(k, gaussian_layout::kFirstMomentOffset, 3, 1);
    second.slice(k) = stats.component_matrix(k, gaussian_layout::second_moment_offset(3), 3, 3);
    // The expansion promises 1e-10 of each entry's scale (here ~4e-12: the
    // shift is 100 standard deviations away); direct sums do better.
    BOOST_TEST(worst_scaled_error(first, second, expected, weights, k) <= (k == 1 ? 1e-12 : 1e-10));
  }
}

BOOST_AUTO_TEST_CASE(a_column_constant_in_all_the_data_keeps_the_expansion) {
  // Column 1 is 0.1 on every row and in every mean: nothing cancels there, so
  // every component keeps the one-pass path, the column's entries are exact
  // zeros and the others agree with sums about each mean.
  arma::mat x = 3.0 * random_points(4, 501, 71) + 10.0;
  arma::mat means = 3.0 * random_points(4, 3, 72) + 10.0;
  x.row(1).fill(0.1);
  means.row(1).fill(0.1);
  const arma::mat weights = random_responsibilities(3, 501, 73);
  arma::mat first;
  arma::cube second;
  const std::vector<char> exact = detail::expanded_full_moments(x, means, weights, first, second);
  BOOST_TEST((exact == std::vector<char>{1, 1, 1}));
  const DirectMoments expected = direct_moments(x, means, weights);
  const arma::uvec others{0, 2, 3};
  for (arma::uword k = 0; k < 3; ++k) {
    BOOST_TEST(arma::all(second.slice(k).row(1) == 0.0));
    BOOST_TEST(arma::all(second.slice(k).col(1) == 0.0));
    BOOST_TEST(first(1, k) == 0.0);
    const arma::mat rest = arma::mat(second.slice(k)).submat(others, others);
    const arma::mat expected_rest = arma::mat(expected.second.slice(k)).submat(others, others);
    BOOST_TEST(arma::abs(rest - expected_rest).max() <= 1e-12 * arma::abs(expected_rest).max());
  }
}

BOOST_AUTO_TEST_SUITE_END()
