// The multinomial family, and through it the kit's VectorCellFamily: the pmf against its formula, the ML and MAP
// M-steps, the Dirichlet posterior and its KL, located load errors, and the conformance suite normalised over
// every count vector of the drawn total.
#include <boost/test/unit_test.hpp>

#include "multinomial_cell.hpp"

#include "mixfit/conformance/family_conformance.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/data/data_block.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <cmath>
#include <string>

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::multinomial;

namespace {

SufficientStatistics statistics(const ComponentFamily& family, const arma::mat& x, const arma::mat& weights) {
  SufficientStatistics stats(family.stat_layout());
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), weights, stats);
  stats.num_rows() = static_cast<double>(x.n_cols);
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  return stats;
}

const arma::mat kX = {{3, 0, 1}, {1, 4, 2}, {0, 1, 5}};  // D×n counts, totals 4, 5, 8
const arma::mat kW = {{1.0, 0.5, 0.0}, {0.0, 0.5, 1.0}};
const std::vector<std::string> kColumns{"a", "b", "c"};

MultinomialFamily::Options dirichlet_prior(double alpha) {
  MultinomialFamily::Options options;
  options.prior = {alpha};
  return options;
}

double probability(const MultinomialFamily& family, std::size_t d, std::size_t k) {
  return family.table().values[0](d, k);
}

std::string load_error(const std::string& text) {
  MultinomialFamily family(2, kColumns, {});
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const ConfigError& e) {
    BOOST_TEST(!family.has_parameters());
    return e.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(multinomial_family_test)

BOOST_AUTO_TEST_CASE(scores_are_the_multinomial_log_pmf_and_ml_is_the_share_of_counts) {
  MultinomialFamily family(2, kColumns, {});
  family.maximize(statistics(family, kX, kW), Estimator::maximum_likelihood);
  // Component 0: S = 1·(3,1,0) + 0.5·(0,4,1) = (3, 3, 0.5) of 6.5; mean total (4 + 0.5·5)/1.5.
  BOOST_TEST(probability(family, 0, 0) == 3.0 / 6.5, tt::tolerance(1e-15));
  BOOST_TEST(probability(family, 2, 0) == 0.5 / 6.5, tt::tolerance(1e-15));
  BOOST_TEST(family.table().side(0, 0) == 6.5 / 1.5, tt::tolerance(1e-15));
  arma::mat scores;
  family.log_likelihood(DataBlock(kX, 0, 3, 0), scores);
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < 3; ++j) {
      double expected = std::lgamma(arma::accu(kX.col(j)) + 1.0);  // log n! − Σ log x! + Σ x log π
      for (std::size_t d = 0; d < 3; ++d)
        expected += -std::lgamma(kX(d, j) + 1.0) + kX(d, j) * std::log(probability(family, d, k));
      BOOST_TEST(scores(k, j) == expected, tt::tolerance(1e-13));
    }
}

BOOST_AUTO_TEST_CASE(map_is_the_dirichlet_mode_and_vb_its_posterior) {
  MultinomialFamily family(2, kColumns, dirichlet_prior(3.0));
  const SufficientStatistics stats = statistics(family, kX, kW);
  family.maximize(stats, Estimator::maximum_a_posteriori);  // ∝ S + α − 1 = (5, 5, 2.5)
  BOOST_TEST(probability(family, 0, 0) == 5.0 / 12.5, tt::tolerance(1e-15));
  family.update_posterior(stats);  // Dir(α + S) = (6, 6, 3.5), mean over 15.5
  BOOST_TEST(probability(family, 2, 0) == 3.5 / 15.5, tt::tolerance(1e-15));
  BOOST_TEST(family.has_posterior());
  // KL(Dir(6, 6, 3.5) || Dir(3, 3, 3)) for component 0, by PRML eq. B.16–B.21 written out.
  const auto kl = [](const arma::vec& a, double a0) {
    const double total = arma::accu(a);
    double value = std::lgamma(total) - std::lgamma(a0 * a.n_elem) + a.n_elem * std::lgamma(a0);
    for (const double ad : a) value += -std::lgamma(ad) + (ad - a0) * (boost::math::digamma(ad) - boost::math::digamma(total));
    return value;
  };
  // Component 1: S = 0.5·(0,4,1) + 1·(1,2,5) = (1, 4, 5.5).
  BOOST_TEST(family.kl_to_prior() == kl({6, 6, 3.5}, 3.0) + kl({4, 7, 8.5}, 3.0), tt::tolerance(1e-13));
  // VB's expected scores use E[log π_d] = ψ(α_d) − ψ(Σα).
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(kX, 0, 3, 0), scores);
  const double expected = std::lgamma(5.0) - std::lgamma(4.0) - std::lgamma(2.0) +
                          3.0 * (boost::math::digamma(6.0) - boost::math::digamma(15.5)) +
                          1.0 * (boost::math::digamma(6.0) - boost::math::digamma(15.5));
  BOOST_TEST(scores(0, 0) == expected, tt::tolerance(1e-13));
}

