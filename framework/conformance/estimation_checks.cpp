// Conformance checks of the global updates: the maximum-likelihood M-step and the variational posterior.
#include "checks.hpp"

#include "mixfit/inference/statistics_pass.hpp"

#include <charconv>
#include <algorithm>
#include <cmath>
#include <optional>

namespace mixfit::conformance::detail {
namespace {

std::optional<double> as_number(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  const std::string& text = node.Scalar();
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// The worst number of `expected` (relative to its allowance) against the same path in `actual`.
struct Comparison {
  double worst_ratio = 0.0;  ///< |actual − expected| / (absolute + relative·|expected|)
  std::string worst_path;
  std::string problem;  ///< a structural mismatch, if any
  std::size_t compared = 0;
};

void compare_numbers(const YAML::Node& expected, const YAML::Node& actual, const std::string& path,
                     const FamilyCase& family_case, Comparison& comparison) {
  if (!comparison.problem.empty()) return;
  if (!actual) {
    comparison.problem = path + " is missing from the refitted family's save()";
    return;
  }
  if (expected.IsMap()) {
    for (const auto& entry : expected) {
      const std::string key = entry.first.Scalar();
      compare_numbers(entry.second, actual[key], path.empty() ? key : path + "." + key, family_case, comparison);
    }
  } else if (expected.IsSequence()) {
    if (!actual.IsSequence() || actual.size() != expected.size()) {
      comparison.problem = path + " has " + std::to_string(expected.size()) + " entries in the parameters but not in "
                           "the refitted family's save()";
      return;
    }
    for (std::size_t i = 0; i < expected.size(); ++i)
      compare_numbers(expected[i], actual[i], path + "[" + std::to_string(i) + "]", family_case, comparison);
  } else if (const std::optional<double> value = as_number(expected)) {
    const std::optional<double> found = as_number(actual);
    if (!found) {
      comparison.problem = path + ": expected a number near " + expected.Scalar() + ", got '" +
                           (actual.IsScalar() ? actual.Scalar() : std::string("a non-scalar")) + "'";
      return;
    }
    const double allowance = family_case.absolute_tolerance + family_case.relative_tolerance * std::abs(*value);
    const double ratio = std::abs(*found - *value) / allowance;
    ++comparison.compared;
    if (!(ratio <= comparison.worst_ratio)) {  // NaN becomes the worst
      comparison.worst_ratio = ratio;
      comparison.worst_path = path + " = " + actual.Scalar() + " (generating value " + expected.Scalar() + ")";
    }
  } else if (!actual.IsScalar() || actual.Scalar() != expected.Scalar()) {
    comparison.problem = path + ": expected '" + expected.Scalar() + "'";
  }
}

}  // namespace

std::unique_ptr<ComponentFamily> family_with_data_prior(const FamilyCase& family_case, const Fixture& fixture) {
  std::unique_ptr<ComponentFamily> family = family_case.make_family();
  const Dataset& data = fixture.sample.data;
  arma::mat pooled(family->num_components(), data.num_rows(), arma::fill::zeros);
  pooled.row(0).ones();
  family->set_prior_from_data(statistics_for(*family, data, pooled));
  return family;
}

CheckResult check_maximum_likelihood_refit(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"maximum_likelihood_refit", false, {}};
  const Dataset& data = fixture.sample.data;
  const arma::uvec& labels = fixture.sample.labels;
  std::unique_ptr<ComponentFamily> refit = family_case.make_family();
  const arma::mat truth_weights = one_hot(labels, refit->num_components());
  // A family whose statistics depend on its parameters reaches the estimate by repeating the M-step.
  std::size_t steps = 0;
  for (std::string previous; steps < std::max<std::size_t>(1, family_case.refit_iterations); ++steps) {
    refit->maximize(statistics_for(*refit, data, truth_weights), Estimator::maximum_likelihood);
    std::string current = saved_text(*refit);
    if (current == previous) break;
    previous = std::move(current);
  }
  // The M-step on one-hot statistics is arg max_θ Σ_n log p(x_n | θ_{z_n}), so it can do no worse than the truth.
  const double fitted = complete_log_likelihood(scores_of(*refit, data), labels);
  const double generating = complete_log_likelihood(scores_of(*fixture.truth, data), labels);
  if (!(fitted >= generating - 1e-9 * std::abs(generating))) {
    result.detail = "the refit's complete-data log-likelihood " + number_text(fitted) +
                    " is below the generating parameters' " + number_text(generating) +
                    ", so the M-step is not the maximum-likelihood estimate";
    return result;
  }
  Comparison comparison;
  compare_numbers(family_case.parameters, YAML::Load(saved_text(*refit)), "", family_case, comparison);
  if (!comparison.problem.empty()) {
    result.detail = comparison.problem;
    return result;
  }
  if (!(comparison.worst_ratio <= 1.0)) {
    result.detail = "not recovered from " + std::to_string(data.num_rows()) + " rows: " + comparison.worst_path +
                    " is " + number_text(comparison.worst_ratio) + " times the tolerance";
    return result;
  }
  result.passed = true;
  result.detail = (family_case.refit_iterations > 1 ? std::to_string(std::min(steps + 1, family_case.refit_iterations)) +
                                                          " M-steps; "
                                                    : std::string()) +
                  std::to_string(comparison.compared) + " numbers recovered (worst at " +
                  number_text(comparison.worst_ratio) + " of the tolerance); complete-data log-likelihood " +
                  number_text(fitted) + " ≥ generating " + number_text(generating);
  return result;
}

CheckResult check_variational_prior_kl(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"variational_prior_kl", false, {}};
  std::unique_ptr<ComponentFamily> family = family_with_data_prior(family_case, fixture);
  SufficientStatistics nothing(family->stat_layout());  // all zero: no data, so q(θ) is the prior
  family->update_posterior(nothing);
  const double kl = family->kl_to_prior();
  if (!(std::abs(kl) <= 1e-9)) {
    result.detail = "after update_posterior on zero statistics KL(q || p) = " + number_text(kl) + ", expected 0";
    return result;
  }
  result.passed = true;
  result.detail = "KL(q || p) = " + number_text(kl) + " when q is the prior";
  return result;
}

