// The generic conformance suite passes for the built-in gaussian, bernoulli, categorical and product families.
#include <boost/test/unit_test.hpp>

#include "mixfit/conformance/family_conformance.hpp"
#include "support/model_builders.hpp"

#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(builtin_families_conformance_test)

using namespace mixfit;
using mixfit::conformance::FamilyCase;

namespace {

/// A case whose families come from the build tree's plugin, through the registry (the CLI's path).
FamilyCase registry_case(const FamilyRegistry& registry, const std::string& family, const std::string& options_yaml,
                         std::size_t k_count, std::vector<ColumnSpec> columns, const std::string& parameters_yaml) {
  FamilyCase c;
  c.name = family + " " + options_yaml;
  const YAML::Node options = registry.resolve_options(family, YAML::Load(options_yaml), {"test", "model.options"});
  c.make_family = [&registry, family, options, k_count, columns] {
    return registry.create(family, FamilySpec{k_count, columns, options, "test", &registry});
  };
  c.columns = std::move(columns);
  c.parameters = YAML::Load(parameters_yaml);
  return c;
}

std::vector<ColumnSpec> columns_of(ColumnKind kind, std::size_t count) {
  std::vector<ColumnSpec> columns;
  for (std::size_t d = 0; d < count; ++d) {
    std::string name = "c";  // not "c" + to_string(d): GCC 12 warns falsely on that (-Wrestrict, GCC bug 105329)
    name += std::to_string(d);
    columns.push_back({name, kind, d, {}});
  }
  return columns;
}

/// A grid over [x0, x1]×[y0, y1] with spacing h and cell-area weights (a
/// Riemann sum of a Gaussian density converges faster than any power of h).
void add_grid(FamilyCase& c, double x0, double x1, double y0, double y1, double h) {
  const arma::vec xs = arma::regspace(x0, h, x1), ys = arma::regspace(y0, h, y1);
  c.quadrature_points.set_size(2, xs.n_elem * ys.n_elem);
  for (std::size_t i = 0; i < xs.n_elem; ++i)
    for (std::size_t j = 0; j < ys.n_elem; ++j) c.quadrature_points.col(i * ys.n_elem + j) = arma::vec{xs(i), ys(j)};
  c.quadrature_weights.set_size(c.quadrature_points.n_cols);
  c.quadrature_weights.fill(h * h);
}

void expect_conformance(const FamilyCase& c) {
  const std::vector<conformance::CheckResult> results = conformance::check_family(c);
  BOOST_TEST_MESSAGE(c.name << ":\n" << conformance::report(results));
  BOOST_TEST(results.size() == 13u);  // each of these families is variational: every check ran
  for (const auto& result : results) BOOST_TEST(result.passed, c.name << ": " << result.check << ": " << result.detail);
}

}  // namespace

BOOST_AUTO_TEST_CASE(gaussian_full_covariance) {
  const FamilyRegistry registry = testing::build_tree_registry();
  FamilyCase c = registry_case(registry, "gaussian", "{covariance: full, reg_covar: 0}", 2,
                               columns_of(ColumnKind::real, 2),
                               "components:\n"
                               "  - {mean: [0, 0.5], covariance: [[1, 0.3], [0.3, 0.5]]}\n"
                               "  - {mean: [3, -2], covariance: [[0.5, -0.2], [-0.2, 1]]}\n");
  // Standard errors at N = 2000: means ≤ 0.023, covariance entries ≤ 0.032; five of them.
  c.absolute_tolerance = 0.16;
  c.relative_tolerance = 0.0;
  add_grid(c, -7.0, 10.0, -9.0, 8.0, 0.1);
  expect_conformance(c);
}

// Real columns without a quadrature: the normalisation check fails and says what to give, never passes silently.
BOOST_AUTO_TEST_CASE(real_columns_without_a_quadrature_fail_the_normalisation_check) {
  const FamilyRegistry registry = testing::build_tree_registry();
  const FamilyCase c = registry_case(registry, "gaussian", "{covariance: diag}", 2, columns_of(ColumnKind::real, 2),
                                     "components:\n"
                                     "  - {mean: [0, 0.5], covariance: [1, 0.5]}\n"
                                     "  - {mean: [3, -2], covariance: [0.5, 1]}\n");
  bool seen = false;
  for (const auto& result : conformance::check_family(c))
    if (result.check == "log_likelihood_normalised") {
      seen = true;
      BOOST_TEST(!result.passed);
      BOOST_TEST(result.detail.find("no quadrature points") != std::string::npos, result.detail);
    }
  BOOST_TEST(seen);
}

BOOST_AUTO_TEST_CASE(gaussian_tied_covariance) {
  const FamilyRegistry registry = testing::build_tree_registry();
  FamilyCase c = registry_case(registry, "gaussian", "{covariance: tied, reg_covar: 0}", 2,
                               columns_of(ColumnKind::real, 2),
                               "components: [{mean: [-1, 0]}, {mean: [2, 1]}]\n"
                               "shared: {covariance: [[0.8, 0.1], [0.1, 0.6]]}\n");
  c.absolute_tolerance = 0.16;
  c.relative_tolerance = 0.0;
  add_grid(c, -8.0, 9.0, -7.0, 8.0, 0.1);
  expect_conformance(c);
}

