// Digamma, log-gamma and the multivariate forms variational updates and KL terms need.
#pragma once

#include <armadillo>

#include <cstddef>

namespace mixfit {

/// ψ(x) = d/dx log Γ(x), x > 0 (Boost.Math; thread-safe, unlike std::lgamma's signgam).
double digamma(double x);
/// log Γ(x), x > 0.
double log_gamma(double x);
/// log n! = log Γ(n + 1), n ≥ 0: a table lookup for the integers below 1024 (counts, where a family's base measure
/// calls it per cell per pass), log Γ otherwise; the same numbers as log_gamma(n + 1) either way.
double log_factorial(double n);
/// Element-wise ψ and log Γ.
arma::vec digamma(const arma::vec& x);
arma::vec log_gamma(const arma::vec& x);
/// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
double log_beta(double a, double b);
/// log Γ_D(a) = D(D−1)/4 log π + Σ_{i=1}^{D} log Γ(a + (1−i)/2), a > (D−1)/2 (PRML eq. B.79's normaliser).
double log_multivariate_gamma(double a, std::size_t dimension);
/// Σ_{i=1}^{D} ψ((ν + 1 − i)/2), the digamma sum of E[log |Λ|] under a Wishart (PRML eq. B.81).
double multivariate_digamma_sum(double degrees_of_freedom, std::size_t dimension);

}  // namespace mixfit
