// The poisson family on the family kit: one cell's mathematics; CellwiseFamily supplies the rest.
#pragma once

#include <mixfit/kit/cellwise_family.hpp>
#include <mixfit/math/special_functions.hpp>

#include <boost/random/poisson_distribution.hpp>

#include <cmath>

namespace poisson {

/// p(x | λ) = λ^x e^(−λ) / x!, x ∈ {0, 1, 2, …}: T(x) = x, η = log λ, A = λ, h(x) = 1/x!.
/// Conjugate prior Gamma(a, b) on λ: after S = Σ w x over N = Σ w rows, Gamma(a + S, b + N) (BDA3 §2.6).
struct PoissonCell {
  static constexpr std::string_view kFamily = "poisson";
  static constexpr std::string_view kSummary =
      "independent Poisson counts per column (one rate per column per component); EM, MAP-EM or VB under a Gamma "
      "prior";
  static constexpr std::string_view kParameter = "rates";
  static constexpr std::string_view kBoundOption = "min_rate";
  static constexpr auto kConstraint = mixfit::kit::Constraint::positive;
  static constexpr auto kDomain = mixfit::ColumnDomain::count;
  using Prior = mixfit::kit::Gamma;

  static double statistic(double x) { return x; }
  static double log_base_measure(double x) { return -mixfit::log_factorial(x); }
  static double natural(double rate) { return std::log(rate); }
  static double log_partition(double rate) { return rate; }
  static double from_mean(double mean) { return mean; }  // E[x | λ] = λ
  static Prior posterior(const Prior& q, double sum, double count) { return {q.shape + sum, q.rate + count}; }
  static double expected_natural(const Prior& q) { return q.expected_log(); }  // E[log λ] = ψ(a) − log b
  static double expected_log_partition(const Prior& q) { return q.mean(); }
  static double mean(const Prior& q) { return q.mean(); }
  static double mode(const Prior& q) { return q.mode(); }
  static double cell_mean(double rate) { return rate; }  // for mixfit plot
  static double cell_variance(double rate) { return rate; }
  static double draw(double rate, mixfit::RandomStream& stream) {
    return static_cast<double>(boost::random::poisson_distribution<long, double>(rate)(stream));
  }
};

using PoissonFamily = mixfit::kit::CellwiseFamily<PoissonCell>;

}  // namespace poisson
