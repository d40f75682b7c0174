// The Gaussian posterior: KL and expected log-likelihood against Monte Carlo, MAP modes, weak priors, persistence.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/math/special_functions.hpp"

#include <boost/mpl/list.hpp>
#include <boost/random/gamma_distribution.hpp>

#include <cmath>
#include <numbers>

BOOST_AUTO_TEST_SUITE(variational_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

using CovarianceTypes = boost::mpl::list<FullCovariance, DiagonalCovariance, SphericalCovariance, TiedCovariance>;

// A prior in the policy's shape for D = 2.
template <class Covariance>
GaussianPrior test_prior() {
  GaussianPrior prior;
  prior.mean_precision = 0.7;
  prior.mean = arma::vec{1.0, -0.5};
  prior.degrees_of_freedom = 3.5;
  if constexpr (std::is_same_v<Covariance, DiagonalCovariance>) {
    prior.covariance = arma::mat(arma::vec{2.0, 0.5});
  } else if constexpr (std::is_same_v<Covariance, SphericalCovariance>) {
    prior.covariance = arma::mat(1, 1, arma::fill::value(1.5));
  } else {
    prior.covariance = arma::mat{{2.0, 0.3}, {0.3, 0.5}};
  }
  return prior;
}

// Statistics of x under weights r, with the counts the framework's pass would set.
SufficientStatistics stats_of(const ComponentFamily& family, const arma::mat& x, const arma::mat& r) {
  SufficientStatistics stats(family.stat_layout());
  for (arma::uword k = 0; k < r.n_rows; ++k) stats.count(k) = arma::accu(r.row(k));
  stats.num_rows() = static_cast<double>(x.n_cols);
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), r, stats);
  return stats;
}

// A family with a posterior after one update from random data and responsibilities.
template <class Covariance>
GaussianFamily<Covariance> posterior_family(std::size_t k_count, double reg_covar = 1e-6) {
  GaussianFamily<Covariance> family(k_count, 2, reg_covar, 0, test_prior<Covariance>());
  const arma::mat x = random_points(2, 40, 11);
  family.update_posterior(stats_of(family, x, random_responsibilities(k_count, x.n_cols, 12)));
  return family;
}

double log_normal(const arma::vec& x, const arma::vec& mean, const arma::mat& precision) {
  double sign = 0.0, log_det = 0.0;
  arma::log_det(log_det, sign, precision);
  const arma::vec d = x - mean;
  return 0.5 * log_det - 0.5 * static_cast<double>(x.n_elem) * std::log(2 * std::numbers::pi) -
         0.5 * arma::as_scalar(d.t() * precision * d);
}

// log Wishart(Λ | W, ν) (PRML B.78).
double log_wishart(const arma::mat& lambda, const arma::mat& w, double nu) {
  const double d = static_cast<double>(w.n_rows);
  double sign = 0.0, log_det_w = 0.0, log_det_lambda = 0.0;
  arma::log_det(log_det_w, sign, w);
  arma::log_det(log_det_lambda, sign, lambda);
  return -0.5 * nu * log_det_w - 0.5 * nu * d * std::log(2.0) - log_multivariate_gamma(0.5 * nu, w.n_rows) +
         0.5 * (nu - d - 1.0) * log_det_lambda - 0.5 * arma::trace(arma::solve(w, lambda));
}

double log_gamma_density(double x, double shape, double rate) {
  return shape * std::log(rate) - log_gamma(shape) + (shape - 1.0) * std::log(x) - rate * x;
}

// Bartlett: Λ = L A Aᵀ Lᵀ with L = chol(W), A_ii² ~ χ²(ν − i), A_ij ~ N(0, 1) below the diagonal.
arma::mat draw_wishart(const arma::mat& w, double nu, RandomStream& stream) {
  const arma::uword d = w.n_rows;
  const arma::mat l = arma::chol(w, "lower");
  arma::mat a(d, d, arma::fill::zeros);
  boost::random::normal_distribution<double> normal;
  for (arma::uword i = 0; i < d; ++i) {
    a(i, i) = std::sqrt(boost::random::gamma_distribution<double>(0.5 * (nu - static_cast<double>(i)), 2.0)(stream));
    for (arma::uword j = 0; j < i; ++j) a(i, j) = normal(stream);
  }
  return l * a * a.t() * l.t();
}

