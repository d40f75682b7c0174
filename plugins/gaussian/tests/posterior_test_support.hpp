// Helpers of the prior/posterior tests: a test prior per covariance type, statistics, random posteriors, and
// independent densities and samplers (written from the textbook, not from the family's code) for Monte Carlo.
#pragma once

#include "gaussian_test_support.hpp"

#include <boost/mpl/list.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <type_traits>

namespace mixfit::testing {

using CovarianceTypes = boost::mpl::list<FullCovariance, DiagonalCovariance, SphericalCovariance, TiedCovariance>;

template <class Covariance>
constexpr bool kFull = std::is_same_v<Covariance, FullCovariance>;
template <class Covariance>
constexpr bool kDiag = std::is_same_v<Covariance, DiagonalCovariance>;
template <class Covariance>
constexpr bool kSpherical = std::is_same_v<Covariance, SphericalCovariance>;
template <class Covariance>
constexpr bool kTied = std::is_same_v<Covariance, TiedCovariance>;

/// Ψ₀ in the policy's stored shape from a full D×D matrix: full/tied as is, diag its diagonal, spherical their mean.
template <class Covariance>
arma::mat scale_of_type(const arma::mat& full) {
  if constexpr (kDiag<Covariance>) return arma::mat(full.diag());
  else if constexpr (kSpherical<Covariance>) return arma::mat(1, 1, arma::fill::value(arma::mean(full.diag())));
  else return full;
}

/// A fully specified prior for D = 2 with no round numbers in it.
template <class Covariance>
GaussianPrior test_prior() {
  GaussianPrior prior;
  prior.mean_precision = 0.7;
  prior.mean = arma::vec{1.0, -0.5};
  prior.degrees_of_freedom = 3.5;
  prior.covariance = scale_of_type<Covariance>(arma::mat{{2.0, 0.3}, {0.3, 0.5}});
  return prior;
}

/// Statistics of x (D×n) under weights r (K×n) with the counts the framework's pass would set.
inline SufficientStatistics stats_of(const ComponentFamily& family, const arma::mat& x, const arma::mat& r) {
  SufficientStatistics stats(family.stat_layout());
  for (arma::uword k = 0; k < r.n_rows; ++k) stats.count(k) = arma::accu(r.row(k));
  stats.num_rows() = static_cast<double>(x.n_cols);
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), r, stats);
  return stats;
}

/// A family (D = 2) with a posterior after one update from random data and responsibilities.
template <class Covariance>
GaussianFamily<Covariance> posterior_family(std::size_t k_count, std::uint64_t seed = 11, std::size_t n = 40) {
  GaussianFamily<Covariance> family(k_count, 2, 1e-6, 0, test_prior<Covariance>());
  const arma::mat x = random_points(2, n, seed);
  family.update_posterior(stats_of(family, x, random_responsibilities(k_count, x.n_cols, seed + 1)));
  return family;
}

/// β_k, m_k, ν_k, C_k (as full D×D matrices; tied: the same C and ν for every k) from x (D×n) and r (K×n),
/// two-pass from the rows, following the fixtures' README ("Bayesian Gaussian mixture") for full, diag and
/// spherical (N_k + 10·eps, reg_covar in S_k) and the shared Wishart for tied.
struct HandPosterior {
  arma::vec beta, nu;
  arma::mat means;
  arma::cube c;
};

