// The von_mises family: the Bessel quantities across the switch to the asymptotic series, the concentration
// equation, the density, located load errors and the conformance suite over [−π, π].
#include <boost/test/unit_test.hpp>

#include "von_mises_cell.hpp"
#include "von_mises_math.hpp"

#include "mixfit/conformance/family_conformance.hpp"
#include "mixfit/conformance/quadrature.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/data/data_block.hpp"

#include <boost/math/special_functions/bessel.hpp>

#include <cmath>
#include <numbers>
#include <string>

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::von_mises;

BOOST_AUTO_TEST_SUITE(von_mises_family_test)

BOOST_AUTO_TEST_CASE(bessel_quantities_are_continuous_across_the_asymptotic_switch) {
  for (const double kappa : {1e-3, 0.5, 3.0, 40.0, 300.0})
    BOOST_TEST(log_bessel_i0(kappa) == std::log(boost::math::cyl_bessel_i(0, kappa)), tt::tolerance(1e-14));
  // Just below and above 700 the direct ratio and the series agree to rounding.
  BOOST_TEST(log_bessel_i0(700.0 + 1e-9) == std::log(boost::math::cyl_bessel_i(0, 700.0 + 1e-9)), tt::tolerance(1e-15));
  BOOST_TEST(mean_resultant_length(700.0 + 1e-9) ==
                 boost::math::cyl_bessel_i(1, 700.0 + 1e-9) / boost::math::cyl_bessel_i(0, 700.0 + 1e-9),
             tt::tolerance(1e-15));
  BOOST_TEST(std::isfinite(log_bessel_i0(1e6)));
  BOOST_TEST(mean_resultant_length(1e6) == 1.0 - 0.5e-6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(the_concentration_solves_its_equation) {
  for (const double kappa : {0.05, 0.8, 4.0, 60.0, 2000.0}) {
    const double r = mean_resultant_length(kappa);
    BOOST_TEST(concentration_for(r, 1e6) == kappa, tt::tolerance(1e-9));
  }
  BOOST_TEST(concentration_for(0.0, 1e6) == 0.0);
  BOOST_TEST(concentration_for(1.0, 1e6) == 1e6);
}

BOOST_AUTO_TEST_CASE(scores_are_the_von_mises_log_density) {
  VonMisesFamily family(1, {"a", "b"}, {1e6, {}});
  family.set_parameters({arma::mat(arma::colvec{0.5, -2.0}), arma::mat(arma::colvec{3.0, 0.2})});
  const arma::mat x = {{0.1, 3.0, -1.0}, {2.5, -2.9, 0.0}};
  arma::mat scores;
  family.log_likelihood(DataBlock(x, 0, 3, 0), scores);
  for (std::size_t j = 0; j < 3; ++j) {
    double expected = 0.0;
    for (std::size_t d = 0; d < 2; ++d) {
      const double kappa = family.table().values[1](d, 0), mu = family.table().values[0](d, 0);
      expected += kappa * std::cos(x(d, j) - mu) - std::log(2 * std::numbers::pi * boost::math::cyl_bessel_i(0, kappa));
    }
    BOOST_TEST(scores(0, j) == expected, tt::tolerance(1e-13));
  }
}

BOOST_AUTO_TEST_CASE(load_errors_are_located) {
  VonMisesFamily family(1, {"a", "b"}, {1e6, {}});
  try {
    family.load(YAML::Load("components:\n  - {mean_direction: [0, 4], concentration: [1, 2]}\n"), "model.yaml");
    BOOST_FAIL("an angle of 4 accepted");
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("model.yaml:2:") == 0u, e.what());
    BOOST_TEST(std::string(e.what()).find("components[0].mean_direction[1]: expected an angle in (-pi, pi]") !=
               std::string::npos);
  }
  BOOST_TEST(!family.has_parameters());
}

BOOST_AUTO_TEST_CASE(passes_the_conformance_suite_over_the_circle) {
  conformance::FamilyCase c;
  c.name = "von_mises";
  c.columns = {{"a", ColumnKind::real, 0, {}}, {"b", ColumnKind::real, 1, {}}};
  c.make_family = [] { return std::make_unique<VonMisesFamily>(2, std::vector<std::string>{"a", "b"}, VonMisesFamily::Options{1e6, {}}); };
  c.parameters = YAML::Load("components: [{mean_direction: [0.5, -2.5], concentration: [4, 1]},"
                            " {mean_direction: [3, 1], concentration: [10, 0.5]}]");
  // At N = 2000: directions within 5/sqrt(N κ A(κ)) < 0.17 rad, concentrations within about 15%.
  c.absolute_tolerance = 0.17;
  c.relative_tolerance = 0.15;
  const conformance::QuadratureGrid grid =
      conformance::interval_grid({-std::numbers::pi, -std::numbers::pi}, {std::numbers::pi, std::numbers::pi}, 80);
  c.quadrature_points = grid.points;
  c.quadrature_weights = grid.weights;
  c.normalisation_tolerance = 1e-10;
  const auto results = conformance::check_family(c);
  BOOST_TEST_MESSAGE(conformance::report(results));
  BOOST_TEST(results.size() == 10u);
  for (const auto& result : results) BOOST_TEST(result.passed, result.check << ": " << result.detail);
}

BOOST_AUTO_TEST_SUITE_END()
