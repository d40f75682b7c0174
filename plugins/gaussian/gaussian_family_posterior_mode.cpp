// GaussianFamily<Covariance>: MAP-EM's M-step, the joint posterior mode of (μ_k, Σ_k).
//
// The mode is taken in the covariance parametrisation, as mclust's priorControl
// does (Fraley & Raftery 2007, "Bayesian regularization for normal mixture
// estimation and model-based clustering"): the conjugate posterior of
// gaussian_family_variational.cpp written as a density over (μ, Σ = Λ⁻¹), whose
// maximum has μ_k = m_k and Σ_k = ν_k C_k / (exponent of |Σ| or σ²), below.
#include "gaussian_family.hpp"

#include "mixfit/core/error.hpp"

#include <type_traits>

namespace mixfit {

template <class Covariance>
void GaussianFamily<Covariance>::maximize_posterior_mode(const SufficientStatistics& stats) {
  if (!configured_prior_)
    throw Error("gaussian family (" + std::string(Covariance::kName) +
                " covariance): MAP estimation needs a prior; add model.options.prior (prior: {} takes every "
                "default)");
  if (precision_model_ == PrecisionModel::wishart &&
      (std::is_same_v<Covariance, DiagonalCovariance> || std::is_same_v<Covariance, SphericalCovariance>))
    throw Error(context() + "precision_model: wishart is scikit-learn's variational model for diag and spherical "
                            "precisions; MAP-EM takes the Normal-Gamma posterior mode (precision_model: gamma)");
  Posterior q = posterior(stats);
  const double d = static_cast<double>(dimension_);
  CovarianceParameters mode = q.scale;
  if constexpr (std::is_same_v<Covariance, FullCovariance>) {
    // p(μ, Σ | X) ∝ |Σ|^−½ exp(−(β/2)(μ−m)ᵀΣ⁻¹(μ−m)) · |Σ|^−(ν+D+1)/2 exp(−½ tr(ΨΣ⁻¹)), Ψ = νC  ⇒  Σ = Ψ/(ν+D+2)
    for (std::size_t k = 0; k < num_components_; ++k) {
      const double nu = q.degrees_of_freedom(k);
      mode.slice(k) *= nu / (nu + d + 2.0);
    }
  } else if constexpr (std::is_same_v<Covariance, TiedCovariance>) {
    // one inverse Wishart |Σ|^−(ν+D+1)/2 exp(−½ tr(ΨΣ⁻¹)) times K means' |Σ|^−½  ⇒  Σ = Ψ/(ν + D + 1 + K)
    const double nu = q.degrees_of_freedom(0);
    mode *= nu / (nu + d + 1.0 + static_cast<double>(num_components_));
  } else if constexpr (std::is_same_v<Covariance, DiagonalCovariance>) {
    // per dimension (σ²)^−½ · (σ²)^−(a+1) exp(−b/σ²), a = ν/2, b = νC/2  ⇒  σ² = b/(a + 3/2) = νC/(ν + 3)
    for (std::size_t k = 0; k < num_components_; ++k) {
      const double nu = q.degrees_of_freedom(k);
      mode.col(k) *= nu / (nu + 3.0);
    }
  } else {
    // (σ²)^−D/2 · (σ²)^−(a+1) exp(−b/σ²), a = Dν/2, b = DνC/2  ⇒  σ² = b/(a + 1 + D/2) = DνC/(Dν + D + 2)
    for (std::size_t k = 0; k < num_components_; ++k) {
      const double nu = q.degrees_of_freedom(k);
      mode(k) *= d * nu / (d * nu + d + 2.0);
    }
  }
  set_point_estimates(q.means, std::move(mode), "MAP M-step");
  has_posterior_ = false;
}

template void GaussianFamily<FullCovariance>::maximize_posterior_mode(const SufficientStatistics&);
template void GaussianFamily<DiagonalCovariance>::maximize_posterior_mode(const SufficientStatistics&);
template void GaussianFamily<SphericalCovariance>::maximize_posterior_mode(const SufficientStatistics&);
template void GaussianFamily<TiedCovariance>::maximize_posterior_mode(const SufficientStatistics&);

}  // namespace mixfit
