// Special functions and closed-form divergences against independent values.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"

#include <boost/random/gamma_distribution.hpp>

#include <cmath>
#include <numbers>

BOOST_AUTO_TEST_SUITE(divergences_test)

using namespace mixfit;

// log n! reads a table below 1024: the same numbers as log Γ(n + 1), and log Γ beyond it and between integers.
BOOST_AUTO_TEST_CASE(log_factorial_is_log_gamma_of_n_plus_one) {
  BOOST_TEST(log_factorial(0.0) == 0.0);
  BOOST_TEST(std::abs(log_factorial(5.0) - std::log(120.0)) < 1e-15);
  for (double n = 0.0; n < 1100.0; n += 1.0) BOOST_TEST_REQUIRE(log_factorial(n) == log_gamma(n + 1.0), "n = " << n);
  for (const double n : {0.5, 2.25, 1023.5, 1e6 + 0.5}) BOOST_TEST(log_factorial(n) == log_gamma(n + 1.0));
  BOOST_CHECK_THROW(log_factorial(-2.0), NumericalError);
}

BOOST_AUTO_TEST_CASE(special_functions_match_known_values) {
  // ψ(1) = −γ (Euler–Mascheroni), ψ(1/2) = −γ − 2 log 2, log Γ(1/2) = ½ log π.
  constexpr double euler_gamma = 0.57721566490153286;
  BOOST_TEST(std::abs(digamma(1.0) + euler_gamma) < 1e-15);
  BOOST_TEST(std::abs(digamma(0.5) + euler_gamma + 2 * std::log(2.0)) < 1e-15);
  BOOST_TEST(std::abs(log_gamma(0.5) - 0.5 * std::log(std::numbers::pi)) < 1e-15);
  // Γ_1(a) = Γ(a); Γ_2(a) = π^{1/2} Γ(a) Γ(a − ½).
  BOOST_TEST(std::abs(log_multivariate_gamma(3.2, 1) - log_gamma(3.2)) < 1e-14);
  BOOST_TEST(std::abs(log_multivariate_gamma(3.2, 2) -
                      (0.5 * std::log(std::numbers::pi) + log_gamma(3.2) + log_gamma(2.7))) < 1e-14);
  BOOST_TEST(std::abs(multivariate_digamma_sum(5.0, 2) - (digamma(2.5) + digamma(2.0))) < 1e-15);
  BOOST_CHECK_THROW(digamma(0.0), NumericalError);
  BOOST_CHECK_THROW(log_gamma(-1.0), NumericalError);
}

BOOST_AUTO_TEST_CASE(gamma_kl_agrees_with_monte_carlo_and_vanishes_on_equal_arguments) {
  BOOST_TEST(std::abs(kl_gamma(2.5, 0.7, 2.5, 0.7)) < 1e-15);
  BOOST_TEST(std::abs(kl_beta(2.5, 0.7, 2.5, 0.7)) < 1e-15);
  const double shape = 3.0, rate = 2.0, prior_shape = 1.5, prior_rate = 0.5;
  RandomStream stream = derive_stream(3, "test", 0);
  boost::random::gamma_distribution<double> draw(shape, 1.0 / rate);  // Boost takes a scale
  constexpr std::size_t n = 200000;
  arma::vec log_ratio(n);
  auto log_density = [](double x, double a, double b) {
    return a * std::log(b) - log_gamma(a) + (a - 1.0) * std::log(x) - b * x;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double x = draw(stream);
    log_ratio(i) = log_density(x, shape, rate) - log_density(x, prior_shape, prior_rate);
  }
  const double se = arma::stddev(log_ratio) / std::sqrt(static_cast<double>(n));
  BOOST_TEST(std::abs(arma::mean(log_ratio) - kl_gamma(shape, rate, prior_shape, prior_rate)) < 5 * se);
}

BOOST_AUTO_TEST_SUITE_END()  // divergences_test
