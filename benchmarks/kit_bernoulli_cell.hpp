// The Bernoulli family written on the family kit, for mixfit-bench only: it measures what moving the
// hand-written Bernoulli plugin onto the kit would cost (issue 17: "if that costs no speed").
#pragma once

#include "mixfit/kit/cellwise_family.hpp"

#include <boost/random/bernoulli_distribution.hpp>

#include <cmath>

namespace mixfit::bench {

/// p(x | p) = pˣ (1 − p)¹⁻ˣ, x ∈ {0, 1}: T(x) = x, η = log(p / (1 − p)), A = −log(1 − p), h(x) = 1; E[x | p] = p.
/// Conjugate prior Beta(a, b): after S = Σ w x over N = Σ w rows, Beta(a + S, b + N − S) (BDA3 §2.4).
/// The kit reads real columns, so the 0/1 cells are given to it as doubles.
struct KitBernoulliCell {
  static constexpr std::string_view kFamily = "kit_bernoulli";
  static constexpr std::string_view kSummary = "independent Bernoulli 0/1 columns on the family kit (benchmark only)";
  static constexpr std::string_view kParameter = "probabilities";
  static constexpr auto kConstraint = kit::Constraint::probability;
  static constexpr auto kDomain = ColumnDomain::unit_interval;
  using Prior = kit::Beta;

  static double statistic(double x) { return x; }
  static double log_base_measure(double) { return 0.0; }
  static double natural(double p) { return std::log(p) - std::log1p(-p); }
  static double log_partition(double p) { return -std::log1p(-p); }
  static double from_mean(double mean) { return mean; }
  static Prior posterior(const Prior& q, double sum, double count) { return {q.a + sum, q.b + count - sum}; }
  // E[log p] − E[log(1 − p)] = ψ(a) − ψ(b); E[A] = −E[log(1 − p)].
  static double expected_natural(const Prior& q) { return q.expected_log() - q.expected_log_complement(); }
  static double expected_log_partition(const Prior& q) { return -q.expected_log_complement(); }
  static double mean(const Prior& q) { return q.mean(); }
  static double mode(const Prior& q) { return q.mode(); }
  static double draw(double p, RandomStream& stream) { return boost::random::bernoulli_distribution<double>(p)(stream); }
};

using KitBernoulliFamily = kit::CellwiseFamily<KitBernoulliCell>;

}  // namespace mixfit::bench
