// Wishart expectations and the KL divergences of the Normal-Wishart posterior.
#include "normal_wishart_divergence.hpp"

#include "mixfit/math/special_functions.hpp"

#include <cmath>
#include <numbers>

namespace mixfit {
namespace {

// log B(W, ν) = −(ν/2) log|W| − (νD/2) log 2 − log Γ_D(ν/2) (PRML B.79)
double log_wishart_normaliser(double nu, double log_det_w, std::size_t d) {
  return -0.5 * nu * log_det_w - 0.5 * nu * static_cast<double>(d) * std::numbers::ln2 -
         log_multivariate_gamma(0.5 * nu, d);
}

}  // namespace

double wishart_log_det_gap(double degrees_of_freedom, std::size_t dimension) {
  const double d = static_cast<double>(dimension);
  // E[log|Λ|] = Σ_i ψ((ν+1−i)/2) + D log 2 + log|W| (PRML B.81); log|E[Λ]| = D log ν + log|W|
  return multivariate_digamma_sum(degrees_of_freedom, dimension) + d * std::numbers::ln2 -
         d * std::log(degrees_of_freedom);
}

double kl_wishart(double degrees_of_freedom, const arma::mat& c, double log_det_c, double prior_degrees_of_freedom,
                  const arma::mat& psi0, double log_det_psi0) {
  const std::size_t dimension = c.n_rows;
  const double d = static_cast<double>(dimension);
  const double nu = degrees_of_freedom, nu0 = prior_degrees_of_freedom;
  const double log_det_w = -d * std::log(nu) - log_det_c;  // W = (νC)⁻¹
  const double log_det_w0 = -log_det_psi0;                  // W₀ = Ψ₀⁻¹
  // E_q[log|Λ|] (PRML B.81)
  const double expected_log_det = multivariate_digamma_sum(nu, dimension) + d * std::numbers::ln2 + log_det_w;
  // tr(W₀⁻¹ E[Λ]) = tr(Ψ₀ νW) = tr(C⁻¹ Ψ₀)
  const double trace = arma::trace(arma::solve(c, psi0, arma::solve_opts::likely_sympd));
  // KL = E_q[log q] − E_q[log p]: log B − log B₀ + ((ν − ν₀)/2) E[log|Λ|] − νD/2 + ½ tr(W₀⁻¹ E[Λ]) (PRML B.78)
  return log_wishart_normaliser(nu, log_det_w, dimension) - log_wishart_normaliser(nu0, log_det_w0, dimension) +
         0.5 * (nu - nu0) * expected_log_det - 0.5 * nu * d + 0.5 * trace;
}

double expected_kl_of_mean(double mean_precision, double prior_mean_precision, std::size_t dimension,
                           double mahalanobis) {
  // KL(N(m, (βΛ)⁻¹) || N(m₀, (β₀Λ)⁻¹)) = ½[tr(β₀/β I) − D − log det(β₀/β I) + β₀ (m−m₀)ᵀΛ(m−m₀)], linear in Λ
  const double ratio = prior_mean_precision / mean_precision;
  return 0.5 * (static_cast<double>(dimension) * (ratio - 1.0 - std::log(ratio)) + prior_mean_precision * mahalanobis);
}

}  // namespace mixfit
