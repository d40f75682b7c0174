// The student_t family: its density against the textbook formula, the normaliser as ν → ∞, the ν equation,
// located load errors, options, and the conformance suite with the iterative refit and a real-line quadrature.
#include <boost/test/unit_test.hpp>

#include "student_t_family.hpp"
#include "student_t_math.hpp"

#include "mixfit/conformance/family_conformance.hpp"
#include "mixfit/conformance/quadrature.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/math/special_functions.hpp"
#include "mixfit/plugin/family_registry.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <cmath>
#include <numbers>
#include <sstream>
#include <string>

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::student_t;

namespace {

StudentTFamily three_dimensional(double nu) {
  StudentTOptions options;
  options.fixed_degrees = nu;
  StudentTFamily family(2, 3, options);
  arma::cube scales(3, 3, 2);
  scales.slice(0) = {{2.0, 0.3, 0.1}, {0.3, 1.0, -0.2}, {0.1, -0.2, 0.5}};
  scales.slice(1) = arma::diagmat(arma::vec{0.5, 1.5, 3.0});
  family.set_parameters(arma::mat{{0.0, 1.0}, {1.0, -2.0}, {-1.0, 0.5}}, scales, arma::vec{nu, nu});
  return family;
}

std::string load_error(const std::string& text, StudentTOptions options = {}) {
  StudentTFamily family(2, 2, options);
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const ConfigError& e) {
    BOOST_TEST(!family.has_parameters());
    return e.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(student_t_family_test)

BOOST_AUTO_TEST_CASE(log_density_is_the_multivariate_t_formula) {
  const StudentTFamily family = three_dimensional(4.5);
  const arma::mat x = {{0.3, -1.0, 4.0}, {1.2, 0.0, -3.0}, {-0.7, 2.0, 0.25}};
  arma::mat scores;
  family.log_likelihood(DataBlock(x, 0, x.n_cols, 0), scores);
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < x.n_cols; ++j) {
      const arma::mat& sigma = family.scales().slice(k);
      const arma::vec centred = x.col(j) - family.means().col(k);
      const double delta = arma::as_scalar(centred.t() * arma::inv_sympd(sigma) * centred);
      const double nu = 4.5, d = 3.0;
      // log Γ((ν+D)/2) − log Γ(ν/2) − (D/2) log(νπ) − ½ log|Σ| − ((ν+D)/2) log(1 + δ/ν)
      const double expected = std::lgamma(0.5 * (nu + d)) - std::lgamma(0.5 * nu) -
                              0.5 * d * std::log(nu * std::numbers::pi) - 0.5 * std::log(arma::det(sigma)) -
                              0.5 * (nu + d) * std::log(1.0 + delta / nu);
      BOOST_TEST(scores(k, j) == expected, tt::tolerance(1e-12));
    }
}

BOOST_AUTO_TEST_CASE(the_normaliser_excess_matches_log_gamma_and_vanishes_as_nu_grows) {
  for (const std::size_t d : {1u, 2u, 3u, 4u, 7u})
    for (const double nu : {0.7, 3.0, 25.0}) {
      const double direct = std::lgamma(0.5 * (nu + d)) - std::lgamma(0.5 * nu) - 0.5 * d * std::log(0.5 * nu);
      BOOST_TEST(log_normaliser_excess(nu, d) == direct, tt::tolerance(1e-12));
    }
  // Two log-gammas near 1.3e13 would lose every digit here; the excess is O(D²/ν).
  for (const std::size_t d : {1u, 2u, 5u}) BOOST_TEST(std::abs(log_normaliser_excess(1e12, d)) < 1e-10);
}

BOOST_AUTO_TEST_CASE(the_degrees_of_freedom_solve_their_equation) {
  const double previous = 6.0, mean_log_weight = -1.08;
  const double nu = solve_degrees_of_freedom(mean_log_weight, previous, 2, 0.5, 1000.0);
  const double residual = -digamma(0.5 * nu) + std::log(0.5 * nu) + 1.0 + mean_log_weight +
                          digamma(0.5 * (previous + 2.0)) - std::log(0.5 * (previous + 2.0));
  BOOST_TEST(std::abs(residual) < 1e-12);
  BOOST_TEST(solve_degrees_of_freedom(-1.0 + 1e-300, 1e6, 2, 0.5, 1000.0) == 1000.0);  // Gaussian weights: the bound
}

BOOST_AUTO_TEST_CASE(load_errors_are_located) {
  const std::string head = "components:\n  - {mean: [0, 0], scale: [[1, 0], [0, 1]], degrees_of_freedom: 4}\n";
  BOOST_TEST(load_error(head).find("expected a list of 2 components") != std::string::npos);
  BOOST_TEST(load_error(head + "  - {mean: [0, 0], scale: [[1, 2], [2, 1]], degrees_of_freedom: 4}\n")
                 .find("components[1].scale: expected a symmetric positive definite matrix") != std::string::npos);
  BOOST_TEST(load_error(head + "  - {mean: [0, 0], scale: [[1, 0], [0, 1]], degrees_of_freedom: 0}\n")
                 .find("model.yaml:3:") == 0u);
  BOOST_TEST(load_error(head + "  - {mean: [0], scale: [[1, 0], [0, 1]], degrees_of_freedom: 4}\n")
                 .find("components[1].mean") != std::string::npos);
  StudentTOptions fixed;
  fixed.fixed_degrees = 4.0;
  BOOST_TEST(load_error(head + "  - {mean: [0, 0], scale: [[1, 0], [0, 1]], degrees_of_freedom: 5}\n", fixed)
                 .find("model.yaml:3:65: components[1].degrees_of_freedom: expected the configured "
                       "degrees_of_freedom 4") == 0u);
  StudentTOptions diagonal;
  diagonal.diagonal = true;
  // A diagonal family reads D scales: a matrix is located at its first row.
  BOOST_TEST(load_error(head + head.substr(12), diagonal).find("components[0].scale[0]: expected a number, got [1, 0]") !=
             std::string::npos);
  BOOST_TEST(load_error("components:\n  - {mean: [0, 0], scale: [1, 2], degrees_of_freedom: 4}\n"
                        "  - {mean: [0, 0], scale: [1, 0], degrees_of_freedom: 4}\n", diagonal)
                 .find("components[1].scale[1]: expected a number > 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(options_are_checked_where_they_are_read_at_their_line) {
  FamilyRegistry registry;
  PluginLoader(registry).load_file(MIXFIT_BUILD_PLUGIN_DIR "/libmixfit_student_t.so");
  const auto resolve = [&](const std::string& options) {
    return registry.resolve_options("student_t", YAML::Load(options), {"x.yaml", "model.options"});
  };
  const auto create = [&](const std::string& options) {
    const FamilySpec spec{2, {{"a", ColumnKind::real, 0, {}}}, resolve(options), "x.yaml", &registry};
    return registry.create("student_t", spec);
  };
  BOOST_TEST(create("{}")->num_free_parameters() == 2u * (1 + 1 + 1));
  BOOST_TEST(create("{degrees_of_freedom: 7}")->num_free_parameters() == 2u * (1 + 1));
  const auto error_of = [&](const std::string& options) {
    try {
      resolve(options);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  BOOST_TEST(error_of("{degrees_of_freedom: many}") ==
             "x.yaml:1:22: model.options.degrees_of_freedom: expected a number > 0 or 'estimate'");
  BOOST_TEST(error_of("{min_degrees_of_freedom: 50,\n max_degrees_of_freedom: 20}") ==
             "x.yaml:2:26: model.options.max_degrees_of_freedom: must exceed min_degrees_of_freedom (50), got 20");
  // A rule broken by a default points at the section.
  BOOST_TEST(error_of("{min_degrees_of_freedom: 5000}").find("model.options.max_degrees_of_freedom: must exceed") !=
             std::string::npos);
  std::ostringstream described;
  registry.get("student_t").options.describe(described);
  BOOST_TEST(described.str().find("(rule) min_degrees_of_freedom < max_degrees_of_freedom") != std::string::npos,
             described.str());
}

// The statistics depend on the parameters (the latent scales), so the refit repeats the M-step.
BOOST_AUTO_TEST_CASE(passes_the_conformance_suite_with_the_iterative_refit) {
  for (const bool diagonal : {false, true}) {
    conformance::FamilyCase c;
    c.name = diagonal ? "student_t diag" : "student_t full";
    c.columns = {{"a", ColumnKind::real, 0, {}}, {"b", ColumnKind::real, 1, {}}};
    c.make_family = [diagonal] {
      StudentTOptions options;
      options.diagonal = diagonal;
      return std::make_unique<StudentTFamily>(2, 2, options);
    };
    c.parameters = YAML::Load(diagonal ? "components: [{mean: [0, 1], scale: [1, 0.5], degrees_of_freedom: 4},"
                                         " {mean: [4, -3], scale: [0.5, 2], degrees_of_freedom: 9}]"
                                       : "components: [{mean: [0, 1], scale: [[1, 0.3], [0.3, 0.5]], "
                                         "degrees_of_freedom: 4}, {mean: [4, -3], scale: [[0.5, -0.2], [-0.2, 2]], "
                                         "degrees_of_freedom: 9}]");
    c.refit_iterations = 2000;
    // At N = 2000 the means and scales are within 0.1 and ν within about half of itself (its information is small).
    c.absolute_tolerance = 0.15;
    c.relative_tolerance = 0.5;
    const conformance::QuadratureGrid grid = conformance::real_line_grid({2.0, -1.0}, {3.0, 3.0}, 100);
    c.quadrature_points = grid.points;
    c.quadrature_weights = grid.weights;
    const auto results = conformance::check_family(c);
    BOOST_TEST_MESSAGE(conformance::report(results));
    BOOST_TEST(results.size() == 10u);  // not variational
    for (const auto& result : results) BOOST_TEST(result.passed, c.name << ": " << result.check << ": " << result.detail);
    // One M-step from the first pass (u = 1, ν kept) is the Gaussian's estimate, not the t's.
    c.refit_iterations = 1;
    for (const auto& result : conformance::check_family(c))
      if (result.check == "maximum_likelihood_refit") BOOST_TEST(!result.passed, result.detail);
  }
}

BOOST_AUTO_TEST_SUITE_END()
