// The Dirichlet posteriors of VB: the conjugate update by hand, E_q[log p(x|θ)] and KL against closed forms and Monte Carlo.
#include <boost/test/unit_test.hpp>

#include "categorical_test_support.hpp"
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

/// 4 rows over columns with 2 and 3 levels.
Dataset small_data() {
  return categorical_dataset(arma::Mat<std::uint16_t>{{0, 1, 1, 0}, {2, 0, 2, 1}}, {2, 3});
}

/// Component 0: rows 0, 1 fully and row 2 half; component 1: the rest.
arma::mat hand_weights() { return arma::mat{{1.0, 1.0, 0.5, 0.0}, {0.0, 0.0, 0.5, 1.0}}; }

/// One θ ~ Dir(α) as log θ, from Gamma draws (θ_l = G_l / Σ G), so small θ_l keep their accuracy.
arma::vec draw_log_dirichlet(const arma::vec& alpha, RandomStream& stream) {
  arma::vec log_theta(alpha.n_elem);
  double total = 0.0;
  for (arma::uword l = 0; l < alpha.n_elem; ++l) {
    const double g = boost::random::gamma_distribution<double>(alpha(l))(stream);
    log_theta(l) = std::log(g);
    total += g;
  }
  return log_theta - std::log(total);
}

/// log Dir(θ; α) from log θ (PRML eq. 2.38).
double log_dirichlet_density(const arma::vec& log_theta, const arma::vec& alpha) {
  double log_normaliser = log_gamma(arma::accu(alpha));
  for (const double a : alpha) log_normaliser -= log_gamma(a);
  return log_normaliser + arma::dot(alpha - 1.0, log_theta);
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

CategoricalOptions with_prior(double alpha, UnseenLevels unseen = UnseenLevels::error) {
  CategoricalOptions options;
  options.prior_alpha = alpha;
  options.unseen = unseen;
  return options;
}

}  // namespace

BOOST_AUTO_TEST_CASE(update_is_the_hand_computed_conjugate_update) {
  CategoricalFamily family(2, layout_of({2, 3}), with_prior(0.5));
  BOOST_TEST(!family.has_posterior());
  family.update_posterior(statistics_for(family, small_data(), hand_weights()));
  BOOST_TEST_REQUIRE(family.has_posterior());
  BOOST_TEST(family.has_parameters());
  // Column 0 (codes 0, 1, 1, 0): component 0 counts (1, 1.5), component 1 (1, 0.5).
  // Column 1 (codes 2, 0, 2, 1): component 0 counts (1, 0, 1.5), component 1 (0, 1, 0.5).
  // α_kjl = 0.5 + S_kjl (PRML 2.41).
  const arma::mat expected{{1.5, 2.0, /**/ 1.5, 0.5, 2.0}, {1.5, 1.0, /**/ 0.5, 1.5, 1.0}};
  BOOST_TEST(arma::approx_equal(family.posterior()->concentration(), expected, "reldiff", kRelative));
  // The point estimates are the posterior means, unfloored.
  const arma::mat means{{1.5 / 3.5, 2.0 / 3.5, 1.5 / 4.0, 0.5 / 4.0, 2.0 / 4.0},
                        {1.5 / 2.5, 1.0 / 2.5, 0.5 / 3.0, 1.5 / 3.0, 1.0 / 3.0}};
  BOOST_TEST(arma::approx_equal(family.probabilities(), means, "reldiff", kRelative));
}

BOOST_AUTO_TEST_CASE(without_a_configured_prior_vb_uses_alpha_1) {
  CategoricalFamily family(2, layout_of({2, 3}), {});
  BOOST_TEST(family.capabilities().variational);
  BOOST_TEST(!family.capabilities().maximum_a_posteriori);
  family.update_posterior(statistics_for(family, small_data(), hand_weights()));
  BOOST_TEST(family.posterior()->concentration()(0, 1) == 2.5, tt::tolerance(kRelative));
  BOOST_TEST(family.probabilities()(1, 3) == 2.0 / 4.5, tt::tolerance(kRelative));  // (1 + 1) / (3 + 1.5)
}