// One draw (μ_k, Λ_k) of every component from q (or, with `from_prior`, from the prior), and log q − log p of it.
template <class Covariance>
double draw(const GaussianFamily<Covariance>& family, RandomStream& stream, arma::mat& means, arma::cube& precisions) {
  const GaussianPrior& p = *family.resolved_prior();
  const std::size_t k_count = family.num_components();
  const arma::uword d = 2;
  means.set_size(d, k_count);
  precisions.set_size(d, d, k_count);
  boost::random::normal_distribution<double> normal;
  double log_ratio = 0.0;
  arma::mat shared;
  if constexpr (std::is_same_v<Covariance, TiedCovariance>) {
    const double nu = family.degrees_of_freedom()(0);
    const arma::mat w = arma::inv_sympd(nu * family.covariances());
    shared = draw_wishart(w, nu, stream);
    log_ratio += log_wishart(shared, w, nu) - log_wishart(shared, arma::inv_sympd(*p.covariance), *p.degrees_of_freedom);
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    arma::mat lambda(d, d, arma::fill::zeros);
    if constexpr (std::is_same_v<Covariance, TiedCovariance>) {
      lambda = shared;
    } else {
      const double nu = family.degrees_of_freedom()(k);
      if constexpr (std::is_same_v<Covariance, FullCovariance>) {
        const arma::mat w = arma::inv_sympd(nu * family.covariances().slice(k));
        lambda = draw_wishart(w, nu, stream);
        log_ratio += log_wishart(lambda, w, nu) - log_wishart(lambda, arma::inv_sympd(*p.covariance), *p.degrees_of_freedom);
      } else if constexpr (std::is_same_v<Covariance, DiagonalCovariance>) {
        for (arma::uword i = 0; i < d; ++i) {
          const double rate = 0.5 * nu * family.covariances()(i, k);
          lambda(i, i) = boost::random::gamma_distribution<double>(0.5 * nu, 1.0 / rate)(stream);
          log_ratio += log_gamma_density(lambda(i, i), 0.5 * nu, rate) -
                       log_gamma_density(lambda(i, i), 0.5 * *p.degrees_of_freedom, 0.5 * (*p.covariance)(i, 0));
        }
      } else {
        // λ ~ Gamma(Dν/2, DνC/2), prior Gamma(Dν₀/2, DΨ₀/2), D = 2
        const double shape = nu, rate = nu * family.covariances()(k);
        const double value = boost::random::gamma_distribution<double>(shape, 1.0 / rate)(stream);
        lambda = value * arma::eye(d, d);
        log_ratio += log_gamma_density(value, shape, rate) -
                     log_gamma_density(value, *p.degrees_of_freedom, (*p.covariance)(0, 0));
      }
    }
    const double beta = family.mean_precisions()(k);
    const arma::mat l = arma::chol(arma::inv_sympd(beta * lambda), "lower");
    arma::vec z(d);
    for (double& v : z) v = normal(stream);
    means.col(k) = family.means().col(k) + l * z;
    precisions.slice(k) = lambda;
    log_ratio += log_normal(means.col(k), family.means().col(k), beta * lambda) -
                 log_normal(means.col(k), *p.mean, *p.mean_precision * lambda);
  }
  return log_ratio;
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(kl_vanishes_when_the_posterior_is_the_prior, Covariance, CovarianceTypes) {
  GaussianFamily<Covariance> family(3, 2, 0.0, 0, test_prior<Covariance>());
  SufficientStatistics empty(family.stat_layout());
  family.update_posterior(empty);  // N_k = 0: the posterior is the prior (up to scikit-learn's 10·eps)
  BOOST_TEST(std::abs(family.kl_to_prior()) < 1e-9);
  BOOST_TEST(posterior_family<Covariance>(3).kl_to_prior() > 0.0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(expected_log_likelihood_and_kl_agree_with_monte_carlo, Covariance, CovarianceTypes) {
  const GaussianFamily<Covariance> family = posterior_family<Covariance>(2);
  const arma::mat x = random_points(2, 3, 21);
  arma::mat expected;
  family.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), expected);
  constexpr std::size_t draws = 100000;
  RandomStream stream = derive_stream(5, "test", 0);
  arma::cube samples(2, x.n_cols, draws);  // (k, j) log-likelihoods per draw
  arma::vec log_ratios(draws);
  arma::mat means;
  arma::cube precisions;
  for (std::size_t s = 0; s < draws; ++s) {
    log_ratios(s) = draw(family, stream, means, precisions);
    for (std::size_t k = 0; k < 2; ++k)
      for (std::size_t j = 0; j < x.n_cols; ++j) samples(k, j, s) = log_normal(x.col(j), means.col(k), precisions.slice(k));
  }
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t j = 0; j < x.n_cols; ++j) {
      const arma::vec values = arma::vectorise(samples.tube(k, j));
      const double se = arma::stddev(values) / std::sqrt(static_cast<double>(draws));
      BOOST_TEST(std::abs(arma::mean(values) - expected(k, j)) < 5 * se,
                 "k=" << k << " j=" << j << ": " << arma::mean(values) << " vs " << expected(k, j));
    }
  }
  const double se = arma::stddev(log_ratios) / std::sqrt(static_cast<double>(draws));
  BOOST_TEST(std::abs(arma::mean(log_ratios) - family.kl_to_prior()) < 5 * se,
             arma::mean(log_ratios) << " vs " << family.kl_to_prior());
}