BOOST_AUTO_TEST_CASE(load_errors_are_located) {
  const std::string head = "components:\n  - {probabilities: [0.2, 0.3, 0.5], mean_total: 10}\n";
  BOOST_TEST(load_error(head).find("expected a list of 2 components") != std::string::npos);
  BOOST_TEST(load_error(head + "  - {probabilities: [0.2, 0.3, 0.6], mean_total: 10}\n")
                 .find("components[1].probabilities: expected probabilities that sum to 1") != std::string::npos);
  BOOST_TEST(load_error(head + "  - {probabilities: [0.2, 0.3, 0.5], mean_total: -1}\n").find("model.yaml:3:") == 0u);
  BOOST_TEST(load_error("components:\n  - {probabilities: [0.2, 0.3, 0.5], mean_total: 1, dirichlet_alpha: [2, 3, 5]}\n"
                        "  - {probabilities: [0.2, 0.3, 0.5], mean_total: 1}\n")
                 .find("expected dirichlet_alpha as in the other components") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(passes_the_conformance_suite_over_the_drawn_total) {
  for (const bool with_prior : {false, true}) {
    conformance::FamilyCase c;
    c.name = with_prior ? "multinomial with a Dirichlet(2) prior" : "multinomial";
    c.columns = {{"a", ColumnKind::real, 0, {}}, {"b", ColumnKind::real, 1, {}}, {"c", ColumnKind::real, 2, {}}};
    c.make_family = [with_prior] {
      return std::make_unique<MultinomialFamily>(2, kColumns, with_prior ? dirichlet_prior(2.0) : MultinomialFamily::Options{});
    };
    c.parameters = YAML::Load("components: [{probabilities: [0.2, 0.3, 0.5], mean_total: 20},"
                              " {probabilities: [0.6, 0.3, 0.1], mean_total: 20}]");
    // Five standard errors sqrt(π(1 − π)/(20 N)) at N = 2000 are below 0.012.
    c.absolute_tolerance = 0.012;
    c.relative_tolerance = 0.0;
    // The pmf is conditional on the total: over every count vector with total 20 (the drawn one) it sums to 1.
    std::vector<arma::vec> points;
    for (int a = 0; a <= 20; ++a)
      for (int b = 0; a + b <= 20; ++b) points.push_back({double(a), double(b), double(20 - a - b)});
    c.quadrature_points.set_size(3, points.size());
    for (std::size_t i = 0; i < points.size(); ++i) c.quadrature_points.col(i) = points[i];
    c.quadrature_weights.ones(points.size());
    c.normalisation_tolerance = 1e-12;
    const auto results = conformance::check_family(c);
    BOOST_TEST_MESSAGE(conformance::report(results));
    BOOST_TEST(results.size() == 13u);
    for (const auto& result : results) BOOST_TEST(result.passed, c.name << ": " << result.check << ": " << result.detail);
  }
}

BOOST_AUTO_TEST_SUITE_END()
