// The M-step: maximum likelihood, the Dirichlet MAP closed form, the eps floor, empty components; setters, permutation, clone.
#include <boost/test/unit_test.hpp>

#include "categorical_test_support.hpp"
#include "mixfit/core/error.hpp"
#include "probability_estimate.hpp"

BOOST_AUTO_TEST_SUITE(estimation_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::vector<std::size_t> kLevels{2, 3, 4};

CategoricalOptions options_with(double eps, std::optional<double> alpha = std::nullopt) {
  return CategoricalOptions{eps, alpha, UnseenLevels::error};
}

/// Statistics with hand-chosen level counts S (one row of ΣL per component) and N_k their column-0 sums.
SufficientStatistics statistics_with(const CategoricalFamily& family, const arma::mat& counts) {
  SufficientStatistics stats(family.stat_layout());
  for (std::size_t k = 0; k < counts.n_rows; ++k) {
    stats.component_matrix(k, 0, counts.n_cols, 1) = counts.row(k).t();
    stats.count(k) = arma::accu(counts.row(k).cols(0, family.layout().num_levels(0) - 1));
  }
  return stats;
}

}  // namespace

BOOST_AUTO_TEST_CASE(maximum_likelihood_is_counts_over_weight) {
  CategoricalFamily family(2, layout_of(kLevels), options_with(0.0));
  const arma::mat counts = {{1.5, 2.5, 0.5, 1.0, 2.5, 3.0, 0.25, 0.5, 0.25},
                            {3.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0}};
  family.maximize(statistics_with(family, counts), Estimator::maximum_likelihood);
  BOOST_TEST(identical(family.probabilities(0, 0), arma::vec{1.5 / 4.0, 2.5 / 4.0}));
  BOOST_TEST(identical(family.probabilities(0, 1), arma::vec{0.5 / 4.0, 1.0 / 4.0, 2.5 / 4.0}));
  BOOST_TEST(identical(family.probabilities(0, 2), arma::vec{3.0 / 4.0, 0.25 / 4.0, 0.5 / 4.0, 0.25 / 4.0}));
  BOOST_TEST(identical(family.probabilities(1, 2), arma::vec{0.25, 0.25, 0.25, 0.25}));
  BOOST_TEST(identical(family.log_probabilities(), arma::log(family.probabilities())));
}

BOOST_AUTO_TEST_CASE(map_matches_the_dirichlet_closed_form) {
  const arma::mat counts = {{1.5, 2.5, 0.5, 1.0, 2.5, 3.0, 0.25, 0.5, 0.25},
                            {7.0, 1.0, 0.0, 2.0, 6.0, 0.0, 0.0, 8.0, 0.0}};
  for (const double alpha : {1.0, 2.0, 3.5}) {
    BOOST_TEST_CONTEXT("alpha = " << alpha) {
      CategoricalFamily family(2, layout_of(kLevels), options_with(0.0, alpha));
      BOOST_TEST(family.capabilities().maximum_a_posteriori);
      family.maximize(statistics_with(family, counts), Estimator::maximum_a_posteriori);
      for (std::size_t k = 0; k < 2; ++k)
        for (std::size_t j = 0; j < kLevels.size(); ++j) {
          const std::size_t first = family.layout().offset(j), levels = kLevels[j];
          const arma::vec s = counts.row(k).cols(first, first + levels - 1).t();
          // θ = (S + a − 1) / (N_k + L_j (a − 1)), N_k = 8 for component 1, 4 for component 0.
          const double n_k = k == 0 ? 4.0 : 8.0;
          const arma::vec expected = (s + alpha - 1.0) / (n_k + static_cast<double>(levels) * (alpha - 1.0));
          BOOST_TEST(max_relative_error(family.probabilities(k, j), expected) <= 1e-15);
        }
    }
  }
  // α = 1 is maximum likelihood.
  CategoricalFamily map(2, layout_of(kLevels), options_with(0.0, 1.0)), ml(2, layout_of(kLevels), options_with(0.0));
  map.maximize(statistics_with(map, counts), Estimator::maximum_a_posteriori);
  ml.maximize(statistics_with(ml, counts), Estimator::maximum_likelihood);
  BOOST_TEST(max_relative_error(map.probabilities(), ml.probabilities(), 1e-300) <= 1e-15);
}