BOOST_AUTO_TEST_CASE(expected_log_likelihood_is_the_per_cell_digamma_formula) {
  const std::vector<std::size_t> levels{2, 3, 5};
  const CategoricalFamily family = posterior_family(3, levels, 21, with_prior(0.3));
  const Dataset data = categorical_dataset(random_codes(levels, 30, 22), levels);
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(data, 0, 30, 0), scores);
  BOOST_TEST_REQUIRE(scores.n_rows == 3u);
  BOOST_TEST_REQUIRE(scores.n_cols == 30u);
  const arma::mat& alpha = family.posterior()->concentration();
  const LevelLayout& layout = family.layout();
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t n = 0; n < 30; ++n) {
      double expected = 0.0;  // Σ_j ψ(α_kj[x]) − ψ(Σ_l α_kjl), one cell at a time
      for (std::size_t j = 0; j < levels.size(); ++j) {
        double total = 0.0;
        for (std::size_t l = 0; l < levels[j]; ++l) total += alpha(k, layout.offset(j) + l);
        expected += digamma(alpha(k, layout.offset(j) + data.categorical(j, n))) - digamma(total);
      }
      BOOST_TEST(scores(k, n) == expected, tt::tolerance(1e-12));
    }
}

BOOST_AUTO_TEST_CASE(expected_log_likelihood_agrees_with_monte_carlo) {
  const std::vector<std::size_t> levels{2, 4};
  const CategoricalFamily family = posterior_family(2, levels, 31, with_prior(0.6), 12);
  const Dataset data = categorical_dataset(random_codes(levels, 5, 32), levels);
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(data, 0, 5, 0), scores);
  const arma::mat& alpha = family.posterior()->concentration();
  const LevelLayout& layout = family.layout();

  RandomStream stream(33);
  std::vector<MonteCarloMean> estimates(2 * 5);
  for (int draw = 0; draw < 40000; ++draw)
    for (std::size_t k = 0; k < 2; ++k) {
      std::vector<arma::vec> log_theta;
      for (std::size_t j = 0; j < levels.size(); ++j)
        log_theta.push_back(draw_log_dirichlet(
            alpha.row(k).cols(layout.offset(j), layout.offset(j) + levels[j] - 1).t(), stream));
      for (std::size_t n = 0; n < 5; ++n) {
        double log_likelihood = 0.0;  // Σ_j log θ_kj[x_nj] for this draw
        for (std::size_t j = 0; j < levels.size(); ++j) log_likelihood += log_theta[j](data.categorical(j, n));
        estimates[k * 5 + n].add(log_likelihood);
      }
    }
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t n = 0; n < 5; ++n) {
      const MonteCarloMean& estimate = estimates[k * 5 + n];
      BOOST_TEST_CONTEXT("k = " << k << ", row " << n << ": Monte Carlo " << estimate.mean() << " ± "
                                << estimate.standard_error() << ", closed form " << scores(k, n)) {
        BOOST_TEST(std::abs(estimate.mean() - scores(k, n)) <= kStandardErrors * estimate.standard_error());
      }
    }
}

BOOST_AUTO_TEST_CASE(kl_agrees_with_monte_carlo) {
  const std::vector<std::size_t> levels{3, 2};
  const double prior = 0.8;
  const CategoricalFamily family = posterior_family(2, levels, 41, with_prior(prior), 10);
  const arma::mat& alpha = family.posterior()->concentration();
  const LevelLayout& layout = family.layout();
  RandomStream stream(42);
  MonteCarloMean estimate;  // of E_q[log q(θ) − log p(θ)], all K·D Dirichlets together
  for (int draw = 0; draw < 100000; ++draw) {
    double log_ratio = 0.0;
    for (std::size_t k = 0; k < 2; ++k)
      for (std::size_t j = 0; j < levels.size(); ++j) {
        const arma::vec a = alpha.row(k).cols(layout.offset(j), layout.offset(j) + levels[j] - 1).t();
        const arma::vec log_theta = draw_log_dirichlet(a, stream);
        log_ratio += log_dirichlet_density(log_theta, a) -
                     log_dirichlet_density(log_theta, arma::vec(levels[j], arma::fill::value(prior)));
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
  boost::random::uniform_real_distribution<double> concentration(0.1, 5.0);
  const std::vector<std::size_t> levels{2, 3, 6};
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const double prior = concentration(stream);
    BOOST_TEST_CONTEXT("seed " << seed << ", alpha " << prior) {
      CategoricalFamily family = posterior_family(3, levels, 100 + seed, with_prior(prior), 10);
      BOOST_TEST(family.kl_to_prior() > 0.0);
      // Zero statistics: the posterior is the prior, and its means are uniform.
      family.update_posterior(SufficientStatistics(family.stat_layout()));
      BOOST_TEST(std::abs(family.kl_to_prior()) <= 1e-12);
      BOOST_TEST(arma::all(arma::vectorise(family.posterior()->concentration()) == prior));
      BOOST_TEST(family.probabilities()(2, 5) == 1.0 / 6.0, tt::tolerance(1e-15));
    }
  }
}

BOOST_AUTO_TEST_CASE(ignored_unseen_cells_add_nothing) {
  arma::Mat<std::uint16_t> codes{{0, 1, 1, 0}, {2, 0, 2, 1}};
  codes(1, 2) = kUnseenLevel;
  const Dataset data = categorical_dataset(codes, {2, 3});
  CategoricalFamily family(2, layout_of({2, 3}), with_prior(0.5, UnseenLevels::ignore));
  family.update_posterior(statistics_for(family, data, hand_weights()));
  // As in update_is_the_hand_computed_conjugate_update, without row 2's half of level 2 in column 1.
  const arma::mat expected{{1.5, 2.0, /**/ 1.5, 0.5, 1.5}, {1.5, 1.0, /**/ 0.5, 1.5, 0.5}};
  BOOST_TEST(arma::approx_equal(family.posterior()->concentration(), expected, "reldiff", kRelative));
  // Row 2 scores on column 0 alone: E[log θ_k0[1]].
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(data, 0, 4, 0), scores);
  const arma::mat& log_theta = family.posterior()->expected_log_probabilities();
  BOOST_TEST(scores(0, 2) == log_theta(0, 1));
  BOOST_TEST(scores(1, 2) == log_theta(1, 1));
  // Under `unseen: error` the same cell is a DataError, as in the EM E-step.
  CategoricalFamily strict(2, layout_of({2, 3}), with_prior(0.5));
  strict.update_posterior(SufficientStatistics(strict.stat_layout()));
  BOOST_CHECK_THROW(strict.expected_log_likelihood(DataBlock(data, 0, 4, 0), scores), DataError);
}

