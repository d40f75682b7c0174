// The multivariate t density's normaliser, stable as ν → ∞, and the degrees-of-freedom equation of its M-step.
#pragma once

#include <cstddef>

namespace mixfit::student_t {

/// log Γ((ν + D)/2) − log Γ(ν/2) − (D/2) log(ν/2), without the cancellation of two huge log-gammas: a sum of
/// log1p terms for the integer part of D/2 and Boost's Γ-ratio for a half. Tends to 0 as ν → ∞, so
/// log p(x) = this − (D/2) log 2π − ½ log|Σ| − ((ν + D)/2) log1p(δ/ν) tends to the Gaussian's.
double log_normaliser_excess(double degrees_of_freedom, std::size_t dimension);

/// The ν that solves the M-step equation of McLachlan & Peel (2000, eq. 7.24 with the E-step's weights):
///   −ψ(ν/2) + log(ν/2) + 1 + mean_log_weight + ψ((ν₀ + D)/2) − log((ν₀ + D)/2) = 0,
/// mean_log_weight = Σ r (log u − u) / Σ r under the previous ν₀. The left side falls with ν, so the root is
/// bracketed and found by bisection in log ν within [low, high] (returning an end when it lies beyond).
double solve_degrees_of_freedom(double mean_log_weight, double previous, std::size_t dimension, double low,
                                double high);

}  // namespace mixfit::student_t