BOOST_AUTO_TEST_CASE(map_estimate_is_the_joint_posterior_mode) {
  // K = 1, every row in the component: Ψ = Ψ₀ + N S + (Nβ₀/(β₀+N))(x̄−m₀)(x̄−m₀)ᵀ,
  // Σ = Ψ/(ν₀ + N + D + 2), μ = (β₀m₀ + N x̄)/(β₀ + N).
  const arma::mat x = random_points(2, 7, 31);
  FullGaussianFamily family(1, 2, 0.0, 0, test_prior<FullCovariance>());
  family.maximize(stats_of(family, x, arma::ones(1, x.n_cols)), Estimator::maximum_a_posteriori);
  const GaussianPrior p = test_prior<FullCovariance>();
  const double n = 7.0 + 10 * std::numeric_limits<double>::epsilon();
  const arma::vec xbar = arma::sum(x, 1) / n;
  const arma::mat centred = x.each_col() - xbar;
  const arma::vec d = xbar - *p.mean;
  const arma::mat psi = *p.covariance + centred * centred.t() + (n * *p.mean_precision / (*p.mean_precision + n)) * d * d.t();
  const arma::mat sigma = psi / (*p.degrees_of_freedom + n + 2.0 + 2.0);
  const arma::vec mu = (*p.mean_precision * *p.mean + n * xbar) / (*p.mean_precision + n);
  BOOST_TEST(max_relative_error(family.means(), mu) < 1e-12);
  BOOST_TEST(max_relative_error(family.covariances().slice(0), sigma) < 1e-12);
  BOOST_TEST(!family.has_posterior());
  BOOST_TEST(family.capabilities().maximum_a_posteriori);

  // A component with a single point and no reg_covar stays finite under the prior.
  FullGaussianFamily single(2, 2, 0.0, 0, test_prior<FullCovariance>());
  arma::mat r(2, x.n_cols, arma::fill::zeros);
  r.row(0).ones();
  r(0, 3) = 0.0;
  r(1, 3) = 1.0;
  single.maximize(stats_of(single, x, r), Estimator::maximum_a_posteriori);
  BOOST_TEST(single.covariances().is_finite());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_weak_prior_gives_the_em_solution, Covariance, CovarianceTypes) {
  // Many points and a prior worth almost nothing: VB's point estimates → EM's.
  const arma::mat x = arma::join_rows(random_points(2, 30000, 41), random_points(2, 30000, 42) + 9.0);
  GaussianPrior weak;
  weak.mean_precision = 1e-9;
  weak.mean = arma::vec{0.0, 0.0};
  weak.degrees_of_freedom = 1.0 + 1e-9;
  weak.covariance = std::is_same_v<Covariance, DiagonalCovariance> ? arma::mat(2, 1, arma::fill::value(1e-9))
                    : std::is_same_v<Covariance, SphericalCovariance> ? arma::mat(1, 1, arma::fill::value(1e-9))
                                                                      : arma::mat(1e-9 * arma::eye(2, 2));
  GaussianFamily<Covariance> em(2, 2, 0.0), vb(2, 2, 0.0, 0, weak);
  arma::mat r(2, x.n_cols, arma::fill::zeros);
  r.row(0).cols(0, 29999).ones();
  r.row(1).cols(30000, 59999).ones();
  em.maximize(stats_of(em, x, r), Estimator::maximum_likelihood);
  vb.update_posterior(stats_of(vb, x, r));
  // ν = ν₀ + N makes C = N S/(ν₀ + N): a relative difference of ν₀/N ≈ 3e-5 (tied: ν₀/2N).
  BOOST_TEST(max_relative_error(vb.means(), em.means()) < 1e-8);
  BOOST_TEST(max_relative_error(arma::vectorise(arma::mat(arma::vectorise(vb.covariances()))),
                                arma::vectorise(arma::mat(arma::vectorise(em.covariances())))) < 1e-4);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(posterior_round_trips_exactly, Covariance, CovarianceTypes) {
  const GaussianFamily<Covariance> family = posterior_family<Covariance>(3);
  auto text = [](const ComponentFamily& f) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    f.save(out);
    out << YAML::EndMap;
    return std::string(out.c_str());
  };
  const std::string saved = text(family);
  GaussianFamily<Covariance> loaded(3, 2, 1e-6);
  loaded.load(YAML::Load(saved), "model.yaml");
  BOOST_TEST(loaded.has_posterior());
  BOOST_TEST(text(loaded) == saved);
  BOOST_TEST(loaded.kl_to_prior() == family.kl_to_prior());
  const arma::mat x = random_points(2, 5, 3);
  arma::mat a, b;
  family.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), a);
  loaded.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), b);
  BOOST_TEST(identical(a, b));
}

BOOST_AUTO_TEST_SUITE_END()  // variational_test