template <class Covariance>
HandPosterior conjugate_posterior_by_hand(const arma::mat& x, const arma::mat& r, const GaussianPrior& p,
                                         double reg_covar) {
  const std::size_t k_count = r.n_rows, d = x.n_rows;
  const double beta0 = *p.mean_precision, nu0 = *p.degrees_of_freedom;
  const arma::vec m0 = *p.mean;
  HandPosterior e{arma::vec(k_count), arma::vec(k_count), arma::mat(d, k_count), arma::cube(d, d, k_count)};
  arma::mat pooled(d, d, arma::fill::zeros);
  double total = 0.0;
  arma::cube scatter(d, d, k_count);
  arma::vec n(k_count);
  arma::mat xbar(d, k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    n(k) = arma::accu(r.row(k)) + 10 * std::numeric_limits<double>::epsilon();
    xbar.col(k) = x * r.row(k).t() / n(k);
    const arma::mat centred = x.each_col() - xbar.col(k);
    scatter.slice(k) = (centred.each_row() % r.row(k)) * centred.t();
    pooled += scatter.slice(k);
    total += n(k);
    e.beta(k) = beta0 + n(k);
    e.means.col(k) = (beta0 * m0 + n(k) * xbar.col(k)) / e.beta(k);
  }
  const arma::mat psi0 = kDiag<Covariance> ? arma::mat(arma::diagmat(*p.covariance))
                         : kSpherical<Covariance> ? arma::mat((*p.covariance)(0, 0) * arma::eye(d, d))
                                                  : *p.covariance;
  arma::mat tied_scale = psi0 + pooled + total * reg_covar * arma::eye(d, d);
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::vec diff = xbar.col(k) - m0;
    const double shrink = n(k) * beta0 / e.beta(k);
    e.nu(k) = nu0 + n(k);
    arma::mat s = scatter.slice(k) / n(k) + reg_covar * arma::eye(d, d);
    arma::mat outer = diff * diff.t();
    if constexpr (kDiag<Covariance>) {
      s = arma::diagmat(s);
      outer = arma::diagmat(outer);
    } else if constexpr (kSpherical<Covariance>) {
      s = arma::mean(s.diag()) * arma::eye(d, d);
      outer = arma::mean(outer.diag()) * arma::eye(d, d);
    }
    e.c.slice(k) = (psi0 + n(k) * s + shrink * outer) / e.nu(k);
    tied_scale += shrink * diff * diff.t();
  }
  if constexpr (kTied<Covariance>) {
    e.nu = arma::vec(k_count, arma::fill::value(nu0 + total));
    e.c.each_slice() = tied_scale / (nu0 + total);
  }
  return e;
}

/// log Γ_D(a) = D(D−1)/4 log π + Σ_{i=1}^{D} log Γ(a + (1−i)/2) (PRML B.79), from std::lgamma.
inline double log_multigamma(double a, std::size_t dimension) {
  const double d = static_cast<double>(dimension);
  double sum = 0.25 * d * (d - 1.0) * std::log(std::numbers::pi);
  for (std::size_t i = 1; i <= dimension; ++i) sum += std::lgamma(a + 0.5 * (1.0 - static_cast<double>(i)));
  return sum;
}

/// log N(x | mean, precision⁻¹) (PRML 2.43).
inline double log_normal(const arma::vec& x, const arma::vec& mean, const arma::mat& precision) {
  const arma::vec d = x - mean;
  return 0.5 * arma::log_det_sympd(precision) - 0.5 * static_cast<double>(x.n_elem) * std::log(2 * std::numbers::pi) -
         0.5 * arma::as_scalar(d.t() * precision * d);
}

/// log Wishart(Λ | W, ν) (PRML B.78).
inline double log_wishart(const arma::mat& lambda, const arma::mat& w, double nu) {
  const double d = static_cast<double>(w.n_rows);
  return -0.5 * nu * arma::log_det_sympd(w) - 0.5 * nu * d * std::log(2.0) - log_multigamma(0.5 * nu, w.n_rows) +
         0.5 * (nu - d - 1.0) * arma::log_det_sympd(lambda) - 0.5 * arma::trace(arma::solve(w, lambda));
}

/// log Gamma(x | shape, rate) (PRML B.26).
inline double log_gamma_density(double x, double shape, double rate) {
  return shape * std::log(rate) - std::lgamma(shape) + (shape - 1.0) * std::log(x) - rate * x;
}

