// update_posterior against the closed forms computed directly from the rows (two-pass, no anchor), all four types.
#include <boost/test/unit_test.hpp>

#include "posterior_test_support.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <limits>

BOOST_AUTO_TEST_SUITE(posterior_update_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kReg = 1e-3;  // large enough that dropping reg_covar from S_k shows

template <class Covariance>
void check_against_closed_form(const GaussianFamily<Covariance>& family, const HandPosterior& e) {
  const std::size_t k_count = family.num_components();
  BOOST_TEST(max_relative_error(family.mean_precisions(), e.beta) < 1e-12);
  BOOST_TEST(max_relative_error(family.means(), e.means) < 1e-12);
  BOOST_TEST(max_relative_error(family.degrees_of_freedom(), kTied<Covariance> ? arma::vec(e.nu.head(1)) : e.nu) <
             1e-12);
  for (std::size_t k = 0; k < k_count; ++k)
    BOOST_TEST(max_relative_error(full_covariance_of<Covariance>(family.covariances(), k, 2), e.c.slice(k)) < 1e-12,
               "component " << k);
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(posterior_matches_the_closed_form, Covariance, CovarianceTypes) {
  const arma::mat x = random_points(2, 60, 5);
  const arma::mat r = random_responsibilities(3, x.n_cols, 6);
  GaussianFamily<Covariance> family(3, 2, kReg, 0, test_prior<Covariance>());
  family.update_posterior(stats_of(family, x, r));  // statistics about the anchor 0
  check_against_closed_form(family, conjugate_posterior_by_hand<Covariance>(x, r, test_prior<Covariance>(), kReg));

  // Again from statistics about the current means (the anchor every later iteration uses).
  const arma::mat r2 = random_responsibilities(3, x.n_cols, 7);
  family.update_posterior(stats_of(family, x, r2));
  check_against_closed_form(family, conjugate_posterior_by_hand<Covariance>(x, r2, test_prior<Covariance>(), kReg));
}

BOOST_AUTO_TEST_CASE(full_expected_log_likelihood_is_scikit_learns_estimate) {
  // scikit-learn BayesianGaussianMixture._estimate_log_prob (full):
  //   log N(x | m, C) − (D/2) log ν + ½(D log 2 + Σ_{i=0}^{D−1} ψ((ν − i)/2) − D/β)
  const FullGaussianFamily family = posterior_family<FullCovariance>(3);
  const arma::mat x = random_points(2, 4, 8);
  arma::mat scores;
  family.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), scores);
  for (std::size_t k = 0; k < 3; ++k) {
    const double nu = family.degrees_of_freedom()(k), beta = family.mean_precisions()(k);
    const double log_lambda = 2 * std::log(2.0) + boost::math::digamma(nu / 2) + boost::math::digamma((nu - 1) / 2);
    for (std::size_t j = 0; j < x.n_cols; ++j) {
      const arma::mat precision = arma::inv_sympd(family.covariances().slice(k));
      const double expected =
          log_normal(x.col(j), family.means().col(k), precision) - std::log(nu) + 0.5 * (log_lambda - 2.0 / beta);
      BOOST_TEST(std::abs(scores(k, j) - expected) < 1e-12 * std::abs(expected), "k=" << k << " j=" << j);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()  // posterior_update_test
