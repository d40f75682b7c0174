// Bessel-function quantities of the von Mises distribution, accurate for every concentration, and its sampler.
#pragma once

#include "mixfit/core/random_streams.hpp"

namespace mixfit::von_mises {

/// log I₀(κ), κ ≥ 0: Boost's Bessel function below 700; above, κ − ½ log(2πκ) plus the log of the asymptotic
/// series of Abramowitz & Stegun 9.7.1, exact in doubles there.
double log_bessel_i0(double kappa);

/// A(κ) = I₁(κ)/I₀(κ), the mean resultant length of a von Mises with concentration κ.
double mean_resultant_length(double kappa);

/// The κ with A(κ) = r for a mean resultant length r in [0, 1): Banerjee et al.'s (2005) approximation
/// r (2 − r²)/(1 − r²), refined by Newton steps on A(κ) − r (A' = 1 − A² − A/κ) until they change κ by less
/// than 1e-12 relative; within [0, max_kappa].
double concentration_for(double r, double max_kappa);

/// One angle of a von Mises(0, κ), in [−π, π]: Best & Fisher's (1979) rejection sampler from a wrapped Cauchy
/// envelope (uniform for κ < 1e-8).
double draw_angle(double kappa, RandomStream& stream);

}  // namespace mixfit::von_mises
