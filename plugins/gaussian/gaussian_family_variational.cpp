// GaussianFamily<Covariance>: conjugate prior, variational posterior, expected log-likelihood, KL, MAP.
//
// Notation (PRML §10.2, scikit-learn's BayesianGaussianMixture names): prior
// β₀ (mean_precision), m₀ (mean), ν₀ (degrees_of_freedom), Ψ₀ (covariance, the
// inverse Wishart scale); posterior β_k, m_k, ν_k and C_k = Ψ_k/ν_k
// (scikit-learn's covariances_, E[Λ_k]⁻¹), with W_k = (ν_k C_k)⁻¹.
// full: Normal-Wishart per component; tied: one Wishart shared by all
// components (ν = ν₀ + N; scikit-learn instead divides the pooled scatter and
// N by K, which is not the posterior of any model); diag: per dimension
// λ_ki ~ Gamma(ν_k/2, ν_k C_ki/2); spherical: λ_k ~ Gamma(Dν_k/2, Dν_k C_k/2).
// (scikit-learn uses the Wishart's digamma sum for diag and spherical too,
// which makes its bound improper; these are the exact Normal-Gamma forms.)
#include "gaussian_family.hpp"

#include "gaussian_statistics.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <type_traits>

namespace mixfit {
namespace {

template <class Covariance>
constexpr bool is_full = std::is_same_v<Covariance, FullCovariance>;
template <class Covariance>
constexpr bool is_diag = std::is_same_v<Covariance, DiagonalCovariance>;
template <class Covariance>
constexpr bool is_spherical = std::is_same_v<Covariance, SphericalCovariance>;
template <class Covariance>
constexpr bool is_tied = std::is_same_v<Covariance, TiedCovariance>;

template <class Covariance>
std::string context() {
  return "gaussian family (" + std::string(Covariance::kName) + " covariance): ";
}

// KL(Wishart(W, ν) || Wishart(W₀, ν₀)) with W = (νC)⁻¹, W₀ = Ψ₀⁻¹, from
// E_q[log q − log p] with log B(W, ν) = −(ν/2) log|W| − (νD/2) log 2 − log Γ_D(ν/2) (PRML B.79),
// E[log|Λ|] = Σ_i ψ((ν+1−i)/2) + D log 2 + log|W| (B.81) and E[Λ] = νW.
double kl_wishart(double nu, double log_det_c, const arma::mat& c, double nu0, const arma::mat& psi0) {
  const double d = static_cast<double>(c.n_rows);
  const double log_det_w = -d * std::log(nu) - log_det_c;
  double sign = 0.0, log_det_psi0 = 0.0;
  arma::log_det(log_det_psi0, sign, psi0);
  const double log_det_w0 = -log_det_psi0;
  const double log_b = -0.5 * nu * log_det_w - 0.5 * nu * d * std::log(2.0) - log_multivariate_gamma(0.5 * nu, c.n_rows);
  const double log_b0 =
      -0.5 * nu0 * log_det_w0 - 0.5 * nu0 * d * std::log(2.0) - log_multivariate_gamma(0.5 * nu0, c.n_rows);
  const double expected_log_det = multivariate_digamma_sum(nu, c.n_rows) + d * std::log(2.0) + log_det_w;
  // ½ ν tr(Ψ₀ W) = ½ tr(Ψ₀ C⁻¹)
  const double trace = arma::trace(arma::solve(c, psi0, arma::solve_opts::likely_sympd));
  return log_b - log_b0 + 0.5 * (nu - nu0) * expected_log_det - 0.5 * nu * d + 0.5 * trace;
}

// E_q[KL(N(m, (βΛ)⁻¹) || N(m₀, (β₀Λ)⁻¹))] = ½[D(β₀/β − 1 − log(β₀/β)) + β₀ (m − m₀)ᵀ E[Λ] (m − m₀)].
double kl_mean(double beta, double beta0, double dimension, double mahalanobis) {
  const double ratio = beta0 / beta;
  return 0.5 * (dimension * (ratio - 1.0 - std::log(ratio)) + beta0 * mahalanobis);
}

}  // namespace

template <class Covariance>
const GaussianPrior& GaussianFamily<Covariance>::prior() const {
  if (!prior_ || !prior_->resolved())
    throw Error(context<Covariance>() + "the prior's data-dependent defaults are not set yet "
                                        "(the driver calls set_prior_from_data before MAP-EM or VB)");
  return *prior_;
}

template <class Covariance>
void GaussianFamily<Covariance>::set_prior_from_data(const SufficientStatistics& pooled) {
  if (!(pooled.layout() == stat_layout())) throw Error(context<Covariance>() + "set_prior_from_data: another layout");
  GaussianPrior& prior = *prior_;
  const ComponentMoments moments = first_moments(pooled, dimension_);
  const double n = pooled.count(0);
  if (!prior.mean_precision) prior.mean_precision = 1.0;
  if (!prior.degrees_of_freedom) prior.degrees_of_freedom = static_cast<double>(dimension_);
  if (!prior.mean) prior.mean = arma::vec(means_.col(0) + moments.shifts.col(0));
  if (!prior.covariance) {
    if (!(n > 1.0))
      throw NumericalError(context<Covariance>() + "the default prior covariance needs at least two rows");
    // The policy's ML estimate of component 0 (all rows, no reg_covar), rescaled to ddof = 1 as numpy's cov.
    const CovarianceParameters all = Covariance::estimate(pooled, moments, 0.0);
    const double ddof1 = moments.effective_counts(0) / (n - 1.0);
    if constexpr (is_full<Covariance>) {
      prior.covariance = arma::mat(all.slice(0) * ddof1);
    } else if constexpr (is_diag<Covariance>) {
      prior.covariance = arma::mat(all.col(0) * ddof1);
    } else if constexpr (is_spherical<Covariance>) {
      prior.covariance = arma::mat(1, 1, arma::fill::value(all(0) * ddof1));
    } else {
      // Tied pools over K' = Σ_k N'_k, which here is N plus (K − 1)·10·eps.
      prior.covariance = arma::mat(all * (arma::accu(moments.effective_counts) / (n - 1.0)));
    }
  }
}

template <class Covariance>
typename GaussianFamily<Covariance>::Posterior GaussianFamily<Covariance>::posterior(
    const SufficientStatistics& stats) const {
  if (!(stats.layout() == stat_layout())) throw Error(context<Covariance>() + "posterior: statistics of another layout");
  const GaussianPrior& p = prior();
  const double beta0 = *p.mean_precision, nu0 = *p.degrees_of_freedom;
  const arma::vec& m0 = *p.mean;
  const arma::mat& psi0 = *p.covariance;
  const ComponentMoments moments = first_moments(stats, dimension_);
  const arma::vec& n = moments.effective_counts;  // N'_k = N_k + 10·eps, as scikit-learn
  // S_k: the ML covariance about x̄_k including reg_covar (scikit-learn's sk).
  const CovarianceParameters s = Covariance::estimate(stats, moments, reg_covar_);
  const arma::mat xbar = means_ + moments.shifts;

  Posterior q;
  q.mean_precision = beta0 + n;  // β_k = β₀ + N_k (PRML 10.60)
  q.means = xbar;
  for (std::size_t k = 0; k < num_components_; ++k)  // m_k = (β₀m₀ + N_k x̄_k)/β_k (10.61)
    q.means.col(k) = (beta0 * m0 + n(k) * xbar.col(k)) / q.mean_precision(k);
  const arma::mat diff = xbar.each_col() - m0;
  const arma::vec shrink = n % (beta0 / q.mean_precision);  // N_k β₀/β_k
  if constexpr (is_tied<Covariance>) {
    // ν = ν₀ + Σ_k N_k; Ψ = Ψ₀ + Σ_k [N_k S_k + (N_k β₀/β_k) d_k d_kᵀ] (pooled S: Σ_k N_k S_k = N S).
    q.degrees_of_freedom = arma::vec{nu0 + arma::accu(n)};
    arma::mat scale = psi0 + arma::accu(n) * s;
    for (std::size_t k = 0; k < num_components_; ++k) scale += shrink(k) * diff.col(k) * diff.col(k).t();
    q.scale = 0.5 * (scale + scale.t()) / q.degrees_of_freedom(0);
  } else {
    q.degrees_of_freedom = nu0 + n;  // ν_k = ν₀ + N_k (10.63)
    q.scale = s;
    for (std::size_t k = 0; k < num_components_; ++k) {
      const double nu = q.degrees_of_freedom(k);
      if constexpr (is_full<Covariance>) {
        // C_k = (Ψ₀ + N_k S_k + (N_k β₀/β_k) d dᵀ)/ν_k (10.62 with W_k⁻¹ = ν_k C_k)
        const arma::mat scale = psi0 + n(k) * s.slice(k) + shrink(k) * diff.col(k) * diff.col(k).t();
        q.scale.slice(k) = 0.5 * (scale + scale.t()) / nu;
      } else if constexpr (is_diag<Covariance>) {
        q.scale.col(k) = (psi0.col(0) + n(k) * (s.col(k) + (beta0 / q.mean_precision(k)) * arma::square(diff.col(k)))) / nu;
      } else {
        q.scale(k) = (psi0(0, 0) + n(k) * (s(k) + (beta0 / q.mean_precision(k)) * arma::mean(arma::square(diff.col(k))))) / nu;
      }
    }
  }
  return q;
}

template <class Covariance>
void GaussianFamily<Covariance>::update_posterior(const SufficientStatistics& stats) {
  Posterior q = posterior(stats);
  set_point_estimates(q.means, std::move(q.scale), "variational update");
  mean_precision_ = std::move(q.mean_precision);
  degrees_of_freedom_ = std::move(q.degrees_of_freedom);
  has_posterior_ = true;
}

template <class Covariance>
void GaussianFamily<Covariance>::maximize_posterior_mode(const SufficientStatistics& stats) {
  // The joint mode of the posterior over (μ_k, Σ_k) in the covariance
  // parametrisation, as mclust's priorControl (Fraley & Raftery 2007): μ_k = m_k and
  Posterior q = posterior(stats);
  const double d = static_cast<double>(dimension_);
  const double k_count = static_cast<double>(num_components_);
  CovarianceParameters mode = q.scale;
  if constexpr (is_full<Covariance>) {
    // density ∝ |Σ|^−(ν+D+2)/2 exp(−½ tr(Ψ Σ⁻¹)) at μ = m  ⇒  Σ = Ψ/(ν + D + 2)
    for (std::size_t k = 0; k < num_components_; ++k)
      mode.slice(k) *= q.degrees_of_freedom(k) / (q.degrees_of_freedom(k) + d + 2.0);
  } else if constexpr (is_tied<Covariance>) {
    // K means each add |Σ|^−½  ⇒  Σ = Ψ/(ν + D + 1 + K)
    mode *= q.degrees_of_freedom(0) / (q.degrees_of_freedom(0) + d + 1.0 + k_count);
  } else if constexpr (is_diag<Covariance>) {
    // per dimension (σ²)^−(a+3/2) exp(−b/σ²), a = ν/2, b = νC/2  ⇒  σ² = νC/(ν + 3)
    for (std::size_t k = 0; k < num_components_; ++k)
      mode.col(k) *= q.degrees_of_freedom(k) / (q.degrees_of_freedom(k) + 3.0);
  } else {
    // (σ²)^−(a+1+D/2) exp(−b/σ²), a = Dν/2, b = DνC/2  ⇒  σ² = DνC/(Dν + D + 2)
    for (std::size_t k = 0; k < num_components_; ++k)
      mode(k) *= d * q.degrees_of_freedom(k) / (d * q.degrees_of_freedom(k) + d + 2.0);
  }
  (void)k_count;
  set_point_estimates(q.means, std::move(mode), "MAP M-step");
  has_posterior_ = false;
}

template <class Covariance>
arma::vec GaussianFamily<Covariance>::expected_log_likelihood_offsets() const {
  const double d = static_cast<double>(dimension_);
  arma::vec offsets(num_components_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double nu = degrees_of_freedom_(Covariance::kShared ? 0 : k);
    double half_log_det;  // ½(E[log|Λ|] − log|C⁻¹|)
    if constexpr (is_full<Covariance> || is_tied<Covariance>) {
      // E[log|Λ|] = Σψ((ν+1−i)/2) + D log 2 + log|W|, log|W| = −D log ν − log|C| (PRML 10.65)
      half_log_det = 0.5 * (multivariate_digamma_sum(nu, dimension_) + d * std::log(2.0) - d * std::log(nu));
    } else if constexpr (is_diag<Covariance>) {
      // E[log λ_i] = ψ(ν/2) − log(νC_i/2)
      half_log_det = 0.5 * d * (digamma(0.5 * nu) + std::log(2.0) - std::log(nu));
    } else {
      // E[log λ] = ψ(Dν/2) − log(DνC/2)
      half_log_det = 0.5 * d * (digamma(0.5 * d * nu) - std::log(0.5 * d * nu));
    }
    // E[(x−μ)ᵀΛ(x−μ)] = (x−m)ᵀE[Λ](x−m) + D/β (PRML 10.64)
    offsets(k) = half_log_det - 0.5 * d / mean_precision_(k);
  }
  return offsets;
}

template <class Covariance>
void GaussianFamily<Covariance>::expected_log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_posterior_) throw Error(context<Covariance>() + "expected_log_likelihood() before a posterior was set");
  log_likelihood(block, scores);  // log N(x | m_k, C_k), C_k = E[Λ_k]⁻¹
  scores.each_col() += expected_log_likelihood_offsets();
}

