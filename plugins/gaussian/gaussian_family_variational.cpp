// GaussianFamily<Covariance>: prior defaults, conjugate posterior, expected log-likelihood and KL to the prior.
//
// Notation (PRML §10.2 with scikit-learn's BayesianGaussianMixture names): prior
// β₀ (mean_precision), m₀ (mean), ν₀ (degrees_of_freedom), Ψ₀ (covariance, the
// inverse Wishart scale); posterior β_k, m_k, ν_k and C_k = Ψ_k/ν_k = E[Λ_k]⁻¹
// (scikit-learn's covariances_), the Wishart scale being W_k = (ν_k C_k)⁻¹.
//   full:      Λ_k ~ Wishart(W_k, ν_k), μ_k | Λ_k ~ N(m_k, (β_kΛ_k)⁻¹) per component.
//   tied:      one Λ ~ Wishart((νC)⁻¹, ν) with ν = ν₀ + Σ_k N'_k for all components, μ_k | Λ as above.
//              (scikit-learn's tied BayesianGaussianMixture divides N and the pooled terms by K, which is not
//              the posterior of any model, so its lower bound is not a bound; this is the exact one.)
//   diag:      λ_ki ~ Gamma(ν_k/2, ν_k C_ki/2) per dimension, prior Gamma(ν₀/2, Ψ₀ᵢ/2),
//              μ_ki | λ_ki ~ N(m_ki, (β_kλ_ki)⁻¹).
//   spherical: λ_k ~ Gamma(Dν_k/2, Dν_k C_k/2), prior Gamma(Dν₀/2, DΨ₀/2), μ_k | λ_k ~ N(m_k, (β_kλ_k)⁻¹ I).
//   Those two are precision_model gamma, the default. precision_model wishart is scikit-learn's
//   BayesianGaussianMixture for diag and spherical: full Wishart precisions Λ_k ~ Wishart(Ψ₀⁻¹, ν₀) whose
//   q is restricted to a diagonal (isotropic) scale, Λ_k ~ Wishart((ν_k C_k)⁻¹, ν_k) with C_k diagonal (C_k I);
//   its E[log|Λ|] is the Wishart's digamma sum and its KL the Wishart's, so its bound is a true bound on that
//   model's evidence. m, β, ν and C are the same numbers under both.
#include "gaussian_family.hpp"

#include "gaussian_statistics.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"
#include "normal_wishart_divergence.hpp"

#include <cmath>
#include <type_traits>

