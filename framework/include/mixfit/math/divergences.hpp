// Closed-form KL divergences between conjugate distributions (Beta, Dirichlet, Gamma).
#pragma once

#include <armadillo>

namespace mixfit {

/// KL(Dir(α) || Dir(α₀)) = log Γ(Σα) − Σ log Γ(α_k) − log Γ(Σα₀) + Σ log Γ(α₀_k)
///                         + Σ (α_k − α₀_k)(ψ(α_k) − ψ(Σα))            (Bishop PRML eq. B.16–B.21).
double kl_dirichlet(const arma::vec& alpha, const arma::vec& prior_alpha);

/// KL(Beta(a, b) || Beta(a₀, b₀)): the Dirichlet formula with two entries.
double kl_beta(double a, double b, double prior_a, double prior_b);

/// KL(Gamma(a, b) || Gamma(a₀, b₀)), shape a and rate b:
/// (a − a₀) ψ(a) − log Γ(a) + log Γ(a₀) + a₀ (log b − log b₀) + a (b₀ − b) / b.
double kl_gamma(double shape, double rate, double prior_shape, double prior_rate);

/// E[log π_k] under Dir(α): ψ(α_k) − ψ(Σ_j α_j) (PRML eq. 10.66).
arma::vec dirichlet_expected_log(const arma::vec& alpha);

}  // namespace mixfit