/// A Wishart(W, ν) draw by Bartlett's decomposition: Λ = L A Aᵀ Lᵀ, L = chol(W), A lower triangular with
/// A_ii² ~ χ²(ν − i + 1) (i from 1) and A_ij ~ N(0, 1) below the diagonal.
inline arma::mat draw_wishart(const arma::mat& w, double nu, RandomStream& stream) {
  const arma::uword d = w.n_rows;
  const arma::mat l = arma::chol(w, "lower");
  arma::mat a(d, d, arma::fill::zeros);
  boost::random::normal_distribution<double> normal;
  for (arma::uword i = 0; i < d; ++i) {
    // χ²(k) = Gamma(k/2, scale 2)
    a(i, i) = std::sqrt(boost::random::gamma_distribution<double>(0.5 * (nu - static_cast<double>(i)), 2.0)(stream));
    for (arma::uword j = 0; j < i; ++j) a(i, j) = normal(stream);
  }
  return l * a * a.t() * l.t();
}

/// One draw of every component's (μ_k, Λ_k) from the family's q, and log q(draw) − log p(draw) under its prior
/// (the integrand of KL(q || p)), from the densities above.
template <class Covariance>
double draw_from_posterior(const GaussianFamily<Covariance>& family, RandomStream& stream, arma::mat& means,
                           arma::cube& precisions) {
  const GaussianPrior& p = family.prior();
  const std::size_t k_count = family.num_components();
  const arma::uword d = family.dimension();
  const double dd = static_cast<double>(d);
  const double nu0 = *p.degrees_of_freedom;
  means.set_size(d, k_count);
  precisions.set_size(d, d, k_count);
  boost::random::normal_distribution<double> normal;
  auto gamma_draw = [&](double shape, double rate) {
    return boost::random::gamma_distribution<double>(shape, 1.0 / rate)(stream);
  };
  double log_ratio = 0.0;
  arma::mat shared;
  if constexpr (kTied<Covariance>) {
    const double nu = family.degrees_of_freedom()(0);
    const arma::mat w = arma::inv_sympd(nu * family.covariances());
    shared = draw_wishart(w, nu, stream);
    log_ratio += log_wishart(shared, w, nu) - log_wishart(shared, arma::inv_sympd(*p.covariance), nu0);
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    arma::mat lambda(d, d, arma::fill::zeros);
    if constexpr (kTied<Covariance>) {
      lambda = shared;
    } else if constexpr (kFull<Covariance>) {
      const double nu = family.degrees_of_freedom()(k);
      const arma::mat w = arma::inv_sympd(nu * family.covariances().slice(k));
      lambda = draw_wishart(w, nu, stream);
      log_ratio += log_wishart(lambda, w, nu) - log_wishart(lambda, arma::inv_sympd(*p.covariance), nu0);
    } else if constexpr (kDiag<Covariance>) {
      // λ_i ~ Gamma(ν/2, νC_i/2), prior Gamma(ν₀/2, Ψ₀ᵢ/2)
      const double nu = family.degrees_of_freedom()(k);
      for (arma::uword i = 0; i < d; ++i) {
        const double rate = 0.5 * nu * family.covariances()(i, k);
        lambda(i, i) = gamma_draw(0.5 * nu, rate);
        log_ratio += log_gamma_density(lambda(i, i), 0.5 * nu, rate) -
                     log_gamma_density(lambda(i, i), 0.5 * nu0, 0.5 * (*p.covariance)(i, 0));
      }
    } else {
      // λ ~ Gamma(Dν/2, DνC/2), prior Gamma(Dν₀/2, DΨ₀/2)
      const double nu = family.degrees_of_freedom()(k);
      const double shape = 0.5 * dd * nu, rate = 0.5 * dd * nu * family.covariances()(k);
      const double value = gamma_draw(shape, rate);
      lambda.diag().fill(value);
      log_ratio += log_gamma_density(value, shape, rate) -
                   log_gamma_density(value, 0.5 * dd * nu0, 0.5 * dd * (*p.covariance)(0, 0));
    }
    // μ_k | Λ_k ~ N(m_k, (β_kΛ_k)⁻¹), prior N(m₀, (β₀Λ_k)⁻¹)
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

}  // namespace mixfit::testing
