// The kit's VectorCellFamily and Normal-Gamma prior through a normal cell: its scores and maximum-likelihood
// M-step equal the hand-written diag Gaussian's, MAP is the Normal-Gamma joint mode, VB's posterior, expected
// scores and KL agree with closed forms written independently (the KL by Monte Carlo), persistence round-trips,
// and the conformance suite passes with a real-line normalisation check.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"
#include "kit_normal_cell.hpp"
#include "mixfit/conformance/family_conformance.hpp"
#include "mixfit/conformance/quadrature.hpp"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/random/gamma_distribution.hpp>

#include <cmath>
#include <numbers>

BOOST_AUTO_TEST_SUITE(kit_normal_cell_test)

using namespace mixfit;
using namespace mixfit::testing;
namespace tt = boost::test_tools;

namespace {

const std::vector<std::string> kColumns{"a", "b", "c"};
const kit::NormalGamma::Hyperparameters kPrior{1.0, 0.5, 2.0, 3.0};  // m0, κ0, a0, b0

KitNormalFamily make(bool with_prior = false) {
  KitNormalFamily::Options options;
  if (with_prior) options.prior = kPrior;
  return KitNormalFamily(2, kColumns, options);
}

SufficientStatistics statistics(const ComponentFamily& family, const arma::mat& x, const arma::mat& r) {
  SufficientStatistics stats(family.stat_layout());
  for (arma::uword k = 0; k < r.n_rows; ++k) stats.count(k) = arma::accu(r.row(k));
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), r, stats);
  return stats;
}

arma::mat scores(const ComponentFamily& family, const arma::mat& x, bool expected = false) {
  arma::mat result;
  if (expected)
    family.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), result);
  else
    family.log_likelihood(DataBlock(x, 0, x.n_cols, 0), result);
  return result;
}

double relative_gap(const arma::mat& a, const arma::mat& b) {
  return arma::abs(a - b).max() / std::max(arma::abs(b).max(), 1e-300);
}

}  // namespace

BOOST_AUTO_TEST_CASE(scores_and_the_ml_m_step_equal_the_diag_gaussian_family) {
  const arma::mat x = random_points(3, 200, 11);
  const arma::mat r = random_responsibilities(2, 200, 12);
  DiagonalGaussianFamily diag(2, 3, 0.0);
  diag.maximize(statistics(diag, x, r), Estimator::maximum_likelihood);
  KitNormalFamily kit = make();
  kit.maximize(statistics(kit, x, r), Estimator::maximum_likelihood);
  BOOST_TEST(relative_gap(kit.table().values[0], diag.means()) <= 1e-12);
  const arma::mat& variances = diag.covariances();
  BOOST_TEST(relative_gap(kit.table().values[1], variances) <= 1e-12);
  BOOST_TEST(relative_gap(scores(kit, x), scores(diag, x)) <= 1e-12);
  BOOST_TEST(kit.num_free_parameters() == 2u * 3u * 2u);
}

BOOST_AUTO_TEST_CASE(map_is_the_normal_gamma_joint_mode) {
  const arma::mat x = random_points(3, 50, 13);
  const arma::mat r = random_responsibilities(2, 50, 14);
  KitNormalFamily family = make(true);
  family.maximize(statistics(family, x, r), Estimator::maximum_a_posteriori);
  // Written from the centred form: m' = (κ0 m0 + N x̄)/(κ0 + N), b' = b0 + ½ Σ r (x − x̄)² + κ0 N (x̄ − m0)²/(2κ'),
  // and the mode's precision (a' − ½)/b' with a' = a0 + N/2.
  for (std::size_t k = 0; k < 2; ++k) {
    const double n = arma::accu(r.row(k));
    for (std::size_t d = 0; d < 3; ++d) {
      const double mean = arma::accu(r.row(k) % x.row(d)) / n;
      const double scatter = arma::accu(r.row(k) % arma::square(x.row(d) - mean));
      const double kappa = kPrior[1] + n;
      const double rate = kPrior[3] + 0.5 * scatter + kPrior[1] * n * std::pow(mean - kPrior[0], 2) / (2.0 * kappa);
      BOOST_TEST(family.table().values[0](d, k) == (kPrior[1] * kPrior[0] + n * mean) / kappa, tt::tolerance(1e-12));
      BOOST_TEST(family.table().values[1](d, k) == rate / (kPrior[2] + 0.5 * n - 0.5), tt::tolerance(1e-12));
    }
  }
}

