// Diag and spherical with constant columns (issue 16): exact scores and moments, the fast path kept, any thread count.
#include <boost/test/unit_test.hpp>

#include "elementwise_kernels.hpp"
#include "gaussian_test_support.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/io/model_io.hpp"
#include "support/model_builders.hpp"

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(constant_columns_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

/// The largest error of scores(k, j) against constants(k) − ½ Σ_i p_ik (x_ij − μ_ik)², written out, relative
/// to the size of its terms, |constants(k)| + ½ Σ_i p_ik (x_ij − μ_ik)² (a score can be near 0 by cancellation).
/// precisions: D×K, or 1×K for spherical.
double score_error(const arma::mat& scores, const arma::mat& x, const arma::mat& means, const arma::mat& precisions,
                   const arma::vec& constants) {
  if (scores.n_rows != means.n_cols || scores.n_cols != x.n_cols) return INFINITY;
  double worst = 0.0;
  for (arma::uword j = 0; j < x.n_cols; ++j)
    for (arma::uword k = 0; k < means.n_cols; ++k) {
      double quadratic = 0.0;
      for (arma::uword i = 0; i < x.n_rows; ++i) {
        const double deviation = x(i, j) - means(i, k);
        quadratic += 0.5 * precisions(precisions.n_rows == 1 ? 0 : i, k) * deviation * deviation;
      }
      const double scale = std::abs(constants(k)) + quadratic;
      worst = std::max(worst, std::abs(scores(k, j) - (constants(k) - quadratic)) / scale);
    }
  return worst;
}

/// Σ_j r_kj (x_j − μ_k) and Σ_j r_kj (x_j − μ_k)², written out.
void direct_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights, arma::mat& first,
                    arma::mat& second) {
  first.zeros(x.n_rows, means.n_cols);
  second.zeros(x.n_rows, means.n_cols);
  for (arma::uword k = 0; k < means.n_cols; ++k)
    for (arma::uword j = 0; j < x.n_cols; ++j)
      for (arma::uword i = 0; i < x.n_rows; ++i) {
        const double deviation = x(i, j) - means(i, k);
        first(i, k) += weights(k, j) * deviation;
        second(i, k) += weights(k, j) * deviation * deviation;
      }
}

/// The first moment about a mean near the data's nearly cancels: each entry is
/// measured against √(N · second), the size of its terms (0 must stay 0).
double first_moment_error(const arma::mat& actual, const arma::mat& expected, const arma::mat& second,
                          const arma::mat& weights) {
  double worst = 0.0;
  for (arma::uword k = 0; k < actual.n_cols; ++k)
    for (arma::uword i = 0; i < actual.n_rows; ++i) {
      const double scale = std::max(std::sqrt(arma::accu(weights.row(k)) * second(i, k)), 1e-300);
      worst = std::max(worst, std::abs(actual(i, k) - expected(i, k)) / scale);
    }
  return worst;
}

/// 1001 rows (250 tiles and a one-row tail) in D = 5 about means near 10:
/// column 1 is 0 and column 3 is 0.1 on every row (0.1 · 3 / 3 is not 0.1 in
/// doubles, so the shift must be exact by construction, not by luck).
struct ConstantData {
  arma::mat x = 3.0 * random_points(5, 1001, 101) + 10.0;
  arma::mat means = 3.0 * random_points(5, 3, 102) + 10.0;
  arma::mat weights = random_responsibilities(3, 1001, 103);
  arma::mat diagonal = 1.0 / (0.5 + arma::abs(random_points(5, 3, 104)));
  arma::mat spherical = 1.0 / (0.5 + arma::abs(random_points(1, 3, 105)));
  arma::vec constants = random_points(3, 1, 106);
  ConstantData() {
    x.row(1).zeros();
    x.row(3).fill(0.1);
    means.row(1).zeros();
    means.row(3).fill(0.1);
    diagonal.row(1).fill(1e6);  // reg_covar's precision: what such a column's variance becomes
    diagonal.row(3).fill(1e6);
  }
};

