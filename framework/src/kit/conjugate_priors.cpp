// Moments, modes, KL divergences and option sections of the kit's conjugate priors.
#include "mixfit/kit/conjugate_priors.hpp"

#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"

#include <algorithm>
#include <cmath>

namespace mixfit::kit {
namespace {

bool positive_finite(double value) { return value > 0.0 && std::isfinite(value); }

}  // namespace

double Gamma::mode() const { return std::max(0.0, (shape - 1.0) / rate); }

double Gamma::expected_log() const { return digamma(shape) - std::log(rate); }

double Gamma::kl_from(const Gamma& prior) const { return kl_gamma(shape, rate, prior.shape, prior.rate); }

bool Gamma::valid() const { return positive_finite(shape) && positive_finite(rate); }

ConfigSchema Gamma::schema() {
  ConfigSchema schema;
  schema.number("shape", std::nullopt, "a0, the Gamma prior's shape", Range::greater_than(0))
      .required()
      .number("rate", std::nullopt, "b0, the Gamma prior's rate; its mean is a0 / b0", Range::greater_than(0))
      .required();
  return schema;
}

Gamma Gamma::read(const YAML::Node& resolved) { return {resolved["shape"].as<double>(), resolved["rate"].as<double>()}; }

double Beta::mode() const {
  if (a >= 1.0 && b >= 1.0) return a + b > 2.0 ? (a - 1.0) / (a + b - 2.0) : mean();
  return a < b ? 0.0 : 1.0;  // the density is unbounded at the end whose exponent is below 0
}

double Beta::expected_log() const { return digamma(a) - digamma(a + b); }

double Beta::expected_log_complement() const { return digamma(b) - digamma(a + b); }

double Beta::kl_from(const Beta& prior) const { return kl_beta(a, b, prior.a, prior.b); }

bool Beta::valid() const { return positive_finite(a) && positive_finite(b); }

ConfigSchema Beta::schema() {
  ConfigSchema schema;
  schema.number("a", std::nullopt, "the Beta prior's first shape (a - 1 pseudo-successes)", Range::greater_than(0))
      .required()
      .number("b", std::nullopt, "the Beta prior's second shape (b - 1 pseudo-failures)", Range::greater_than(0))
      .required();
  return schema;
}

Beta Beta::read(const YAML::Node& resolved) { return {resolved["a"].as<double>(), resolved["b"].as<double>()}; }

}  // namespace mixfit::kit
