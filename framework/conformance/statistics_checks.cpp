// Conformance checks of accumulate(): additive over rows, linear in the weights.
#include "checks.hpp"

namespace mixfit::conformance::detail {
namespace {

/// Rounding allowance when the same sums are formed in another order: relative
/// to the largest statistic, far above N·ε for any test size, far below any real error.
constexpr double kSummationTolerance = 1e-10;

bool close_sums(const arma::vec& actual, const arma::vec& expected, double& difference) {
  difference = max_abs_difference(actual, expected);
  return difference <= kSummationTolerance * (1.0 + std::max(max_abs(actual), max_abs(expected)));
}

}  // namespace

CheckResult check_accumulate_additive(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"accumulate_additive", false, {}};
  const ComponentFamily& family = *fixture.truth;
  const Dataset& data = fixture.sample.data;
  const std::size_t n = data.num_rows();
  const arma::mat weights = random_weights(family.num_components(), n, family_case.seed, 0);
  const arma::vec whole = family_slots(accumulate_rows(family, data, weights, 0, n));
  // Uneven splits that cut through components' runs of rows, and an empty block.
  const std::size_t first = n / 3, second = n / 3 + n / 4 + 1;
  arma::vec parts = family_slots(accumulate_rows(family, data, weights, 0, first));
  parts += family_slots(accumulate_rows(family, data, weights, first, second - first));
  parts += family_slots(accumulate_rows(family, data, weights, second, 0));
  parts += family_slots(accumulate_rows(family, data, weights, second, n - second));
  double difference = 0.0;
  if (!close_sums(parts, whole, difference)) {
    result.detail = "accumulate over rows [0, " + std::to_string(first) + ") + [" + std::to_string(first) + ", " +
                    std::to_string(second) + ") + [" + std::to_string(second) + ", " + std::to_string(n) +
                    ") differs from accumulate over all rows by " + number_text(difference) + " (largest statistic " +
                    number_text(max_abs(whole)) + ")";
    return result;
  }
  result.passed = true;
  result.detail = "three blocks and an empty one sum to the whole within " + number_text(difference);
  return result;
}

CheckResult check_accumulate_linear(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"accumulate_linear", false, {}};
  const ComponentFamily& family = *fixture.truth;
  const Dataset& data = fixture.sample.data;
  const std::size_t n = data.num_rows();
  const std::size_t k_count = family.num_components();
  const arma::mat w1 = random_weights(k_count, n, family_case.seed, 1);
  const arma::mat w2 = random_weights(k_count, n, family_case.seed, 2);
  const double a = 0.3, b = 1.7;
  const arma::vec combined = family_slots(accumulate_rows(family, data, a * w1 + b * w2, 0, n));
  const arma::vec expected = a * family_slots(accumulate_rows(family, data, w1, 0, n)) +
                             b * family_slots(accumulate_rows(family, data, w2, 0, n));
  double difference = 0.0;
  if (!close_sums(combined, expected, difference)) {
    result.detail = "accumulate(0.3 W1 + 1.7 W2) differs from 0.3 accumulate(W1) + 1.7 accumulate(W2) by " +
                    number_text(difference);
    return result;
  }
  const arma::vec zero = family_slots(accumulate_rows(family, data, arma::mat(k_count, n, arma::fill::zeros), 0, n));
  if (arma::any(zero != 0.0)) {
    result.detail = "zero weights added " + number_text(max_abs(zero)) + " to the statistics, expected exactly 0";
    return result;
  }
  result.passed = true;
  result.detail = "linear in the weights within " + number_text(difference) + "; zero weights add exactly 0";
  return result;
}

}  // namespace mixfit::conformance::detail
