// E_q[log p(x|θ)] and KL(q || p) against Monte Carlo averages over draws from q: this is what proves the constants.
#include <boost/test/unit_test.hpp>

#include "posterior_test_support.hpp"

BOOST_AUTO_TEST_SUITE(posterior_monte_carlo_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr std::size_t kDraws = 100000;
// |mean − exact| < 5 standard errors fails by chance with probability 6e-7 per check (the seed is fixed anyway).
constexpr double kStandardErrors = 5.0;

struct Estimate {
  double mean;
  double standard_error;
};

Estimate estimate(const arma::vec& values) {
  return {arma::mean(values), arma::stddev(values) / std::sqrt(static_cast<double>(values.n_elem))};
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(expected_log_likelihood_and_kl_match_monte_carlo, Covariance, CovarianceTypes) {
  // Few rows, so the posterior is far from a point mass and every term of the bound matters.
  const GaussianFamily<Covariance> family = posterior_family<Covariance>(2, 11, 12);
  const arma::mat x = arma::join_rows(random_points(2, 2, 21), arma::vec{-4.0, 9.0});  // one far-out row
  arma::mat exact;
  family.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), exact);

  RandomStream stream = derive_stream(5, "posterior_monte_carlo_test", 0);
  arma::cube log_likelihoods(2, x.n_cols, kDraws);  // log N(x_j | μ_k, Λ_k⁻¹) per draw
  arma::vec log_ratios(kDraws);                     // log q(θ) − log p(θ) per draw
  arma::mat means;
  arma::cube precisions;
  for (std::size_t s = 0; s < kDraws; ++s) {
    log_ratios(s) = draw_from_posterior(family, stream, means, precisions);
    for (std::size_t k = 0; k < 2; ++k)
      for (std::size_t j = 0; j < x.n_cols; ++j)
        log_likelihoods(k, j, s) = log_normal(x.col(j), means.col(k), precisions.slice(k));
  }
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t j = 0; j < x.n_cols; ++j) {
      const Estimate mc = estimate(arma::vectorise(log_likelihoods.tube(k, j)));
      BOOST_TEST(std::abs(mc.mean - exact(k, j)) < kStandardErrors * mc.standard_error,
                 "k=" << k << " j=" << j << ": Monte Carlo " << mc.mean << " ± " << mc.standard_error << ", exact "
                      << exact(k, j));
    }
  }
  const Estimate kl = estimate(log_ratios);
  BOOST_TEST(std::abs(kl.mean - family.kl_to_prior()) < kStandardErrors * kl.standard_error,
             "KL: Monte Carlo " << kl.mean << " ± " << kl.standard_error << ", exact " << family.kl_to_prior());

  // The checks can fail: for the rows near the data the tolerance is below the smallest term of
  // E_q[log p(x|θ)], D/(2β_k), and below it for the KL too (the far-out row's spread is larger).
  const double smallest_term = 0.5 * 2.0 / family.mean_precisions().max();
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < 2; ++j)
      BOOST_TEST(kStandardErrors * estimate(arma::vectorise(log_likelihoods.tube(k, j))).standard_error <
                 smallest_term);
  BOOST_TEST(kStandardErrors * kl.standard_error < smallest_term);
}

BOOST_AUTO_TEST_SUITE_END()  // posterior_monte_carlo_test
