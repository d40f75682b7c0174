// The Beta posteriors of VB: the conjugate update by hand, E_q[log p(x|p)] and KL against closed forms and Monte Carlo.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/math/special_functions.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>

BOOST_AUTO_TEST_SUITE(posterior_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-13;
// Monte Carlo estimates must lie within this many standard errors of the closed form.
constexpr double kStandardErrors = 5.0;

/// 6 rows, 3 columns; column 0 all ones, column 1 all zeros, column 2 mixed.
Dataset small_data() {
  return binary_dataset(arma::Mat<std::uint8_t>{{1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 0}, {1, 0, 1, 1, 0, 0}});
}

/// Component 0 takes rows 0-2 with weight 1 and row 3 with weight 0.5; component 1 the rest.
arma::mat hand_weights() { return arma::mat{{1.0, 1.0, 1.0, 0.5, 0.0, 0.0}, {0.0, 0.0, 0.0, 0.5, 1.0, 1.0}}; }

/// One p ~ Beta(a, b) as log p and log(1 − p), from two Gamma draws (p = G_a / (G_a + G_b)),
/// so that neither logarithm loses accuracy near 0 or 1.
struct BetaDraw {
  double log_p;
  double log_complement;
};

BetaDraw draw_beta(double a, double b, RandomStream& stream) {
  const double ga = boost::random::gamma_distribution<double>(a)(stream);
  const double gb = boost::random::gamma_distribution<double>(b)(stream);
  const double log_total = std::log(ga + gb);
  return {std::log(ga) - log_total, std::log(gb) - log_total};
}

/// log Beta(p; a, b) from log p and log(1 − p) (PRML eq. 2.13).
double log_beta_density(const BetaDraw& p, double a, double b) {
  return (a - 1.0) * p.log_p + (b - 1.0) * p.log_complement - log_beta(a, b);
}

/// Running mean and standard error of a Monte Carlo estimate.
struct MonteCarloMean {
  double sum = 0.0;
  double sum_of_squares = 0.0;
  double count = 0.0;
  void add(double value) {
    sum += value;
    sum_of_squares += value * value;
    count += 1.0;
  }
  double mean() const { return sum / count; }
  double standard_error() const { return std::sqrt((sum_of_squares / count - mean() * mean()) / count); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(update_is_the_hand_computed_conjugate_update) {
  BernoulliFamily family(2, 3, 1e-3, BetaPrior{2.0, 3.0});
  BOOST_TEST(!family.has_posterior());
  family.update_posterior(statistics_for(family, small_data(), hand_weights()));
  BOOST_TEST_REQUIRE(family.has_posterior());
  BOOST_TEST(family.has_parameters());
  // Component 0: N = 3.5 with S = (3.5, 0, 2.5); component 1: N = 2.5 with S = (2.5, 0, 0.5).
  // a = α + S, b = β + N − S (PRML 2.18).
  const arma::mat a{{2.0 + 3.5, 2.0 + 2.5}, {2.0 + 0.0, 2.0 + 0.0}, {2.0 + 2.5, 2.0 + 0.5}};
  const arma::mat b{{3.0 + 0.0, 3.0 + 0.0}, {3.0 + 3.5, 3.0 + 2.5}, {3.0 + 1.0, 3.0 + 2.0}};
  BOOST_TEST(arma::approx_equal(family.posterior()->alpha(), a, "reldiff", kRelative));
  BOOST_TEST(arma::approx_equal(family.posterior()->beta(), b, "reldiff", kRelative));
  // The point estimates are the posterior means, unclipped: the all-ones column is 5.5/8.5, not 1 − eps.
  BOOST_TEST(arma::approx_equal(family.probabilities(), a / (a + b), "reldiff", kRelative));
  BOOST_TEST(family.probabilities()(0, 0) == 5.5 / 8.5, tt::tolerance(kRelative));
}

BOOST_AUTO_TEST_CASE(without_a_configured_prior_vb_uses_beta_1_1) {
  BernoulliFamily family(2, 3, 1e-10);
  BOOST_TEST(family.capabilities().variational);
  BOOST_TEST(!family.capabilities().maximum_a_posteriori);
  family.update_posterior(statistics_for(family, small_data(), hand_weights()));
  // Column 2 of component 0: Beta(1 + 2.5, 1 + 1).
  BOOST_TEST(family.posterior()->alpha()(2, 0) == 3.5, tt::tolerance(kRelative));
  BOOST_TEST(family.posterior()->beta()(2, 0) == 2.0, tt::tolerance(kRelative));
  BOOST_TEST(family.probabilities()(2, 0) == 3.5 / 5.5, tt::tolerance(kRelative));
}

BOOST_AUTO_TEST_CASE(expected_log_likelihood_is_the_per_cell_digamma_formula) {
  const BernoulliFamily family = posterior_family(3, 5, 21, BetaPrior{0.7, 1.3});
  const Dataset data = binary_dataset(random_binary(5, 30, 22));
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(data, 0, 30, 0), scores);
  BOOST_TEST_REQUIRE(scores.n_rows == 3u);
  BOOST_TEST_REQUIRE(scores.n_cols == 30u);
  const arma::mat& a = family.posterior()->alpha();
  const arma::mat& b = family.posterior()->beta();
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t j = 0; j < 30; ++j) {
      double expected = 0.0;  // Σ_d x E[log p] + (1 − x) E[log(1 − p)], one cell at a time
      for (std::size_t d = 0; d < 5; ++d)
        expected += data.binary(d, j) ? digamma(a(d, k)) - digamma(a(d, k) + b(d, k))
                                      : digamma(b(d, k)) - digamma(a(d, k) + b(d, k));
      BOOST_TEST(scores(k, j) == expected, tt::tolerance(1e-12));
    }
}

BOOST_AUTO_TEST_CASE(expected_log_likelihood_agrees_with_monte_carlo) {
  const BernoulliFamily family = posterior_family(2, 4, 31, BetaPrior{0.7, 1.3}, 12);
  const Dataset data = binary_dataset(random_binary(4, 5, 32));
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(data, 0, 5, 0), scores);
  const arma::mat& a = family.posterior()->alpha();
  const arma::mat& b = family.posterior()->beta();

  RandomStream stream(33);
  std::vector<MonteCarloMean> estimates(2 * 5);
  for (int draw = 0; draw < 40000; ++draw)
    for (std::size_t k = 0; k < 2; ++k) {
      std::vector<BetaDraw> p;
      for (std::size_t d = 0; d < 4; ++d) p.push_back(draw_beta(a(d, k), b(d, k), stream));
      for (std::size_t j = 0; j < 5; ++j) {
        double log_likelihood = 0.0;  // PRML (9.44) for this draw of p_k
        for (std::size_t d = 0; d < 4; ++d) log_likelihood += data.binary(d, j) ? p[d].log_p : p[d].log_complement;
        estimates[k * 5 + j].add(log_likelihood);
      }
    }
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < 5; ++j) {
      const MonteCarloMean& estimate = estimates[k * 5 + j];
      BOOST_TEST_CONTEXT("k = " << k << ", row " << j << ": Monte Carlo " << estimate.mean() << " ± "
                                << estimate.standard_error() << ", closed form " << scores(k, j)) {
        BOOST_TEST(std::abs(estimate.mean() - scores(k, j)) <= kStandardErrors * estimate.standard_error());
      }
    }
}