template <class Covariance>
double GaussianFamily<Covariance>::kl_to_prior() const {
  if (!has_posterior_) throw Error(context<Covariance>() + "kl_to_prior() before a posterior was set");
  const GaussianPrior& p = prior();
  const double beta0 = *p.mean_precision, nu0 = *p.degrees_of_freedom;
  const arma::mat& psi0 = *p.covariance;
  const double d = static_cast<double>(dimension_);
  const auto& c = covariance_.parameters();
  double kl = 0.0;
  if constexpr (is_tied<Covariance>) kl += kl_wishart(degrees_of_freedom_(0), covariance_.log_det(0), c, nu0, psi0);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const arma::vec offset = means_.col(k) - *p.mean;
    const double mahalanobis = arma::as_scalar(covariance_.squared_mahalanobis(k, offset));
    kl += kl_mean(mean_precision_(k), beta0, d, mahalanobis);
    const double nu = degrees_of_freedom_(Covariance::kShared ? 0 : k);
    if constexpr (is_full<Covariance>) {
      kl += kl_wishart(nu, covariance_.log_det(k), c.slice(k), nu0, psi0);
    } else if constexpr (is_diag<Covariance>) {
      for (std::size_t i = 0; i < dimension_; ++i) kl += kl_gamma(0.5 * nu, 0.5 * nu * c(i, k), 0.5 * nu0, 0.5 * psi0(i, 0));
    } else if constexpr (is_spherical<Covariance>) {
      kl += kl_gamma(0.5 * d * nu, 0.5 * d * nu * c(k), 0.5 * d * nu0, 0.5 * d * psi0(0, 0));
    }
  }
  return kl;
}

#define MIXFIT_INSTANTIATE_VARIATIONAL(Policy)                                                                  \
  template void GaussianFamily<Policy>::set_prior_from_data(const SufficientStatistics&);                       \
  template void GaussianFamily<Policy>::expected_log_likelihood(const DataBlock&, arma::mat&) const;            \
  template void GaussianFamily<Policy>::update_posterior(const SufficientStatistics&);                          \
  template double GaussianFamily<Policy>::kl_to_prior() const;                                                  \
  template void GaussianFamily<Policy>::maximize_posterior_mode(const SufficientStatistics&);                   \
  template const GaussianPrior& GaussianFamily<Policy>::prior() const;                                          \
  template GaussianFamily<Policy>::Posterior GaussianFamily<Policy>::posterior(const SufficientStatistics&) const; \
  template arma::vec GaussianFamily<Policy>::expected_log_likelihood_offsets() const;

MIXFIT_INSTANTIATE_VARIATIONAL(FullCovariance)
MIXFIT_INSTANTIATE_VARIATIONAL(DiagonalCovariance)
MIXFIT_INSTANTIATE_VARIATIONAL(SphericalCovariance)
MIXFIT_INSTANTIATE_VARIATIONAL(TiedCovariance)

}  // namespace mixfit