BOOST_AUTO_TEST_CASE(map_below_one_sets_levels_without_a_mode_to_zero) {
  arma::vec theta;
  // α = 0.5: S + α − 1 = (2.5, −0.5, 0.5) → (2.5, 0, 0.5) / 3.
  BOOST_TEST(estimate_maximum_a_posteriori(arma::vec{3.0, 0.0, 1.0}, 0.5, theta));
  BOOST_TEST(max_relative_error(theta, arma::vec{2.5 / 3.0, 0.0, 0.5 / 3.0}) <= 1e-15);
  // No data and α ≤ 1: no mode at all, the column is kept.
  theta = {0.2, 0.8};
  BOOST_TEST(!estimate_maximum_a_posteriori(arma::vec{0.0, 0.0}, 0.5, theta));
  BOOST_TEST(!estimate_maximum_a_posteriori(arma::vec{0.0, 0.0}, 1.0, theta));
  BOOST_TEST(identical(theta, arma::vec{0.2, 0.8}));
  // No data and α > 1: the prior's mode, uniform.
  BOOST_TEST(estimate_maximum_a_posteriori(arma::vec{0.0, 0.0, 0.0}, 2.0, theta));
  BOOST_TEST(identical(theta, arma::vec{1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0}));
}

BOOST_AUTO_TEST_CASE(map_needs_a_prior) {
  CategoricalFamily family(2, layout_of(kLevels), options_with(0.0));
  BOOST_TEST(!family.capabilities().maximum_a_posteriori);
  const arma::mat counts(2, 9, arma::fill::ones);
  BOOST_CHECK_EXCEPTION(family.maximize(statistics_with(family, counts), Estimator::maximum_a_posteriori), Error,
                        [](const Error& e) { return std::string(e.what()).find("prior") != std::string::npos; });
  BOOST_TEST(!family.has_parameters());
}

BOOST_AUTO_TEST_CASE(eps_floors_and_renormalises_only_when_needed) {
  arma::vec theta = {0.0, 0.25, 0.75};
  apply_probability_floor(theta, 0.01);
  BOOST_TEST(max_relative_error(theta, arma::vec{0.01, 0.25, 0.75} / 1.01) <= 1e-15);
  BOOST_TEST(arma::accu(theta) == 1.0, tt::tolerance(1e-15));
  // Nothing below eps: untouched, bit for bit.
  arma::vec clean = {0.1, 0.3, 0.6};
  const arma::vec before = clean;
  apply_probability_floor(clean, 0.01);
  BOOST_TEST(identical(clean, before));
  // eps = 0 keeps exact zeros.
  arma::vec zero = {0.0, 1.0};
  apply_probability_floor(zero, 0.0);
  BOOST_TEST(identical(zero, arma::vec{0.0, 1.0}));

  // Through the family: the option is observable in the M-step.
  const arma::mat counts = {{4.0, 0.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0}};
  CategoricalFamily floored(1, layout_of(kLevels), options_with(0.01)), exact(1, layout_of(kLevels), options_with(0.0));
  floored.maximize(statistics_with(floored, counts), Estimator::maximum_likelihood);
  exact.maximize(statistics_with(exact, counts), Estimator::maximum_likelihood);
  BOOST_TEST(identical(exact.probabilities(0, 0), arma::vec{1.0, 0.0}));
  BOOST_TEST(max_relative_error(floored.probabilities(0, 0), arma::vec{1.0, 0.01} / 1.01) <= 1e-15);
  BOOST_TEST(identical(floored.probabilities(0, 1), exact.probabilities(0, 1)));  // nothing below eps there
  // The default eps (1e-10) floors as well.
  CategoricalFamily by_default(1, layout_of(kLevels), {});
  by_default.maximize(statistics_with(by_default, counts), Estimator::maximum_likelihood);
  BOOST_TEST(by_default.probabilities(0, 0)(1) > 0.0);
}