namespace mixfit {
namespace {

template <class Covariance>
constexpr bool is_full = std::is_same_v<Covariance, FullCovariance>;
template <class Covariance>
constexpr bool is_diag = std::is_same_v<Covariance, DiagonalCovariance>;
template <class Covariance>
constexpr bool is_tied = std::is_same_v<Covariance, TiedCovariance>;

}  // namespace

template <class Covariance>
const GaussianPrior& GaussianFamily<Covariance>::resolved_prior() const {
  if (!prior_.resolved())
    throw Error(context() +
                "the prior's data-dependent defaults (model.options.prior keys left out) are not set yet; call "
                "set_prior_from_data with the data first (the mixfit driver does so before MAP-EM and VB)");
  return prior_;
}

template <class Covariance>
void GaussianFamily<Covariance>::set_prior_from_data(const SufficientStatistics& pooled) {
  if (!(pooled.layout() == stat_layout()))
    throw Error(context() + "set_prior_from_data() got statistics of another layout");
  const ComponentMoments moments = first_moments(pooled, dimension_);
  const double n = pooled.count(0);
  if (!(n > 1.0) && !prior_.covariance)
    throw NumericalError(context() + "the default prior covariance (the sample covariance of the "
                                     "data) needs more than one row; set model.options.prior.covariance");
  arma::mat sample_covariance(dimension_, 1, arma::fill::zeros);  // read only when the covariance is a default
  if (!prior_.covariance) {
    // The policy's ML estimate of component 0 (all rows, no reg_covar) is the scatter over N'; rescaled to
    // ddof = 1 it is numpy's cov (full, tied), var(ddof=1) (diag) and var(ddof=1).mean() (spherical).
    const CovarianceParameters all = Covariance::estimate(pooled, moments, 0.0);
    const double ddof1 = moments.effective_counts(0) / (n - 1.0);
    if constexpr (is_tied<Covariance>)
      sample_covariance = all * (arma::accu(moments.effective_counts) / (n - 1.0));  // pooled over Σ_k N'_k
    else if constexpr (is_full<Covariance>)
      sample_covariance = all.slice(0) * ddof1;
    else if constexpr (is_diag<Covariance>)
      sample_covariance = all.col(0) * ddof1;
    else
      sample_covariance = arma::mat(1, 1, arma::fill::value(all(0) * ddof1));  // only the mean variance is known
  }
  GaussianPrior next = prior_;
  set_prior_defaults(next, means_.col(0) + moments.shifts.col(0), sample_covariance, Covariance::kName,
                     num_components_, n);
  prior_ = std::move(next);
}

template <class Covariance>
typename GaussianFamily<Covariance>::Posterior GaussianFamily<Covariance>::posterior(
    const SufficientStatistics& stats) const {
  if (!(stats.layout() == stat_layout()))
    throw Error(context() + "the posterior update got statistics of another layout");
  const GaussianPrior& p = resolved_prior();
  const double beta0 = *p.mean_precision, nu0 = *p.degrees_of_freedom;
  const arma::vec& m0 = *p.mean;
  const arma::mat& psi0 = *p.covariance;
  const ComponentMoments moments = first_moments(stats, dimension_);
  const arma::vec& n = moments.effective_counts;  // N'_k = N_k + 10·eps, as scikit-learn
  // S_k: the ML covariance about x̄_k, reg_covar included (scikit-learn _estimate_gaussian_parameters' sk)
  const CovarianceParameters s = Covariance::estimate(stats, moments, reg_covar_);
  const arma::mat xbar = means_ + moments.shifts;  // x̄_k from the statistics about the anchor
  const arma::mat diff = xbar.each_col() - m0;      // x̄_k − m₀

  Posterior q;
  q.mean_precision = beta0 + n;  // β_k = β₀ + N_k (PRML 10.60)
  q.means.set_size(dimension_, num_components_);
  for (std::size_t k = 0; k < num_components_; ++k)  // m_k = (β₀m₀ + N_k x̄_k)/β_k (PRML 10.61)
    q.means.col(k) = (beta0 * m0 + n(k) * xbar.col(k)) / q.mean_precision(k);
  const arma::vec shrink = n % (beta0 / q.mean_precision);  // N_k β₀/β_k

  if constexpr (is_tied<Covariance>) {
    // ν = ν₀ + Σ_k N_k; νC = Ψ₀ + Σ_k [N_k S_k + (N_k β₀/β_k) d_k d_kᵀ], with Σ_k N_k S_k = (Σ_k N_k) S_pooled
    q.degrees_of_freedom = arma::vec{nu0 + arma::accu(n)};
    arma::mat scale = psi0 + arma::accu(n) * s;
    for (std::size_t k = 0; k < num_components_; ++k) scale += shrink(k) * diff.col(k) * diff.col(k).t();
    q.scale = 0.5 * (scale + scale.t()) / q.degrees_of_freedom(0);
  } else {
    q.degrees_of_freedom = nu0 + n;  // ν_k = ν₀ + N_k (PRML 10.63)
    q.scale = s;
    for (std::size_t k = 0; k < num_components_; ++k) {
      const double nu = q.degrees_of_freedom(k);
      if constexpr (is_full<Covariance>) {
        // C_k = (Ψ₀ + N_k S_k + (N_k β₀/β_k) d dᵀ)/ν_k (PRML 10.62; scikit-learn _estimate_wishart_full)
        const arma::mat scale = psi0 + n(k) * s.slice(k) + shrink(k) * diff.col(k) * diff.col(k).t();
        q.scale.slice(k) = 0.5 * (scale + scale.t()) / nu;
      } else if constexpr (is_diag<Covariance>) {
        // C_ki = (Ψ₀ᵢ + N_k (s_ki + (β₀/β_k) d_ki²))/ν_k (scikit-learn _estimate_wishart_diag)
        const arma::vec spread = (beta0 / q.mean_precision(k)) * arma::square(diff.col(k));
        q.scale.col(k) = (psi0.col(0) + n(k) * (s.col(k) + spread)) / nu;
      } else {
        // C_k = (Ψ₀ + N_k (s_k + (β₀/β_k) mean_i d_ki²))/ν_k (scikit-learn _estimate_wishart_spherical)
        const double spread = (beta0 / q.mean_precision(k)) * arma::mean(arma::square(diff.col(k)));
        q.scale(k) = (psi0(0, 0) + n(k) * (s(k) + spread)) / nu;
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
arma::vec GaussianFamily<Covariance>::expected_log_likelihood_offsets() const {
  const double d = static_cast<double>(dimension_);
  arma::vec offsets(num_components_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double nu = degrees_of_freedom_(Covariance::kShared ? 0 : k);
    double gap;  // E[log|Λ_k|] − log|C_k⁻¹|
    if (is_full<Covariance> || is_tied<Covariance> || precision_model_ == PrecisionModel::wishart) {
      gap = wishart_log_det_gap(nu, dimension_);  // PRML 10.65 (scikit-learn's log_lambda for every type)
    } else if constexpr (is_diag<Covariance>) {
      gap = d * (digamma(0.5 * nu) - std::log(0.5 * nu));  // Σ_i E[log λ_i] = Σ_i ψ(ν/2) − log(νC_i/2)
    } else {
      gap = d * (digamma(0.5 * d * nu) - std::log(0.5 * d * nu));  // D E[log λ] = D(ψ(Dν/2) − log(DνC/2))
    }
    // E[(x−μ)ᵀΛ(x−μ)] = (x−m)ᵀE[Λ](x−m) + D/β (PRML 10.64)
    offsets(k) = 0.5 * gap - 0.5 * d / mean_precision_(k);
  }
  return offsets;
}

template <class Covariance>
void GaussianFamily<Covariance>::expected_log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_posterior_)
    throw Error(context() + "expected_log_likelihood() called before a posterior was set");
  // E_q[log N(x | μ_k, Λ_k⁻¹)] = log N(x | m_k, C_k) + ½(E[log|Λ_k|] − log|C_k⁻¹|) − D/(2β_k), PRML (10.64)–(10.65);
  // for full this is scikit-learn's _estimate_log_prob: log N(x|m,C) − (D/2) log ν + ½(D log 2 + Σψ − D/β)
  log_likelihood(block, scores);
  scores.each_col() += expected_log_likelihood_offsets();
}

template <class Covariance>
double GaussianFamily<Covariance>::kl_to_prior() const {
  if (!has_posterior_) throw Error(context() + "kl_to_prior() called before a posterior was set");
  const GaussianPrior& p = resolved_prior();
  const double beta0 = *p.mean_precision, nu0 = *p.degrees_of_freedom;
  const arma::mat& psi0 = *p.covariance;
  const double d = static_cast<double>(dimension_);
  const auto& c = covariance_.parameters();
  const bool wishart = precision_model_ == PrecisionModel::wishart;
  double log_det_psi0 = 0.0;
  if constexpr (is_full<Covariance> || is_tied<Covariance>) log_det_psi0 = arma::log_det_sympd(psi0);
  // precision_model wishart: Ψ₀ as the D×D matrix it stands for (diag(Ψ₀), or Ψ₀ I).
  arma::mat psi0_matrix;
  if constexpr (is_diag<Covariance>) psi0_matrix = arma::diagmat(psi0.col(0));
  else if constexpr (!is_full<Covariance> && !is_tied<Covariance>) psi0_matrix = psi0(0, 0) * arma::eye(dimension_, dimension_);
  if constexpr (!is_full<Covariance> && !is_tied<Covariance>)
    if (wishart) log_det_psi0 = arma::accu(arma::log(psi0_matrix.diag()));
  // KL(q(μ,Λ) || p(μ,Λ)) = KL(q(Λ) || p(Λ)) + E_q(Λ)[KL(q(μ|Λ) || p(μ|Λ))], per component; tied: one KL(q(Λ)||p(Λ))
  double kl = 0.0;
  if constexpr (is_tied<Covariance>)
    kl += kl_wishart(degrees_of_freedom_(0), c, covariance_.log_det(0), nu0, psi0, log_det_psi0);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const arma::vec offset = means_.col(k) - *p.mean;
    const double mahalanobis = arma::as_scalar(covariance_.squared_mahalanobis(k, offset));  // E[Λ] = C⁻¹
    kl += expected_kl_of_mean(mean_precision_(k), beta0, dimension_, mahalanobis);
    const double nu = degrees_of_freedom_(Covariance::kShared ? 0 : k);
    if constexpr (is_full<Covariance>) {
      kl += kl_wishart(nu, c.slice(k), covariance_.log_det(k), nu0, psi0, log_det_psi0);
    } else if (!is_tied<Covariance> && wishart) {
      // KL(Wishart((νC)⁻¹, ν) || Wishart(Ψ₀⁻¹, ν₀)) with C = diag(C_k) or C_k I
      arma::mat c_matrix;
      if constexpr (is_diag<Covariance>) c_matrix = arma::diagmat(c.col(k));
      else if constexpr (!is_full<Covariance> && !is_tied<Covariance>) c_matrix = c(k) * arma::eye(dimension_, dimension_);
      kl += kl_wishart(nu, c_matrix, covariance_.log_det(k), nu0, psi0_matrix, log_det_psi0);
    } else if constexpr (is_diag<Covariance>) {
      // KL(Gamma(ν/2, νC_i/2) || Gamma(ν₀/2, Ψ₀ᵢ/2)) per dimension
      for (std::size_t i = 0; i < dimension_; ++i)
        kl += kl_gamma(0.5 * nu, 0.5 * nu * c(i, k), 0.5 * nu0, 0.5 * psi0(i, 0));
    } else if constexpr (!is_tied<Covariance>) {
      // KL(Gamma(Dν/2, DνC/2) || Gamma(Dν₀/2, DΨ₀/2))
      kl += kl_gamma(0.5 * d * nu, 0.5 * d * nu * c(k), 0.5 * d * nu0, 0.5 * d * psi0(0, 0));
    }
  }
  return kl;
}

#define MIXFIT_INSTANTIATE_VARIATIONAL(Policy)                                                                    \
  template const GaussianPrior& GaussianFamily<Policy>::resolved_prior() const;                                   \
  template void GaussianFamily<Policy>::set_prior_from_data(const SufficientStatistics&);                         \
  template GaussianFamily<Policy>::Posterior GaussianFamily<Policy>::posterior(const SufficientStatistics&) const; \
  template void GaussianFamily<Policy>::update_posterior(const SufficientStatistics&);                            \
  template arma::vec GaussianFamily<Policy>::expected_log_likelihood_offsets() const;                             \
  template void GaussianFamily<Policy>::expected_log_likelihood(const DataBlock&, arma::mat&) const;              \
  template double GaussianFamily<Policy>::kl_to_prior() const;

MIXFIT_INSTANTIATE_VARIATIONAL(FullCovariance)
MIXFIT_INSTANTIATE_VARIATIONAL(DiagonalCovariance)
MIXFIT_INSTANTIATE_VARIATIONAL(SphericalCovariance)
MIXFIT_INSTANTIATE_VARIATIONAL(TiedCovariance)

}  // namespace mixfit
