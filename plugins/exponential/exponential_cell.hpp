// The exponential family on the family kit: waiting times and other nonnegative reals, one rate per column.
#pragma once

#include <mixfit/kit/cellwise_family.hpp>

#include <boost/random/exponential_distribution.hpp>

#include <cmath>

namespace mixfit::exponential {

/// p(x | λ) = λ e^(−λx), x ≥ 0: T(x) = x, η = −λ, A = −log λ, h(x) = 1; E[x | λ] = 1/λ.
/// Conjugate prior Gamma(a, b) on λ: after S = Σ w x over N = Σ w rows, Gamma(a + N, b + S) (BDA3 §2.6).
struct ExponentialCell {
  static constexpr std::string_view kFamily = "exponential";
  static constexpr std::string_view kSummary =
      "independent exponential nonnegative reals per column (one rate per column per component); EM, MAP-EM or VB "
      "under a Gamma prior";
  static constexpr std::string_view kParameter = "rates";
  static constexpr std::string_view kBoundOption = "min_rate";
  static constexpr auto kConstraint = kit::Constraint::positive;
  static constexpr auto kDomain = ColumnDomain::nonnegative;
  using Prior = kit::Gamma;

  static double statistic(double x) { return x; }
  static double log_base_measure(double) { return 0.0; }
  static double natural(double rate) { return -rate; }
  static double log_partition(double rate) { return -std::log(rate); }
  static double from_mean(double mean) { return 1.0 / mean; }
  static Prior posterior(const Prior& q, double sum, double count) { return {q.shape + count, q.rate + sum}; }
  static double expected_natural(const Prior& q) { return -q.mean(); }
  static double expected_log_partition(const Prior& q) { return -q.expected_log(); }
  static double mean(const Prior& q) { return q.mean(); }
  static double mode(const Prior& q) { return q.mode(); }
  static double cell_mean(double rate) { return 1.0 / rate; }
  static double cell_variance(double rate) { return 1.0 / (rate * rate); }
  static double draw(double rate, RandomStream& stream) {
    return boost::random::exponential_distribution<double>(rate)(stream);
  }
};

using ExponentialFamily = kit::CellwiseFamily<ExponentialCell>;

}  // namespace mixfit::exponential
