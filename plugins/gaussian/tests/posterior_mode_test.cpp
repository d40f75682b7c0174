// MAP-EM's M-step: the mode formulas by hand, the mode is a maximum of the log posterior, and a prior rescues a
// degenerate component.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "posterior_test_support.hpp"

BOOST_AUTO_TEST_SUITE(posterior_mode_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// A small example: 9 rows, two components, one-hot responsibilities.
arma::mat example_rows() { return random_points(2, 9, 17); }
arma::mat example_responsibilities() {
  arma::mat r(2, 9, arma::fill::zeros);
  r.row(0).cols(0, 4).ones();
  r.row(1).cols(5, 8).ones();
  return r;
}

// The mode's divisor of νC (mclust's priorControl, Fraley & Raftery 2007), D = 2, K = 2.
template <class Covariance>
double mode_factor(double nu) {
  if constexpr (kFull<Covariance>) return nu / (nu + 2.0 + 2.0);        // Ψ/(ν + D + 2)
  else if constexpr (kTied<Covariance>) return nu / (nu + 2.0 + 1.0 + 2.0);  // Ψ/(ν + D + 1 + K)
  else if constexpr (kDiag<Covariance>) return nu / (nu + 3.0);           // νC/(ν + 3)
  else return 2.0 * nu / (2.0 * nu + 2.0 + 2.0);                          // DνC/(Dν + D + 2)
}

// log p(μ, Σ | X, r) up to a constant, written directly in the covariance parametrisation: the weighted
// Gaussian log-likelihood, μ_k | Σ_k ~ N(m₀, Σ_k/β₀), and the density of Σ that the prior on Λ = Σ⁻¹ induces:
// inverse Wishart |Σ|^−(ν₀+D+1)/2 exp(−½ tr(Ψ₀Σ⁻¹)) (full, tied), inverse Gamma (σ²)^−(a₀+1) exp(−b₀/σ²)
// per variance (diag: a₀ = ν₀/2, b₀ = Ψ₀ᵢ/2; spherical: a₀ = Dν₀/2, b₀ = DΨ₀/2).
template <class Covariance>
double log_posterior(const arma::mat& means, const arma::cube& sigmas, const arma::mat& x, const arma::mat& r,
                     const GaussianPrior& p) {
  const double d = 2.0, nu0 = *p.degrees_of_freedom;
  double total = 0.0;
  for (arma::uword k = 0; k < means.n_cols; ++k) {
    const arma::mat precision = arma::inv_sympd(sigmas.slice(k));
    for (arma::uword j = 0; j < x.n_cols; ++j) total += r(k, j) * log_normal(x.col(j), means.col(k), precision);
    total += log_normal(means.col(k), *p.mean, *p.mean_precision * precision);
    if constexpr (kFull<Covariance>) {
      total += -0.5 * (nu0 + d + 1.0) * arma::log_det_sympd(sigmas.slice(k)) -
               0.5 * arma::trace(*p.covariance * precision);
    } else if constexpr (kDiag<Covariance>) {
      for (arma::uword i = 0; i < 2; ++i)
        total += -(0.5 * nu0 + 1.0) * std::log(sigmas(i, i, k)) - 0.5 * (*p.covariance)(i, 0) / sigmas(i, i, k);
    } else if constexpr (kSpherical<Covariance>) {
      total += -(0.5 * d * nu0 + 1.0) * std::log(sigmas(0, 0, k)) - 0.5 * d * (*p.covariance)(0, 0) / sigmas(0, 0, k);
    }
  }
  if constexpr (kTied<Covariance>)
    total += -0.5 * (nu0 + d + 1.0) * arma::log_det_sympd(sigmas.slice(0)) -
             0.5 * arma::trace(*p.covariance * arma::inv_sympd(sigmas.slice(0)));
  return total;
}

// Small moves of every free parameter of the type: each mean coordinate, and each covariance degree of freedom.
template <class Covariance>
std::vector<std::pair<arma::mat, arma::cube>> perturbations(const arma::mat& means, const arma::cube& sigmas) {
  constexpr double step = 1e-3;
  std::vector<std::pair<arma::mat, arma::cube>> moves;
  for (double sign : {-1.0, 1.0}) {
    for (arma::uword i = 0; i < means.n_elem; ++i) {
      arma::mat m = means;
      m(i) += sign * step;
      moves.emplace_back(m, sigmas);
    }
    const arma::uword slices = kTied<Covariance> ? 1 : sigmas.n_slices;
    for (arma::uword k = 0; k < slices; ++k) {
      std::vector<arma::mat> directions;
      if constexpr (kSpherical<Covariance>) directions = {arma::eye(2, 2)};
      else if constexpr (kDiag<Covariance>)
        directions = {arma::diagmat(arma::vec{1, 0}), arma::diagmat(arma::vec{0, 1})};
      else directions = {arma::diagmat(arma::vec{1, 0}), arma::diagmat(arma::vec{0, 1}), arma::mat{{0, 1}, {1, 0}}};
      for (const arma::mat& direction : directions) {
        arma::cube s = sigmas;
        if constexpr (kTied<Covariance>) s.each_slice() += sign * step * direction;
        else s.slice(k) += sign * step * direction;
        moves.emplace_back(means, s);
      }
    }
  }
  return moves;
}

template <class Covariance>
arma::cube full_covariances(const GaussianFamily<Covariance>& family) {
  arma::cube sigmas(2, 2, family.num_components());
  for (std::size_t k = 0; k < family.num_components(); ++k)
    sigmas.slice(k) = full_covariance_of<Covariance>(family.covariances(), k, 2);
  return sigmas;
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(map_estimate_is_the_hand_computed_mode, Covariance, CovarianceTypes) {
  const arma::mat x = example_rows(), r = example_responsibilities();
  GaussianFamily<Covariance> family(2, 2, 0.0, 0, test_prior<Covariance>());
  BOOST_TEST(family.capabilities().maximum_a_posteriori);
  family.maximize(stats_of(family, x, r), Estimator::maximum_a_posteriori);
  BOOST_TEST(!family.has_posterior());  // a MAP fit is a point estimate

  const HandPosterior q = conjugate_posterior_by_hand<Covariance>(x, r, test_prior<Covariance>(), 0.0);
  BOOST_TEST(max_relative_error(family.means(), q.means) < 1e-12);  // μ_k = m_k
  for (std::size_t k = 0; k < 2; ++k)
    BOOST_TEST(max_relative_error(full_covariance_of<Covariance>(family.covariances(), k, 2),
                                  q.c.slice(k) * mode_factor<Covariance>(q.nu(k))) < 1e-12,
               "component " << k);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(map_estimate_maximises_the_log_posterior, Covariance, CovarianceTypes) {
  // The derivation, checked independently of the formulas: every small move lowers log p(μ, Σ | X).
  const arma::mat x = example_rows(), r = example_responsibilities();
  const GaussianPrior prior = test_prior<Covariance>();
  GaussianFamily<Covariance> family(2, 2, 0.0, 0, prior);
  family.maximize(stats_of(family, x, r), Estimator::maximum_a_posteriori);
  const double at_mode = log_posterior<Covariance>(family.means(), full_covariances(family), x, r, prior);
  for (const auto& [means, sigmas] : perturbations<Covariance>(family.means(), full_covariances(family))) {
    const double moved = log_posterior<Covariance>(means, sigmas, x, r, prior);
    // At a maximum the loss is second order, ≈ 1e-6 here, far above rounding (≈ 1e-14).
    BOOST_TEST(moved < at_mode - 1e-9, "moved " << moved << " vs mode " << at_mode);
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_prior_keeps_a_one_point_component_finite, Covariance, CovarianceTypes) {
  // Component 1 holds one row and reg_covar is 0: its ML covariance is singular, its MAP covariance is not.
  const arma::mat x = example_rows();
  arma::mat r(2, x.n_cols, arma::fill::zeros);
  r.row(0).ones();
  r(0, 4) = 0.0;
  r(1, 4) = 1.0;
  GaussianFamily<Covariance> ml(2, 2, 0.0);
  if constexpr (!kTied<Covariance>)  // tied pools the scatter, so one row alone does not break it
    BOOST_CHECK_THROW(ml.maximize(stats_of(ml, x, r), Estimator::maximum_likelihood), NumericalError);
  GaussianFamily<Covariance> map(2, 2, 0.0, 0, test_prior<Covariance>());
  map.maximize(stats_of(map, x, r), Estimator::maximum_a_posteriori);
  for (std::size_t k = 0; k < 2; ++k) {
    const arma::mat sigma = full_covariance_of<Covariance>(map.covariances(), k, 2);
    BOOST_TEST(sigma.is_finite());
    BOOST_TEST(arma::eig_sym(sigma).min() > 0.05);  // at least of the order of the prior's scale
  }
}

BOOST_AUTO_TEST_CASE(map_without_a_configured_prior_is_an_error) {
  FullGaussianFamily family(2, 2, 1e-6);
  BOOST_TEST(!family.capabilities().maximum_a_posteriori);
  BOOST_TEST(family.capabilities().variational);
  const arma::mat x = example_rows();
  const SufficientStatistics stats = stats_of(family, x, example_responsibilities());
  BOOST_CHECK_EXCEPTION(family.maximize(stats, Estimator::maximum_a_posteriori), Error, [](const Error& e) {
    return std::string(e.what()).find("model.options.prior") != std::string::npos;
  });
  BOOST_TEST(!family.has_parameters());
}

BOOST_AUTO_TEST_SUITE_END()  // posterior_mode_test