BOOST_AUTO_TEST_CASE(the_point_estimates_score_like_any_other_parameters) {
  const std::vector<std::size_t> levels{2, 3};
  const CategoricalFamily fitted = posterior_family(3, levels, 61);
  CategoricalFamily same(3, layout_of(levels), {});
  same.set_probabilities(fitted.probabilities());
  const Dataset data = categorical_dataset(random_codes(levels, 20, 62), levels);
  arma::mat a, b;
  fitted.log_likelihood(DataBlock(data, 0, 20, 0), a);
  same.log_likelihood(DataBlock(data, 0, 20, 0), b);
  BOOST_TEST(identical(a, b));
}

BOOST_AUTO_TEST_CASE(point_updates_drop_the_posterior) {
  CategoricalFamily family = posterior_family(2, {2, 3}, 71);
  family.maximize(statistics_for(family, small_data(), hand_weights()), Estimator::maximum_likelihood);
  BOOST_TEST(!family.has_posterior());
  family = posterior_family(2, {2, 3}, 72);
  family.set_probabilities(family.probabilities());
  BOOST_TEST(!family.has_posterior());
  BOOST_CHECK_THROW(family.kl_to_prior(), Error);
  arma::mat scores;
  BOOST_CHECK_THROW(family.expected_log_likelihood(DataBlock(small_data(), 0, 4, 0), scores), Error);
}

BOOST_AUTO_TEST_CASE(permutation_reorders_the_posterior) {
  const std::vector<std::size_t> levels{3, 2};
  CategoricalFamily family = posterior_family(3, levels, 81);
  const CategoricalFamily original = family;
  const arma::uvec order{2, 0, 1};
  family.permute_components(order);
  BOOST_TEST(identical(family.posterior()->concentration(), original.posterior()->concentration().rows(order)));
  const Dataset data = categorical_dataset(random_codes(levels, 10, 82), levels);
  arma::mat permuted, before;
  family.expected_log_likelihood(DataBlock(data, 0, 10, 0), permuted);
  original.expected_log_likelihood(DataBlock(data, 0, 10, 0), before);
  BOOST_TEST(identical(permuted, before.rows(order)));  // the cache follows
  BOOST_TEST(family.kl_to_prior() == original.kl_to_prior(), tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(degenerate_statistics_throw_and_leave_the_family_unchanged) {
  CategoricalFamily family = posterior_family(2, {2, 3}, 91);
  const arma::mat before = family.posterior()->concentration();
  SufficientStatistics stats = statistics_for(family, small_data(), hand_weights());
  stats.component(1)[3] = std::nan("");
  BOOST_CHECK_THROW(family.update_posterior(stats), NumericalError);
  BOOST_TEST(identical(family.posterior()->concentration(), before));
  SufficientStatistics other(CategoricalFamily(2, layout_of({2, 4}), {}).stat_layout());
  BOOST_CHECK_THROW(family.update_posterior(other), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // posterior_test
