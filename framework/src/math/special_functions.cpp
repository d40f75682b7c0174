// Special functions through Boost.Math.
#include "mixfit/math/special_functions.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <array>
#include <cmath>
#include <numbers>

namespace mixfit {
namespace {

void require_positive(double x, const char* function) {
  if (!(x > 0.0) || !std::isfinite(x))
    throw NumericalError(std::string(function) + " needs a finite argument > 0, got " + format_double(x));
}

}  // namespace

double digamma(double x) {
  require_positive(x, "digamma");
  return boost::math::digamma(x);
}

double log_gamma(double x) {
  require_positive(x, "log_gamma");
  return boost::math::lgamma(x);
}

double log_factorial(double n) {
  constexpr std::size_t kTabulated = 1024;
  static const std::array<double, kTabulated> table = [] {
    std::array<double, kTabulated> values{};
    for (std::size_t i = 0; i < kTabulated; ++i) values[i] = boost::math::lgamma(static_cast<double>(i) + 1.0);
    return values;
  }();
  if (n >= 0.0 && n < static_cast<double>(kTabulated)) {
    const auto index = static_cast<std::size_t>(n);
    if (static_cast<double>(index) == n) return table[index];
  }
  return log_gamma(n + 1.0);
}

arma::vec digamma(const arma::vec& x) {
  arma::vec out(x.n_elem);
  for (arma::uword i = 0; i < x.n_elem; ++i) out(i) = digamma(x(i));
  return out;
}

arma::vec log_gamma(const arma::vec& x) {
  arma::vec out(x.n_elem);
  for (arma::uword i = 0; i < x.n_elem; ++i) out(i) = log_gamma(x(i));
  return out;
}

double log_beta(double a, double b) { return log_gamma(a) + log_gamma(b) - log_gamma(a + b); }

double log_multivariate_gamma(double a, std::size_t dimension) {
  const double d = static_cast<double>(dimension);
  double total = d * (d - 1.0) / 4.0 * std::log(std::numbers::pi);
  for (std::size_t i = 1; i <= dimension; ++i) total += log_gamma(a + (1.0 - static_cast<double>(i)) / 2.0);
  return total;
}

double multivariate_digamma_sum(double degrees_of_freedom, std::size_t dimension) {
  double total = 0.0;
  for (std::size_t i = 1; i <= dimension; ++i)
    total += digamma((degrees_of_freedom + 1.0 - static_cast<double>(i)) / 2.0);
  return total;
}

}  // namespace mixfit
