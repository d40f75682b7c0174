// log I₀, the Bessel ratio and its inverse, and the sampler, for the von Mises family.
#include "von_mises_math.hpp"

#include <boost/math/special_functions/bessel.hpp>
#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mixfit::von_mises {
namespace {

constexpr double kAsymptotic = 700.0;  // I₀(700) ≈ 1.5e302: beyond, only the scaled series is representable

// I_ν(κ) e^(−κ) √(2πκ) ~ Σ_k (−1)^k a_k(ν) / κ^k, a_k = a_(k−1) (4ν² − (2k − 1)²) / (8k) (A&S 9.7.1); ten terms
// are exact in doubles for κ ≥ 700.
double scaled_bessel_series(int order, double kappa) {
  double term = 1.0, total = 1.0;
  for (int k = 1; k <= 10; ++k) {
    term *= -(4.0 * order * order - (2.0 * k - 1.0) * (2.0 * k - 1.0)) / (8.0 * k * kappa);
    total += term;
  }
  return total;
}

}  // namespace

double log_bessel_i0(double kappa) {
  if (kappa < kAsymptotic) return std::log(boost::math::cyl_bessel_i(0, kappa));
  return kappa - 0.5 * std::log(2.0 * std::numbers::pi * kappa) + std::log(scaled_bessel_series(0, kappa));
}

double mean_resultant_length(double kappa) {
  if (kappa <= 0.0) return 0.0;
  if (kappa < kAsymptotic) return boost::math::cyl_bessel_i(1, kappa) / boost::math::cyl_bessel_i(0, kappa);
  return scaled_bessel_series(1, kappa) / scaled_bessel_series(0, kappa);
}

double concentration_for(double r, double max_kappa) {
  if (!(r > 0.0)) return 0.0;
  if (r >= 1.0) return max_kappa;
  double kappa = std::min(r * (2.0 - r * r) / (1.0 - r * r), max_kappa);
  for (int step = 0; step < 100; ++step) {
    const double a = mean_resultant_length(kappa);
    const double slope = 1.0 - a * a - a / kappa;
    if (!(slope > 0.0)) break;
    const double next = std::clamp(kappa - (a - r) / slope, 0.5 * kappa, std::min(2.0 * kappa, max_kappa));
    const bool done = std::abs(next - kappa) <= 1e-12 * kappa;
    kappa = next;
    if (done) break;
  }
  return kappa;
}

double draw_angle(double kappa, RandomStream& stream) {
  constexpr double kPi = std::numbers::pi;
  boost::random::uniform_01<double> uniform;
  if (kappa < 1e-8) return kPi * (2.0 * uniform(stream) - 1.0);
  const double tau = 1.0 + std::sqrt(1.0 + 4.0 * kappa * kappa);
  const double rho = (tau - std::sqrt(2.0 * tau)) / (2.0 * kappa);
  const double r = (1.0 + rho * rho) / (2.0 * rho);
  for (;;) {
    const double z = std::cos(kPi * uniform(stream));
    const double f = (1.0 + r * z) / (r + z);
    const double c = kappa * (r - f);
    const double u2 = uniform(stream);
    if (c * (2.0 - c) > u2 || std::log(c / u2) + 1.0 >= c) {
      const double angle = std::acos(std::clamp(f, -1.0, 1.0));
      return uniform(stream) > 0.5 ? angle : -angle;
    }
  }
}

}  // namespace mixfit::von_mises