BOOST_AUTO_TEST_CASE(kl_agrees_with_monte_carlo) {
  const BetaPrior prior{0.7, 1.3};
  const BernoulliFamily family = posterior_family(2, 3, 41, prior, 15);
  const arma::mat& a = family.posterior()->alpha();
  const arma::mat& b = family.posterior()->beta();
  RandomStream stream(42);
  MonteCarloMean estimate;  // of E_q[log q(p) − log p(p)], all K·D cells together
  for (int draw = 0; draw < 100000; ++draw) {
    double log_ratio = 0.0;
    for (arma::uword i = 0; i < a.n_elem; ++i) {
      const BetaDraw p = draw_beta(a(i), b(i), stream);
      log_ratio += log_beta_density(p, a(i), b(i)) - log_beta_density(p, prior.alpha, prior.beta);
    }
    estimate.add(log_ratio);
  }
  const double kl = family.kl_to_prior();
  BOOST_TEST_CONTEXT("Monte Carlo " << estimate.mean() << " ± " << estimate.standard_error() << ", closed form " << kl) {
    BOOST_TEST(kl > 0.0);
    BOOST_TEST(std::abs(estimate.mean() - kl) <= kStandardErrors * estimate.standard_error());
  }
}

BOOST_AUTO_TEST_CASE(kl_is_positive_for_random_posteriors_and_zero_at_the_prior) {
  RandomStream stream(51);
  boost::random::uniform_real_distribution<double> shape(0.1, 5.0);
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const BetaPrior prior{shape(stream), shape(stream)};
    BOOST_TEST_CONTEXT("seed " << seed << ", Beta(" << prior.alpha << ", " << prior.beta << ")") {
      BernoulliFamily family = posterior_family(3, 4, 100 + seed, prior, 10);
      BOOST_TEST(family.kl_to_prior() > 0.0);
      // Zero statistics: the posterior is the prior, and so are its means.
      family.update_posterior(SufficientStatistics(family.stat_layout()));
      BOOST_TEST(std::abs(family.kl_to_prior()) <= 1e-12);
      BOOST_TEST(arma::all(arma::vectorise(family.posterior()->alpha()) == prior.alpha));
      BOOST_TEST(arma::all(arma::vectorise(family.posterior()->beta()) == prior.beta));
      BOOST_TEST(family.probabilities()(0, 0) == prior.alpha / (prior.alpha + prior.beta));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_point_estimates_score_like_any_other_parameters) {
  const BernoulliFamily fitted = posterior_family(3, 5, 61);
  BernoulliFamily same(3, 5, 1e-10);
  same.set_probabilities(fitted.probabilities());
  const Dataset data = binary_dataset(random_binary(5, 20, 62));
  arma::mat a, b;
  fitted.log_likelihood(DataBlock(data, 0, 20, 0), a);
  same.log_likelihood(DataBlock(data, 0, 20, 0), b);
  BOOST_TEST(identical(a, b));
}

BOOST_AUTO_TEST_CASE(point_updates_drop_the_posterior) {
  BernoulliFamily family = posterior_family(2, 3, 71);
  BOOST_TEST(family.has_posterior());
  family.maximize(statistics_for(family, small_data(), hand_weights()), Estimator::maximum_likelihood);
  BOOST_TEST(!family.has_posterior());
  family = posterior_family(2, 3, 72);
  family.set_probabilities(arma::mat(3, 2, arma::fill::value(0.5)));
  BOOST_TEST(!family.has_posterior());
  BOOST_CHECK_THROW(family.kl_to_prior(), Error);
  arma::mat scores;
  BOOST_CHECK_THROW(family.expected_log_likelihood(DataBlock(small_data(), 0, 6, 0), scores), Error);
}

BOOST_AUTO_TEST_CASE(permutation_reorders_the_posterior) {
  BernoulliFamily family = posterior_family(3, 4, 81);
  const BernoulliFamily original = family;
  const arma::uvec order{2, 0, 1};
  family.permute_components(order);
  BOOST_TEST(identical(family.posterior()->alpha(), original.posterior()->alpha().cols(order)));
  BOOST_TEST(identical(family.posterior()->beta(), original.posterior()->beta().cols(order)));
  const Dataset data = binary_dataset(random_binary(4, 10, 82));
  arma::mat permuted, before;
  family.expected_log_likelihood(DataBlock(data, 0, 10, 0), permuted);
  original.expected_log_likelihood(DataBlock(data, 0, 10, 0), before);
  BOOST_TEST(identical(permuted, before.rows(order)));  // the caches follow
  BOOST_TEST(family.kl_to_prior() == original.kl_to_prior(), tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(degenerate_statistics_throw_and_leave_the_family_unchanged) {
  BernoulliFamily family = posterior_family(2, 3, 91);
  const arma::mat before = family.posterior()->alpha();
  SufficientStatistics stats = statistics_for(family, small_data(), hand_weights());
  stats.count(1) = std::nan("");
  BOOST_CHECK_THROW(family.update_posterior(stats), NumericalError);
  BOOST_TEST(identical(family.posterior()->alpha(), before));
  SufficientStatistics other(BernoulliFamily(2, 4, 1e-10).stat_layout());
  BOOST_CHECK_THROW(family.update_posterior(other), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // posterior_test