CheckResult check_variational_consistency(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"variational_consistency", false, {}};
  const Dataset& data = fixture.sample.data;
  const arma::uvec& labels = fixture.sample.labels;
  std::unique_ptr<ComponentFamily> family = family_with_data_prior(family_case, fixture);
  family->update_posterior(statistics_for(*family, data, one_hot(labels, family->num_components())));
  if (!family->has_posterior()) {
    result.detail = "has_posterior() is false after update_posterior()";
    return result;
  }
  const double kl = family->kl_to_prior();
  if (!(std::isfinite(kl) && kl >= -1e-9)) {
    result.detail = "KL(q || p) = " + number_text(kl) + ", expected a finite number ≥ 0";
    return result;
  }
  const arma::mat expected = expected_scores_of(*family, data);
  if (expected.n_rows != family->num_components() || expected.n_cols != data.num_rows() || !expected.is_finite()) {
    result.detail = "expected_log_likelihood() is not a finite K×n matrix";
    return result;
  }
  // With N rows per component q(θ) is concentrated (spread ~ 1/√N), so
  // E_q[log p(x | θ)] and log p(x | E_q[θ]) differ by O(1/N); a missing
  // constant or a wrong expectation shows as a gap of order 1.
  const arma::mat point = scores_of(*family, data);
  double gap = 0.0;
  for (std::size_t j = 0; j < labels.n_elem; ++j) gap += std::abs(expected(labels(j), j) - point(labels(j), j));
  gap /= static_cast<double>(labels.n_elem);
  if (!(gap <= family_case.variational_gap_tolerance)) {
    result.detail = "mean |E_q[log p(x | θ)] − log p(x | E_q[θ])| = " + number_text(gap) + " nats, expected ≤ " +
                    number_text(family_case.variational_gap_tolerance);
    return result;
  }
  result.passed = true;
  result.detail = "KL = " + number_text(kl) + " ≥ 0; mean gap between expected and point scores " + number_text(gap) +
                  " nats";
  return result;
}

}  // namespace mixfit::conformance::detail