BOOST_AUTO_TEST_CASE(vb_expected_scores_and_kl_agree_with_independent_closed_forms) {
  const arma::mat x = random_points(3, 40, 15);
  const arma::mat r = random_responsibilities(2, 40, 16);
  KitNormalFamily family = make(true);
  family.update_posterior(statistics(family, x, r));
  const kit::FieldTable& table = family.table();
  // E_q[log N(x | μ, τ)] = −½ log 2π + ½ E[log τ] − ½ (E[τ] (x − m)² + 1/κ), per column.
  const arma::mat expected = scores(family, x, true);
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < 5; ++j) {
      double by_hand = 0.0;
      for (std::size_t d = 0; d < 3; ++d) {
        const double m = table.posterior[0](d, k), kappa = table.posterior[1](d, k);
        const double a = table.posterior[2](d, k), b = table.posterior[3](d, k);
        by_hand += -0.5 * std::log(2.0 * std::numbers::pi) + 0.5 * (boost::math::digamma(a) - std::log(b)) -
                   0.5 * (a / b * std::pow(x(d, j) - m, 2) + 1.0 / kappa);
      }
      BOOST_TEST(expected(k, j) == by_hand, tt::tolerance(1e-12));
    }
  // KL(q || p) = E_q[log q(μ, τ) − log p(μ, τ)], estimated from 200 000 draws of q; within five standard errors.
  const auto log_density = [](double mu, double tau, double m, double kappa, double a, double b) {
    return a * std::log(b) - std::lgamma(a) + (a - 1.0) * std::log(tau) - b * tau +
           0.5 * std::log(kappa * tau / (2.0 * std::numbers::pi)) - 0.5 * kappa * tau * (mu - m) * (mu - m);
  };
  RandomStream stream(17);
  const std::size_t draws = 200000;
  arma::vec terms(draws, arma::fill::zeros);
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t d = 0; d < 3; ++d) {
      const double m = table.posterior[0](d, k), kappa = table.posterior[1](d, k);
      const double a = table.posterior[2](d, k), b = table.posterior[3](d, k);
      for (std::size_t i = 0; i < draws; ++i) {
        const double tau = boost::random::gamma_distribution<double>(a, 1.0 / b)(stream);
        const double mu = boost::random::normal_distribution<double>(m, 1.0 / std::sqrt(kappa * tau))(stream);
        terms(i) += log_density(mu, tau, m, kappa, a, b) -
                    log_density(mu, tau, kPrior[0], kPrior[1], kPrior[2], kPrior[3]);
      }
    }
  const double estimate = arma::mean(terms), standard_error = arma::stddev(terms) / std::sqrt(double(draws));
  BOOST_TEST(std::abs(family.kl_to_prior() - estimate) <= 5.0 * standard_error,
             "KL " << family.kl_to_prior() << " against " << estimate << " ± " << standard_error);
  // The point estimates are the posterior's mean and 1/E[τ].
  BOOST_TEST(table.values[1](0, 0) == table.posterior[3](0, 0) / table.posterior[2](0, 0), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(save_and_load_round_trip_exactly_and_errors_are_located) {
  KitNormalFamily family = make(true);
  family.update_posterior(statistics(family, random_points(3, 30, 18), random_responsibilities(2, 30, 19)));
  YAML::Emitter out;
  out << YAML::BeginMap;
  family.save(out);
  out << YAML::EndMap;
  KitNormalFamily copy = make(true);
  copy.load(YAML::Load(out.c_str()), "model.yaml");
  const arma::mat x = random_points(3, 10, 20);
  BOOST_TEST(arma::approx_equal(scores(copy, x, true), scores(family, x, true), "absdiff", 0.0));
  BOOST_TEST(copy.kl_to_prior() == family.kl_to_prior());

  KitNormalFamily fresh = make();
  const auto error = [&](const std::string& text) -> std::string {
    try {
      fresh.load(YAML::Load(text), "model.yaml");
    } catch (const ConfigError& e) {
      BOOST_TEST(!fresh.has_parameters());
      return e.what();
    }
    return "(no error)";
  };
  const std::string first = "components:\n  - {means: [0, 1, 2], variances: [1, 1, 1]}\n";
  BOOST_TEST(error(first + "  - {means: [0, 1, 2], variances: [1, 0, 1]}\n")
                 .find("model.yaml:3:") == 0u);
  BOOST_TEST(error(first + "  - {means: [0, 1, 2], variances: [1, 0, 1]}\n")
                 .find("components[1].variances[1]: expected a number > 0") != std::string::npos);
  const std::string posterior = "normal_gamma_mean: [0, 1, 2], normal_gamma_kappa: [1, 1, 1], "
                                "normal_gamma_shape: [2, 2, 2], normal_gamma_rate: [4, 4, 4]}\n";
  BOOST_TEST(error("prior: {mean: 0, kappa: 1, shape: 1, rate: 1}\ncomponents:\n"
                   "  - {means: [0, 1, 2], variances: [2, 2, 3], " + posterior +
                   "  - {means: [0, 1, 2], variances: [2, 2, 2], " + posterior)
                 .find("components[0].variances[2]: expected the posterior mean 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(passes_the_conformance_suite_with_a_real_line_normalisation_check) {
  for (const bool with_prior : {false, true}) {
    conformance::FamilyCase c;
    c.name = with_prior ? "kit normal with a Normal-Gamma prior" : "kit normal";
    c.columns = {{"a", ColumnKind::real, 0, {}}, {"b", ColumnKind::real, 1, {}}};
    c.make_family = [with_prior] {
      KitNormalFamily::Options options;
      if (with_prior) options.prior = kPrior;
      return std::make_unique<KitNormalFamily>(2, std::vector<std::string>{"a", "b"}, options);
    };
    c.parameters = YAML::Load("components: [{means: [0, 3], variances: [1, 0.25]}, {means: [-2, 1], variances: [4, 1]}]");
    // Five standard errors at N = 2000: 0.11 σ for a mean (0.22 at σ = 2), 0.16 σ² for a variance.
    c.absolute_tolerance = 0.25;
    c.relative_tolerance = 0.16;
    const conformance::QuadratureGrid grid = conformance::real_line_grid({-1.0, 2.0}, {1.5, 0.75}, 100);
    c.quadrature_points = grid.points;
    c.quadrature_weights = grid.weights;
    c.normalisation_tolerance = 1e-8;
    const auto results = conformance::check_family(c);
    BOOST_TEST_MESSAGE(conformance::report(results));
    BOOST_TEST(results.size() == 13u);
    for (const auto& result : results) BOOST_TEST(result.passed, c.name << ": " << result.check << ": " << result.detail);
  }
}

BOOST_AUTO_TEST_SUITE_END()