BOOST_AUTO_TEST_CASE(a_component_without_weight_keeps_its_probabilities) {
  CategoricalFamily family(2, layout_of(kLevels), options_with(0.0));
  // Before any parameters, an empty component starts uniform.
  arma::mat counts = {{1.0, 3.0, 1.0, 1.0, 2.0, 2.0, 1.0, 0.5, 0.5}, {0, 0, 0, 0, 0, 0, 0, 0, 0}};
  family.maximize(statistics_with(family, counts), Estimator::maximum_likelihood);
  BOOST_TEST(identical(family.probabilities(1, 1), arma::vec{1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0}));
  // Then it keeps whatever it had.
  counts.row(0) = arma::rowvec{2.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0};
  counts.row(1).zeros();
  CategoricalFamily fitted = fitted_family(2, kLevels, 5, options_with(0.0));
  const arma::mat fitted_start = fitted.probabilities();
  fitted.maximize(statistics_with(fitted, counts), Estimator::maximum_likelihood);
  BOOST_TEST(identical(arma::rowvec(fitted.probabilities().row(1)), arma::rowvec(fitted_start.row(1))));
  BOOST_TEST(identical(fitted.probabilities(0, 0), arma::vec{0.5, 0.5}));
  // Kept parameters are not floored either (eps applies to new estimates only).
  CategoricalFamily floor_later(2, layout_of(kLevels), options_with(0.3));
  floor_later.set_probabilities(fitted_start);
  floor_later.maximize(statistics_with(floor_later, counts), Estimator::maximum_likelihood);
  BOOST_TEST(identical(arma::rowvec(floor_later.probabilities().row(1)), arma::rowvec(fitted_start.row(1))));
}

BOOST_AUTO_TEST_CASE(free_parameters_are_k_times_levels_minus_one) {
  BOOST_TEST(CategoricalFamily(3, layout_of({2, 3, 5, 4}), {}).num_free_parameters() == 3u * (1 + 2 + 4 + 3));
  BOOST_TEST(CategoricalFamily(2, layout_of({1, 1}), {}).num_free_parameters() == 0u);
}

BOOST_AUTO_TEST_CASE(setter_checks_and_leaves_the_family_unchanged) {
  CategoricalFamily family = fitted_family(2, kLevels, 9);
  const arma::mat before = family.probabilities();
  BOOST_CHECK_THROW(family.set_probabilities(arma::mat(2, 8, arma::fill::value(0.5))), Error);
  arma::mat bad = before;
  bad(0, 0) += 0.1;  // column 0 of component 0 no longer sums to 1
  BOOST_CHECK_EXCEPTION(family.set_probabilities(bad), Error, [](const Error& e) {
    return std::string(e.what()).find("component 0, column 'c0'") != std::string::npos;
  });
  bad = before;
  bad(1, 2) = -0.1;
  bad(1, 3) += 0.1;
  BOOST_CHECK_THROW(family.set_probabilities(bad), Error);
  BOOST_TEST(identical(family.probabilities(), before));
}

BOOST_AUTO_TEST_CASE(permutation_and_clone) {
  CategoricalFamily family = fitted_family(3, kLevels, 4);
  const arma::mat before = family.probabilities();
  const std::unique_ptr<ComponentFamily> copy = family.clone();
  family.permute_components(arma::uvec{2, 0, 1});
  BOOST_TEST(identical(arma::rowvec(family.probabilities().row(0)), arma::rowvec(before.row(2))));
  BOOST_TEST(identical(arma::rowvec(family.probabilities().row(1)), arma::rowvec(before.row(0))));
  BOOST_TEST(identical(family.log_probabilities(), arma::log(family.probabilities())));  // cache refreshed
  BOOST_CHECK_THROW(family.permute_components(arma::uvec{0, 0, 1}), Error);
  // The clone is independent.
  BOOST_TEST(identical(dynamic_cast<const CategoricalFamily&>(*copy).probabilities(), before));
}

BOOST_AUTO_TEST_CASE(constructor_rejects_bad_arguments) {
  BOOST_CHECK_THROW(CategoricalFamily(0, layout_of({2}), {}), Error);
  BOOST_CHECK_THROW(CategoricalFamily(2, layout_of({2}), options_with(1.0)), Error);
  BOOST_CHECK_THROW(CategoricalFamily(2, layout_of({2}), options_with(-0.5)), Error);
  BOOST_CHECK_THROW(CategoricalFamily(2, layout_of({2}), options_with(0.0, 0.0)), Error);
  BOOST_CHECK_THROW(layout_of({2, 0}), Error);
  BOOST_CHECK_THROW(LevelLayout({}, {}), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // estimation_test