// mclust's eigen-decomposed models: the decomposition is what model.yaml holds, equal parts under shared:.
// Orientations are given in the canonical form the M-step returns (each axis's largest entry positive).
// They fit by ML EM only, so the checks that need a prior or VB do not run; every other one must pass.
void expect_eigen_conformance(const std::string& model, const std::string& parameters_yaml) {
  const FamilyRegistry registry = testing::build_tree_registry();
  FamilyCase c = registry_case(registry, "gaussian", "{covariance: " + model + ", reg_covar: 0}", 2,
                               columns_of(ColumnKind::real, 2), parameters_yaml);
  c.absolute_tolerance = 0.16;
  c.relative_tolerance = 0.0;
  add_grid(c, -8.0, 10.0, -9.0, 9.0, 0.1);
  const std::vector<conformance::CheckResult> results = conformance::check_family(c);
  BOOST_TEST_MESSAGE(c.name << ":\n" << conformance::report(results));
  std::size_t ran = 0;
  for (const auto& result : results) {
    BOOST_TEST(result.passed, c.name << ": " << result.check << ": " << result.detail);
    if (result.applicable) ++ran;
  }
  BOOST_TEST(ran >= 9u);
}

BOOST_AUTO_TEST_CASE(gaussian_vei_diagonal_eigen_model) {
  expect_eigen_conformance("VEI",
                           "components: [{mean: [0, 0.5], volume: 1}, {mean: [3, -2], volume: 0.5}]\n"
                           "shared: {shape: [2, 0.5]}\n");
}

BOOST_AUTO_TEST_CASE(gaussian_vev_oriented_eigen_model) {
  expect_eigen_conformance("VEV",
                           "components:\n"
                           "  - {mean: [0, 0.5], volume: 1.2, orientation: [[0.6, 0.8], [0.8, -0.6]]}\n"
                           "  - {mean: [3, -2], volume: 0.6, orientation: [[1, 0], [0, 1]]}\n"
                           "shared: {shape: [2, 0.5]}\n");
}

BOOST_AUTO_TEST_CASE(gaussian_eve_common_orientation_eigen_model) {
  expect_eigen_conformance("EVE",
                           "components: [{mean: [0, 0.5], shape: [2, 0.5]}, {mean: [3, -2], shape: [0.25, 4]}]\n"
                           "shared: {volume: 0.8, orientation: [[0.6, 0.8], [0.8, -0.6]]}\n");
}

BOOST_AUTO_TEST_CASE(bernoulli) {
  const FamilyRegistry registry = testing::build_tree_registry();
  FamilyCase c = registry_case(registry, "bernoulli", "{}", 2, columns_of(ColumnKind::binary, 4),
                               "components:\n"
                               "  - {probabilities: [0.1, 0.5, 0.8, 0.3]}\n"
                               "  - {probabilities: [0.7, 0.2, 0.4, 0.95]}\n");
  c.absolute_tolerance = 0.056;  // five standard errors of a proportion near 0.5 at N = 2000
  c.relative_tolerance = 0.0;
  expect_conformance(c);  // the 16-point support is enumerated by the suite
}

BOOST_AUTO_TEST_CASE(categorical) {
  const FamilyRegistry registry = testing::build_tree_registry();
  std::vector<ColumnSpec> columns = columns_of(ColumnKind::categorical, 2);
  columns[0].levels = {"red", "green", "blue"};
  columns[1].levels = {"small", "large"};
  FamilyCase c = registry_case(registry, "categorical", "{}", 3, columns,
                               "components:\n"
                               "  - {probabilities: [[0.2, 0.3, 0.5], [0.6, 0.4]]}\n"
                               "  - {probabilities: [[0.7, 0.2, 0.1], [0.1, 0.9]]}\n"
                               "  - {probabilities: [[0.3, 0.3, 0.4], [0.5, 0.5]]}\n");
  c.absolute_tolerance = 0.056;
  c.relative_tolerance = 0.0;
  expect_conformance(c);
}

// A composite family over mixed columns: real (x, y) to a diagonal Gaussian, binary (b0, b1) to a Bernoulli.
BOOST_AUTO_TEST_CASE(product_of_gaussian_and_bernoulli) {
  const FamilyRegistry registry = testing::build_tree_registry();
  std::vector<ColumnSpec> columns = columns_of(ColumnKind::real, 2);
  for (ColumnSpec binary : columns_of(ColumnKind::binary, 2)) {
    binary.name[0] = 'b';  // c0, c1 → b0, b1
    columns.push_back(binary);
  }
  FamilyCase c = registry_case(registry, "product",
                               "{parts: [{family: gaussian, columns: [c0, c1], options: {covariance: diag, reg_covar: 0}},"
                               " {family: bernoulli, columns: [b0, b1]}]}",
                               2, columns,
                               "components:\n"
                               "  - {parts: [{mean: [0, 1], covariance: [1, 0.5]}, {probabilities: [0.2, 0.7]}]}\n"
                               "  - {parts: [{mean: [3, -1], covariance: [0.6, 1.2]}, {probabilities: [0.9, 0.4]}]}\n");
  c.absolute_tolerance = 0.16;
  c.relative_tolerance = 0.0;
  // The real plane on a grid, times the four binary patterns.
  FamilyCase grid;
  add_grid(grid, -7.0, 10.0, -8.0, 7.0, 0.1);
  const std::size_t m = grid.quadrature_points.n_cols;
  c.quadrature_points.set_size(4, 4 * m);
  for (std::size_t pattern = 0; pattern < 4; ++pattern) {
    c.quadrature_points.submat(0, pattern * m, 1, (pattern + 1) * m - 1) = grid.quadrature_points;
    c.quadrature_points.row(2).subvec(pattern * m, (pattern + 1) * m - 1).fill(double(pattern % 2));
    c.quadrature_points.row(3).subvec(pattern * m, (pattern + 1) * m - 1).fill(double(pattern / 2));
  }
  c.quadrature_weights = arma::repmat(grid.quadrature_weights, 4, 1);
  expect_conformance(c);
}

BOOST_AUTO_TEST_SUITE_END()
