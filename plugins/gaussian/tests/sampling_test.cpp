// Draws follow the component's mean and covariance (within a multiple of the standard error) and depend only on the stream.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"

#include <boost/mpl/list.hpp>

#include <cmath>

BOOST_AUTO_TEST_SUITE(sampling_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr std::size_t kDraws = 200000;
// Each check allows 5 standard errors: a false alarm has probability ~6e-7
// per check, and the seed is fixed, so the test is deterministic anyway.
constexpr double kStandardErrors = 5.0;

using CovarianceTypes = boost::mpl::list<FullCovariance, DiagonalCovariance, SphericalCovariance, TiedCovariance>;

/// K = 2, D = 2 parameters of the policy's shape; component 1 is the one sampled.
template <class Covariance>
typename Covariance::Parameters known_covariances() {
  if constexpr (std::is_same_v<Covariance, FullCovariance>) {
    arma::cube c(2, 2, 2);
    c.slice(0) = {{1.0, 0.0}, {0.0, 1.0}};
    c.slice(1) = {{2.0, 0.6}, {0.6, 0.5}};
    return c;
  } else if constexpr (std::is_same_v<Covariance, DiagonalCovariance>) {
    return arma::mat{{1.0, 2.0}, {1.0, 0.5}};
  } else if constexpr (std::is_same_v<Covariance, SphericalCovariance>) {
    return arma::vec{1.0, 0.7};
  } else {
    return arma::mat{{2.0, -0.6}, {-0.6, 0.5}};
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(sample_moments_match_the_component, Covariance, CovarianceTypes) {
  GaussianFamily<Covariance> family(2, 2, 1e-6);
  const arma::mat means = {{0.0, 1.0}, {0.0, -2.0}};
  family.set_parameters(means, known_covariances<Covariance>());
  const arma::mat sigma = full_covariance_of<Covariance>(family.covariances(), 1, 2);

  RandomStream stream(2024);
  arma::mat draws;
  family.sample(1, kDraws, stream, draws);
  BOOST_TEST_REQUIRE(draws.n_rows == 2u);
  BOOST_TEST_REQUIRE(draws.n_cols == kDraws);

  const double n = static_cast<double>(kDraws);
  const arma::vec mean = arma::mean(draws, 1);
  const arma::mat covariance = arma::cov(draws.t());
  for (arma::uword i = 0; i < 2; ++i) {
    // SE of a sample mean: sqrt(Σ_ii / n).
    BOOST_TEST(std::abs(mean(i) - means(i, 1)) <= kStandardErrors * std::sqrt(sigma(i, i) / n));
    for (arma::uword j = 0; j < 2; ++j) {
      // SE of a Gaussian sample covariance: sqrt((Σ_ii Σ_jj + Σ_ij²) / n).
      const double standard_error = std::sqrt((sigma(i, i) * sigma(j, j) + sigma(i, j) * sigma(i, j)) / n);
      BOOST_TEST(std::abs(covariance(i, j) - sigma(i, j)) <= kStandardErrors * standard_error);
    }
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(same_stream_same_draws, Covariance, CovarianceTypes) {
  GaussianFamily<Covariance> family(2, 2, 1e-6);
  family.set_parameters(arma::mat{{0.0, 1.0}, {0.0, -2.0}}, known_covariances<Covariance>());
  RandomStream a(99), b(99);
  arma::mat first, second, third;
  family.sample(1, 1000, a, first);
  family.sample(1, 1000, b, second);
  BOOST_TEST(identical(first, second));
  family.sample(1, 1000, a, third);  // the stream moved on
  BOOST_TEST(!identical(first, third));
}

BOOST_AUTO_TEST_CASE(sampling_needs_parameters_and_a_valid_component) {
  FullGaussianFamily family(2, 2, 1e-6);
  RandomStream stream(1);
  arma::mat out;
  BOOST_CHECK_THROW(family.sample(0, 10, stream, out), Error);
  family.set_parameters(arma::zeros(2, 2), known_covariances<FullCovariance>());
  BOOST_CHECK_THROW(family.sample(2, 10, stream, out), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // sampling_test
