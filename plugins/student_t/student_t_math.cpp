// Student-t mathematics: the normaliser's excess over the Gaussian's and the ν equation.
#include "student_t_math.hpp"

#include "mixfit/math/special_functions.hpp"

#include <boost/math/special_functions/gamma.hpp>

#include <cmath>

namespace mixfit::student_t {

double log_normaliser_excess(double degrees_of_freedom, std::size_t dimension) {
  const double a = 0.5 * degrees_of_freedom;
  double total = 0.0;
  // Γ(a + m)/Γ(a) = Π_{i<m} (a + i), so each factor over a is 1 + i/a.
  const std::size_t whole = dimension / 2;
  for (std::size_t i = 1; i < whole; ++i) total += std::log1p(static_cast<double>(i) / a);
  if (dimension % 2 == 1) {
    // Γ(a + m + ½)/Γ(a + m) over √a: Boost's tgamma_delta_ratio(x, ½) = Γ(x)/Γ(x + ½) keeps its precision.
    const double x = a + static_cast<double>(whole);
    total += -std::log(boost::math::tgamma_delta_ratio(x, 0.5)) - 0.5 * std::log(a);
  }
  return total;
}

double solve_degrees_of_freedom(double mean_log_weight, double previous, std::size_t dimension, double low,
                                double high) {
  const double d = static_cast<double>(dimension);
  const double constant = 1.0 + mean_log_weight + digamma(0.5 * (previous + d)) - std::log(0.5 * (previous + d));
  const auto equation = [&](double nu) { return -digamma(0.5 * nu) + std::log(0.5 * nu) + constant; };
  if (equation(low) <= 0.0) return low;
  if (equation(high) >= 0.0) return high;
  double lo = std::log(low), hi = std::log(high);
  for (int step = 0; step < 200 && hi - lo > 1e-15 * std::abs(hi) + 1e-300; ++step) {
    const double middle = 0.5 * (lo + hi);
    (equation(std::exp(middle)) > 0.0 ? lo : hi) = middle;
  }
  return std::exp(0.5 * (lo + hi));
}

}  // namespace mixfit::student_t
