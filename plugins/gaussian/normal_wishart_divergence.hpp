// The closed forms of Normal-Wishart posteriors that E_q[log p(x|θ)] and KL(q || p) need.
#pragma once

#include <armadillo>

#include <cstddef>

namespace mixfit {

/// E[log |Λ|] − log |E[Λ]| under Λ ~ Wishart(W, ν) with E[Λ] = νW:
/// Σ_{i=1}^{D} ψ((ν+1−i)/2) + D log 2 − D log ν (PRML B.81 minus log|νW|).
/// It does not depend on W, so the expected log-likelihood adds it to log N(x | m, E[Λ]⁻¹).
double wishart_log_det_gap(double degrees_of_freedom, std::size_t dimension);

/// KL(Wishart(W, ν) || Wishart(W₀, ν₀)) with W = (νC)⁻¹ and W₀ = Ψ₀⁻¹, all constants kept.
/// `log_det_c` = log |C|, `log_det_psi0` = log |Ψ₀| (both already known to the caller).
double kl_wishart(double degrees_of_freedom, const arma::mat& c, double log_det_c, double prior_degrees_of_freedom,
                  const arma::mat& psi0, double log_det_psi0);

/// E_q(Λ)[KL(N(m, (βΛ)⁻¹) || N(m₀, (β₀Λ)⁻¹))] = ½[D(β₀/β − 1 − log(β₀/β)) + β₀ (m − m₀)ᵀ E[Λ] (m − m₀)],
/// `mahalanobis` = (m − m₀)ᵀ E[Λ] (m − m₀).
double expected_kl_of_mean(double mean_precision, double prior_mean_precision, std::size_t dimension,
                           double mahalanobis);

}  // namespace mixfit
