// The M-step: S/N, the Beta-prior MAP closed form, eps clipping, empty components, and what each estimator refuses.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

BOOST_AUTO_TEST_SUITE(estimation_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-14;

/// Hand-made data: 6 rows, 3 columns; column 0 all ones, column 1 all zeros, column 2 mixed.
Dataset small_data() {
  return binary_dataset(arma::Mat<std::uint8_t>{{1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 0}, {1, 0, 1, 1, 0, 0}});
}

/// Component 0 takes rows 0-2 with weight 1 and row 3 with weight 0.5; component 1 the rest.
arma::mat hand_weights() {
  return arma::mat{{1.0, 1.0, 1.0, 0.5, 0.0, 0.0}, {0.0, 0.0, 0.0, 0.5, 1.0, 1.0}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(maximum_likelihood_is_weighted_frequency_then_clipped) {
  BernoulliFamily family(2, 3, 1e-3);
  BOOST_TEST(!family.has_parameters());
  family.maximize(statistics_for(family, small_data(), hand_weights()), Estimator::maximum_likelihood);
  BOOST_TEST(family.has_parameters());
  const arma::mat& p = family.probabilities();
  // Column 2: component 0 has ones at rows 0, 2 and half of row 3: (1 + 1 + 0.5) / 3.5.
  BOOST_TEST(p(2, 0) == 2.5 / 3.5, tt::tolerance(kRelative));
  BOOST_TEST(p(2, 1) == 0.5 / 2.5, tt::tolerance(kRelative));
  // The all-ones and all-zeros columns sit exactly on the clipping bounds.
  BOOST_TEST(p(0, 0) == 1.0 - 1e-3);
  BOOST_TEST(p(0, 1) == 1.0 - 1e-3);
  BOOST_TEST(p(1, 0) == 1e-3);
  BOOST_TEST(p(1, 1) == 1e-3);
}

BOOST_AUTO_TEST_CASE(eps_is_observable_and_zero_turns_clipping_off) {
  for (const double eps : {0.0, 1e-10, 0.01, 0.2}) {
    BOOST_TEST_CONTEXT("eps = " << eps) {
      BernoulliFamily family(2, 3, eps);
      family.maximize(statistics_for(family, small_data(), hand_weights()), Estimator::maximum_likelihood);
      BOOST_TEST(family.probabilities()(0, 0) == 1.0 - eps);  // a column of all ones
      BOOST_TEST(family.probabilities()(1, 1) == eps);        // a column of all zeros
      // Clipping binds only outside [eps, 1 − eps]: 0.2 is clipped only by eps = 0.2 (where it is equal anyway).
      BOOST_TEST(family.probabilities()(2, 1) == std::max(0.5 / 2.5, eps), tt::tolerance(kRelative));
    }
  }
  // With eps = 0 the exact 0 and 1 make contradicting rows impossible, not NaN.
  BernoulliFamily family(1, 3, 0.0);
  const Dataset data = small_data();
  family.maximize(statistics_for(family, data, arma::ones(1, 6)), Estimator::maximum_likelihood);
  arma::mat scores;
  family.log_likelihood(DataBlock(binary_dataset(arma::Mat<std::uint8_t>{{1, 0}, {0, 0}, {1, 1}}), 0, 2, 0), scores);
  BOOST_TEST(std::isfinite(scores(0, 0)));
  BOOST_TEST(scores(0, 1) == -std::numeric_limits<double>::infinity());
}

BOOST_AUTO_TEST_CASE(map_with_beta_2_2_is_the_closed_form) {
  // Beta(2, 2): p = (S + 1) / (N + 2), Laplace's rule of succession.
  BernoulliFamily family(2, 3, 1e-10, BetaPrior{2.0, 2.0});
  BOOST_TEST(family.capabilities().maximum_a_posteriori);
  const SufficientStatistics stats = statistics_for(family, small_data(), hand_weights());
  family.maximize(stats, Estimator::maximum_a_posteriori);
  const arma::mat expected = {{(3.5 + 1) / (3.5 + 2), (2.5 + 1) / (2.5 + 2)},
                              {(0.0 + 1) / (3.5 + 2), (0.0 + 1) / (2.5 + 2)},
                              {(2.5 + 1) / (3.5 + 2), (0.5 + 1) / (2.5 + 2)}};
  BOOST_TEST(max_relative_error(family.probabilities(), expected) <= kRelative);
  // An asymmetric prior, Beta(3, 1.5): p = (S + 2) / (N + 2.5).
  BernoulliFamily skewed(2, 3, 1e-10, BetaPrior{3.0, 1.5});
  skewed.maximize(stats, Estimator::maximum_a_posteriori);
  BOOST_TEST(skewed.probabilities()(2, 1) == (0.5 + 2.0) / (2.5 + 2.5), tt::tolerance(kRelative));
  // Maximum likelihood ignores the prior.
  BernoulliFamily ignoring(2, 3, 1e-10, BetaPrior{2.0, 2.0});
  BernoulliFamily without(2, 3, 1e-10);
  ignoring.maximize(stats, Estimator::maximum_likelihood);
  without.maximize(stats, Estimator::maximum_likelihood);
  BOOST_TEST(identical(ignoring.probabilities(), without.probabilities()));
}

BOOST_AUTO_TEST_CASE(map_of_an_empty_component_is_the_prior_mode) {
  BernoulliFamily family(2, 3, 1e-10, BetaPrior{3.0, 2.0});
  arma::mat weights = hand_weights();
  weights.row(0).zeros();
  family.maximize(statistics_for(family, small_data(), weights), Estimator::maximum_a_posteriori);
  BOOST_TEST(max_relative_error(family.probabilities().col(0), arma::vec(3, arma::fill::value(2.0 / 3.0))) <= kRelative);
}

BOOST_AUTO_TEST_CASE(an_empty_component_keeps_its_previous_probabilities) {
  BernoulliFamily family = random_family(2, 3, 7);
  const arma::vec before = family.probabilities().col(0);
  arma::mat weights = hand_weights();
  weights.row(0).zeros();
  weights.row(1).ones();
  family.maximize(statistics_for(family, small_data(), weights), Estimator::maximum_likelihood);
  BOOST_TEST(identical(family.probabilities().col(0), before));
  BOOST_TEST(family.probabilities()(2, 1) == 3.0 / 6.0, tt::tolerance(kRelative));
  // Before any parameters, the "previous" probabilities are 0.5.
  BernoulliFamily fresh(2, 3, 1e-10);
  fresh.maximize(statistics_for(fresh, small_data(), weights), Estimator::maximum_likelihood);
  BOOST_TEST(arma::all(fresh.probabilities().col(0) == 0.5));
  // With Beta(1, 1) MAP has the same 0/0 and does the same.
  BernoulliFamily flat = random_family(2, 3, 7);
  BernoulliFamily flat_prior(2, 3, 1e-10, BetaPrior{1.0, 1.0});
  flat_prior.set_probabilities(flat.probabilities());
  flat_prior.maximize(statistics_for(flat_prior, small_data(), weights), Estimator::maximum_a_posteriori);
  BOOST_TEST(identical(flat_prior.probabilities().col(0), before));
}

BOOST_AUTO_TEST_CASE(map_needs_a_prior) {
  BernoulliFamily no_prior = random_family(2, 3, 9);
  BOOST_TEST(!no_prior.capabilities().maximum_a_posteriori);
  const arma::mat before = no_prior.probabilities();
  const SufficientStatistics stats = statistics_for(no_prior, small_data(), hand_weights());
  BOOST_CHECK_EXCEPTION(no_prior.maximize(stats, Estimator::maximum_a_posteriori), Error, [](const Error& e) {
    return std::string(e.what()).find("needs a prior") != std::string::npos;
  });
  BOOST_TEST(identical(no_prior.probabilities(), before));
}

BOOST_AUTO_TEST_CASE(posterior_mode_by_case) {
  // Beta(A, B) with A = α + S, B = β + N − S.
  const BetaPrior laplace{2.0, 2.0};
  BOOST_TEST(*laplace.posterior_mode(3.0, 4.0) == 4.0 / 6.0, tt::tolerance(kRelative));
  BOOST_TEST(*laplace.posterior_mode(0.0, 0.0) == 0.5);  // no data: the prior's mode
  const BetaPrior flat{1.0, 1.0};
  BOOST_TEST(*flat.posterior_mode(1.0, 4.0) == 0.25);    // maximum likelihood
  BOOST_TEST(!flat.posterior_mode(0.0, 0.0));            // flat: no single mode
  const BetaPrior jeffreys{0.5, 0.5};
  BOOST_TEST(*jeffreys.posterior_mode(0.0, 3.0) == 0.0);  // A = 0.5 < 1 ≤ B = 3.5: unbounded at 0
  BOOST_TEST(*jeffreys.posterior_mode(3.0, 3.0) == 1.0);  // the mirror image
  BOOST_TEST(*jeffreys.posterior_mode(1.0, 3.0) == 0.5 / 2.0, tt::tolerance(kRelative));  // A = 1.5, B = 2.5
  BOOST_TEST(!jeffreys.posterior_mode(0.0, 0.0));         // both below 1: unbounded at both ends
  const BetaPrior half_flat{0.5, 1.0};
  BOOST_TEST(*half_flat.posterior_mode(0.0, 0.0) == 0.0);  // A < 1, B = 1: decreasing density
}

BOOST_AUTO_TEST_CASE(map_below_one_goes_to_the_clipped_boundary_or_keeps_the_value) {
  // Jeffreys' Beta(½, ½): an all-zeros column has its mode at 0, an all-ones column at 1,
  // both then clipped; component 1 has N_1 = 0 here, so A = B = ½ everywhere and it keeps 0.5.
  BernoulliFamily family(2, 3, 1e-3, BetaPrior{0.5, 0.5});
  BOOST_TEST(family.capabilities().maximum_a_posteriori);
  arma::mat weights(2, 6, arma::fill::zeros);
  weights.row(0).ones();
  family.maximize(statistics_for(family, small_data(), weights), Estimator::maximum_a_posteriori);
  const arma::mat& p = family.probabilities();
  BOOST_TEST(p(0, 0) == 1.0 - 1e-3);
  BOOST_TEST(p(1, 0) == 1e-3);
  BOOST_TEST(p(2, 0) == (3.0 - 0.5) / (6.0 - 1.0), tt::tolerance(kRelative));
  BOOST_TEST(arma::all(p.col(1) == 0.5));
}

BOOST_AUTO_TEST_CASE(constructor_checks) {
  BOOST_CHECK_THROW(BernoulliFamily(0, 3, 1e-10), Error);
  BOOST_CHECK_THROW(BernoulliFamily(2, 0, 1e-10), Error);
  BOOST_CHECK_THROW(BernoulliFamily(2, 3, -1e-3), Error);
  BOOST_CHECK_THROW(BernoulliFamily(2, 3, 0.5), Error);
  BOOST_CHECK_THROW(BernoulliFamily(2, 3, std::nan("")), Error);
  BOOST_CHECK_THROW(BernoulliFamily(2, 3, 1e-10, BetaPrior{0.0, 1.0}), Error);
  BOOST_CHECK_THROW(BernoulliFamily(2, 3, 1e-10, BetaPrior{1.0, -2.0}), Error);
  BOOST_CHECK_NO_THROW(BernoulliFamily(2, 3, 0.0, BetaPrior{0.5, 0.5}));
}

BOOST_AUTO_TEST_CASE(set_probabilities_checks_and_keeps_the_family_on_failure) {
  BernoulliFamily family = random_family(2, 3, 11);
  const arma::mat before = family.probabilities();
  BOOST_CHECK_THROW(family.set_probabilities(arma::mat(3, 3, arma::fill::value(0.5))), Error);
  BOOST_CHECK_THROW(family.set_probabilities(arma::mat{{0.5, 0.5}, {1.5, 0.5}, {0.5, 0.5}}), Error);
  BOOST_CHECK_THROW(family.set_probabilities(arma::mat{{0.5, 0.5}, {-0.1, 0.5}, {0.5, 0.5}}), Error);
  BOOST_CHECK_THROW(family.set_probabilities(arma::mat{{0.5, 0.5}, {std::nan(""), 0.5}, {0.5, 0.5}}), Error);
  BOOST_TEST(identical(family.probabilities(), before));
}

BOOST_AUTO_TEST_CASE(permuting_components_moves_probabilities_and_scores) {
  BernoulliFamily family = random_family(3, 4, 13);
  const arma::mat before = family.probabilities();
  const Dataset data = binary_dataset(random_binary(4, 30, 14));
  arma::mat scores_before, scores_after;
  family.log_likelihood(DataBlock(data, 0, 30, 0), scores_before);
  family.permute_components(arma::uvec{2, 0, 1});
  family.log_likelihood(DataBlock(data, 0, 30, 0), scores_after);
  BOOST_TEST(identical(family.probabilities(), before.cols(arma::uvec{2, 0, 1})));
  BOOST_TEST(identical(scores_after, scores_before.rows(arma::uvec{2, 0, 1})));
  BOOST_CHECK_THROW(family.permute_components(arma::uvec{0, 0, 1}), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // estimation_test