/// Column 2 is 2.5 on the rows of component 1, which has collapsed there
/// (precision 1e10, weight exactly 0 on every other row); the other
/// components sit at −3 and 7 in that column.
struct CollapsedData {
  arma::mat x = random_points(4, 1203, 111);
  arma::mat means = random_points(4, 3, 112);
  arma::mat weights = random_responsibilities(3, 1203, 113);
  arma::mat diagonal = 1.0 / (0.5 + arma::abs(random_points(4, 3, 114)));
  arma::vec constants = random_points(3, 1, 116);
  CollapsedData() {
    for (arma::uword j = 0; j < x.n_cols; j += 3) {
      x(2, j) = 2.5;  // rows 0, 3, 6, …: component 1's
      weights(0, j) += weights(2, j);
      weights(2, j) = 0.0;
    }
    for (arma::uword j = 0; j < x.n_cols; ++j)
      if (j % 3 != 0) {
        weights(0, j) += weights(1, j);
        weights(1, j) = 0.0;
      }
    means(2, 0) = -3.0;
    means(2, 1) = 2.5;
    means(2, 2) = 7.0;
    diagonal(2, 1) = 1e10;  // reg_covar = 1e-10, as mixfit-bench uses
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_decisions) {
  // Moments: m = 0 is the direct sum itself, whatever the spread (0, and a bound of 0, included).
  BOOST_TEST(detail::moment_expansion_exact(0.0, 0.0, 0.0));
  BOOST_TEST(detail::moment_expansion_exact(0.0, -1e-300, 1e-20));
  BOOST_TEST(!detail::moment_expansion_exact(2.5, 0.0, 1e-20));  // constant at v ≠ c: a residue where 0 is due
  BOOST_TEST(!detail::moment_expansion_exact(2.5, 0.0, 0.0));
  BOOST_TEST(detail::moment_expansion_exact(2.5, 1.0, 0.9e-10));
  BOOST_TEST(!detail::moment_expansion_exact(2.5, 1.0, 1.1e-10));
  // Scores: p m² ≤ 256.
  BOOST_TEST(detail::score_term_expandable(1e10, 0.0));
  BOOST_TEST(detail::score_term_expandable(1.0, 16.0));
  BOOST_TEST(!detail::score_term_expandable(1.0, 16.01));
  BOOST_TEST(!detail::score_term_expandable(1e10, 1e-3));
}

BOOST_AUTO_TEST_CASE(the_shifts_are_the_common_mean_of_a_constant_column_exactly) {
  const ConstantData data;
  const arma::vec moment_shift = detail::moment_shift(data.means);
  const arma::vec score_shift = detail::score_shift(data.means, data.diagonal);
  const arma::vec spherical_shift = detail::score_shift(data.means, data.spherical);
  for (const arma::vec* shift : {&moment_shift, &score_shift, &spherical_shift}) {
    BOOST_TEST((*shift)(1) == 0.0);
    BOOST_TEST((*shift)(3) == 0.1);
  }
  BOOST_TEST(arma::mean(data.means.row(3)) != 0.1);  // what the plain mean of the means would have been
  // Equal precisions: the mean of the means.
  const arma::mat equal(5, 3, arma::fill::ones);
  BOOST_TEST(max_relative_error(detail::score_shift(data.means, equal), arma::mean(data.means, 1)) <= 1e-15);
}

BOOST_AUTO_TEST_CASE(constant_columns_keep_the_expansion_and_equal_direct_sums) {
  const ConstantData data;
  for (const arma::mat* precisions : {&data.diagonal, &data.spherical}) {
    arma::mat scores;
    const std::size_t direct_terms =
        detail::elementwise_log_density(data.x, data.means, *precisions, data.constants, scores);
    BOOST_TEST(direct_terms == 0u);
    BOOST_TEST(score_error(scores, data.x, data.means, *precisions, data.constants) <= 1e-12);
  }
  arma::mat first, second, expected_first, expected_second;
  const std::vector<char> expanded = detail::elementwise_moments(data.x, data.means, data.weights, first, second);
  BOOST_TEST((expanded == std::vector<char>{1, 1, 1}));  // the fast path, for every component
  direct_moments(data.x, data.means, data.weights, expected_first, expected_second);
  BOOST_TEST(max_relative_error(second, expected_second) <= 1e-12);  // the constant columns' 0 exactly
  BOOST_TEST(first_moment_error(first, expected_first, expected_second, data.weights) <= 1e-12);
  for (const arma::uword i : {1u, 3u}) {
    BOOST_TEST(arma::all(first.row(i) == 0.0));
    BOOST_TEST(arma::all(second.row(i) == 0.0));
  }
}

BOOST_AUTO_TEST_CASE(a_column_constant_within_one_component_is_exact) {
  const CollapsedData data;
  // Scores: about the precision-weighted shift the collapsed term needs no direct sum.
  arma::mat scores;
  BOOST_TEST(detail::elementwise_log_density(data.x, data.means, data.diagonal, data.constants, scores) == 0u);
  BOOST_TEST(score_error(scores, data.x, data.means, data.diagonal, data.constants) <= 1e-12);
  // Moments: component 1's column 2 (2.5 about c ≈ 2.17) needs the direct pass, the others keep the expansion.
  arma::mat first, second, expected_first, expected_second;
  const std::vector<char> expanded = detail::elementwise_moments(data.x, data.means, data.weights, first, second);
  BOOST_TEST((expanded == std::vector<char>{1, 0, 1}));
  direct_moments(data.x, data.means, data.weights, expected_first, expected_second);
  BOOST_TEST(max_relative_error(second, expected_second) <= 1e-12);
  BOOST_TEST(first_moment_error(first, expected_first, expected_second, data.weights) <= 1e-12);
  BOOST_TEST(second(2, 1) == 0.0);
  BOOST_TEST(first(2, 1) == 0.0);
}

BOOST_AUTO_TEST_CASE(two_components_collapsed_on_different_values_are_scored_directly) {
  // No shift serves both: their terms of column 2 are added directly, and the scores stay exact.
  CollapsedData data;
  data.diagonal(2, 2) = 1e10;
  arma::mat scores;
  BOOST_TEST(detail::elementwise_log_density(data.x, data.means, data.diagonal, data.constants, scores) == 2u);
  BOOST_TEST(score_error(scores, data.x, data.means, data.diagonal, data.constants) <= 1e-12);
  // Spherical: two components of precision 1e10 share every shift, 4 × 2 terms
  // are added directly, and the per-dimension kernel takes over.
  const arma::rowvec spherical{1.0, 1e10, 1e10};
  BOOST_TEST(detail::elementwise_log_density(data.x, data.means, spherical, data.constants, scores) == 8u);
  BOOST_TEST(score_error(scores, data.x, data.means, spherical, data.constants) <= 1e-12);
}

/// The family's scores and statistics against the written-out sums (precisions D×K or 1×K, log det Σ_k).
template <class Covariance>
void check_family(const typename Covariance::Parameters& covariances, const arma::mat& precisions,
                  const arma::vec& log_dets) {
  const CollapsedData data;
  GaussianFamily<Covariance> family(3, 4, 1e-10);
  family.set_parameters(data.means, covariances);
  arma::mat scores;
  family.log_likelihood(DataBlock(data.x, 0, data.x.n_cols, 0), scores);
  const arma::vec constants = -0.5 * (4.0 * std::log(2.0 * arma::datum::pi) + log_dets);
  BOOST_TEST(score_error(scores, data.x, data.means, precisions, constants) <= 1e-12);
  const SufficientStatistics stats = accumulate_range(family, data.x, data.weights, 0, data.x.n_cols);
  arma::mat first(4, 3), second(4, 3), expected_first, expected_second;
  for (arma::uword k = 0; k < 3; ++k) {
    first.col(k) = stats.component_matrix(k, gaussian_layout::kFirstMomentOffset, 4, 1);
    second.col(k) = stats.component_matrix(k, gaussian_layout::second_moment_offset(4), 4, 1);
  }
  direct_moments(data.x, data.means, data.weights, expected_first, expected_second);
  BOOST_TEST(max_relative_error(second, expected_second) <= 1e-12);
  BOOST_TEST(first_moment_error(first, expected_first, expected_second, data.weights) <= 1e-12);
}

BOOST_AUTO_TEST_CASE(the_families_score_and_accumulate_exactly) {
  const CollapsedData data;
  const arma::mat variances = 1.0 / data.diagonal;
  check_family<DiagonalCovariance>(variances, data.diagonal, arma::sum(arma::log(variances), 0).t());
  const arma::vec spherical{0.7, 0.5, 1.3};
  check_family<SphericalCovariance>(spherical, arma::rowvec(1.0 / spherical.t()), 4.0 * arma::log(spherical));
}

namespace {

/// 3 clusters of 300 rows in D = 4 (cluster = row mod 3): column 3 is 0.1
/// everywhere, column 2 is 2.5 in cluster 0 only.
arma::mat clustered_points() {
  arma::mat x = random_points(4, 900, 121) / 2.0;
  const arma::mat centres{{0.0, 8.0, -8.0}, {0.0, 8.0, 8.0}, {0.0, -3.0, 7.0}, {0.0, 0.0, 0.0}};
  for (arma::uword j = 0; j < x.n_cols; ++j) {
    x.col(j) += centres.col(j % 3);
    x(3, j) = 0.1;
    if (j % 3 == 0) x(2, j) = 2.5;
  }
  return x;
}

/// A model.yaml-shaped start: means at rows 0, 1, 2 (one per cluster), every variance 1.
YAML::Node starting_model(const arma::mat& x, const std::string& covariance) {
  YAML::Node model;
  model["format"] = "mixfit-model/1";
  model["family"] = "gaussian";
  model["options"]["covariance"] = covariance;
  model["options"]["reg_covar"] = "1e-10";
  for (const char* column : {"a", "b", "c", "d"}) {
    model["columns"].push_back(column);
    model["types"].push_back("real");
  }
  for (int k = 0; k < 3; ++k) {
    model["weights"].push_back(format_double(1.0 / 3.0));
    YAML::Node component;
    for (arma::uword i = 0; i < 4; ++i) component["mean"].push_back(format_double(x(i, k)));
    if (covariance == "diag")
      for (int i = 0; i < 4; ++i) component["covariance"].push_back("1");
    else
      component["covariance"] = "1";
    model["components"].push_back(component);
  }
  return model;
}

}  // namespace

BOOST_AUTO_TEST_CASE(em_with_constant_columns_gives_identical_bits_on_any_number_of_threads) {
  const FamilyRegistry registry = build_tree_registry();
  const arma::mat x = clustered_points();
  const Dataset data = Dataset::from_real("clusters", {"a", "b", "c", "d"}, x);
  for (const std::string covariance : {"diag", "spherical"}) {
    std::vector<std::string> saved;
    std::vector<arma::mat> responsibilities;
    for (const std::size_t threads : {1u, 2u, 7u}) {
      MixtureModel model = read_model(starting_model(x, covariance), "test start", registry);
      const BlockPlan plan{data.num_rows(), 37, threads};  // many uneven blocks
      EmOptions options;
      options.max_iter = 20;
      options.tol = 0.0;
      expectation_maximization(model, data, plan, options);
      arma::mat r;
      statistics_pass(model, data, plan, Assignment::soft, {&r, nullptr, nullptr});
      responsibilities.push_back(r);
      saved.push_back(model_to_yaml(model));
    }
    for (std::size_t i = 1; i < saved.size(); ++i) {
      BOOST_TEST(saved[i] == saved[0]);  // exact number text: the same bits
      BOOST_TEST(arma::approx_equal(responsibilities[i], responsibilities[0], "absdiff", 0.0));
    }
    // The constant column stays exact: every mean 0.1 and, for diag, every variance reg_covar itself;
    // cluster 0's component collapsed onto 2.5 in column 2 (what sends it to the direct sums).
    const YAML::Node model = YAML::Load(saved[0]);
    for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(model["components"][k]["mean"][3].as<double>() == 0.1);
    if (covariance == "diag") {
      for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(model["components"][k]["covariance"][3].as<double>() == 1e-10);
      BOOST_TEST(model["components"][0]["covariance"][2].as<double>() <= 2e-10);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
