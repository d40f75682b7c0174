// The conformance suite's quadrature grids integrate known densities to 1 and known moments exactly.
#include <boost/test/unit_test.hpp>

#include "mixfit/conformance/quadrature.hpp"

#include <cmath>
#include <numbers>

BOOST_AUTO_TEST_SUITE(quadrature_test)

namespace tt = boost::test_tools;
using namespace mixfit::conformance;

BOOST_AUTO_TEST_CASE(half_line_integrates_exponential_densities_within_ten_times_its_scale) {
  const QuadratureGrid grid = half_line_grid(arma::vec{1.0}, 80);
  for (const double rate : {0.1, 1.0, 10.0}) {
    double total = 0.0, mean = 0.0;
    for (std::size_t i = 0; i < grid.weights.n_elem; ++i) {
      const double density = rate * std::exp(-rate * grid.points(0, i));
      total += grid.weights(i) * density;
      mean += grid.weights(i) * density * grid.points(0, i);
    }
    BOOST_TEST(total == 1.0, tt::tolerance(2e-8));  // far below the suite's default 1e-6
    BOOST_TEST(mean == 1.0 / rate, tt::tolerance(2e-7));
  }
}

BOOST_AUTO_TEST_CASE(real_line_integrates_a_product_of_normal_densities) {
  const QuadratureGrid grid = real_line_grid(arma::vec{1.0, -2.0}, arma::vec{2.0, 0.5}, 60);
  BOOST_TEST(grid.points.n_rows == 2u);
  BOOST_TEST(grid.points.n_cols == 3600u);
  double total = 0.0;
  for (std::size_t i = 0; i < grid.weights.n_elem; ++i) {
    const double z0 = (grid.points(0, i) - 1.5) / 2.0, z1 = (grid.points(1, i) + 2.0) / 0.5;
    total += grid.weights(i) * std::exp(-0.5 * (z0 * z0 + z1 * z1)) / (2.0 * std::numbers::pi * 2.0 * 0.5);
  }
  BOOST_TEST(total == 1.0, tt::tolerance(1e-8));
}

BOOST_AUTO_TEST_CASE(interval_rule_is_exact_for_polynomials_and_sees_a_missing_mass) {
  const QuadratureGrid grid = interval_grid(arma::vec{0.0}, arma::vec{2.0}, 10);
  double cubic = 0.0, half = 0.0;
  for (std::size_t i = 0; i < grid.weights.n_elem; ++i) {
    cubic += grid.weights(i) * std::pow(grid.points(0, i), 3);
    half += grid.weights(i) * 0.25;  // a "density" 1/4 on [0, 2] integrates to 1/2, not 1
  }
  BOOST_TEST(cubic == 4.0, tt::tolerance(1e-14));
  BOOST_TEST(half == 0.5, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_SUITE_END()
