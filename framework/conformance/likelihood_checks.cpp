// Conformance checks of sample(), log_likelihood() and permute_components().
#include "checks.hpp"

#include <cmath>

namespace mixfit::conformance::detail {

CheckResult check_sampling_reproducible(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"sampling_reproducible", false, {}};
  const ComponentFamily& family = *fixture.truth;
  const std::size_t n = 50;
  for (std::size_t k = 0; k < family.num_components(); ++k) {
    const arma::mat first = draw_component(family, k, n, family_case.seed + 1);
    const arma::mat second = draw_component(family, k, n, family_case.seed + 1);
    if (!identical(first, second)) {
      result.detail = "two draws of component " + std::to_string(k) + " from the same stream state differ";
      return result;
    }
    dataset_from_draws(family_case.columns, first);  // throws for a value of the wrong kind or shape
  }
  result.passed = true;
  result.detail = "D×n draws of the columns' kinds, identical bits from identical streams";
  return result;
}

CheckResult check_log_likelihood_finite(const FamilyCase&, const Fixture& fixture) {
  CheckResult result{"log_likelihood_finite", false, {}};
  const arma::mat scores = scores_of(*fixture.truth, fixture.sample.data);
  const std::size_t n = fixture.sample.data.num_rows();
  if (scores.n_rows != fixture.truth->num_components() || scores.n_cols != n) {
    result.detail = "scores are " + std::to_string(scores.n_rows) + "×" + std::to_string(scores.n_cols) +
                    ", expected K×n = " + std::to_string(fixture.truth->num_components()) + "×" + std::to_string(n);
    return result;
  }
  if (scores.has_nan()) {
    result.detail = "scores contain NaN";
    return result;
  }
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t k = fixture.sample.labels(j);
    if (!std::isfinite(scores(k, j))) {
      result.detail = "row " + std::to_string(j) + ", drawn from component " + std::to_string(k) +
                      ", has log p = " + number_text(scores(k, j)) + " under that component";
      return result;
    }
  }
  result.passed = true;
  result.detail = "K×n, no NaN, finite under the drawing component for all " + std::to_string(n) + " rows";
  return result;
}

CheckResult check_log_likelihood_normalised(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"log_likelihood_normalised", false, {}};
  Dataset points;
  arma::vec weights;
  if (!family_case.quadrature_points.is_empty()) {
    if (family_case.quadrature_weights.n_elem != family_case.quadrature_points.n_cols) {
      result.detail = "the case gives " + std::to_string(family_case.quadrature_points.n_cols) + " points but " +
                      std::to_string(family_case.quadrature_weights.n_elem) + " quadrature weights";
      return result;
    }
    points = dataset_from_draws(family_case.columns, family_case.quadrature_points);
    weights = family_case.quadrature_weights;
  } else if (std::optional<Dataset> support = enumerate_discrete_support(family_case.columns)) {
    points = std::move(*support);
    weights.ones(points.num_rows());
  } else {
    // Never a silent pass: a density that does not integrate to 1 is the commonest bug of a continuous family.
    result.detail = "real columns and no quadrature points in the case: set FamilyCase::quadrature_points and "
                    "quadrature_weights (mixfit/conformance/quadrature.hpp has grids for the half-line, the real line "
                    "and intervals), or list the check in FamilyCase::not_applicable with the reason";
    return result;
  }
  const arma::mat scores = scores_of(*fixture.truth, points);
  std::string totals;
  for (std::size_t k = 0; k < scores.n_rows; ++k) {
    const double total = arma::dot(arma::exp(scores.row(k).t()), weights);
    totals += (k ? ", " : "") + number_text(total);
    if (!(std::abs(total - 1.0) <= family_case.normalisation_tolerance)) {
      result.detail = "component " + std::to_string(k) + " sums to " + number_text(total) + " over " +
                      std::to_string(points.num_rows()) + " points, expected 1 within " +
                      number_text(family_case.normalisation_tolerance);
      return result;
    }
  }
  result.passed = true;
  result.detail = "Σ w p(x | θ_k) over " + std::to_string(points.num_rows()) + " points: " + totals;
  return result;
}

CheckResult check_permute_components(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"permute_components", false, {}};
  const std::size_t k_count = fixture.truth->num_components();
  // A reversal: a permutation that moves every component when K > 1.
  const arma::uvec order = arma::reverse(arma::regspace<arma::uvec>(0, k_count - 1));
  std::unique_ptr<ComponentFamily> permuted = family_with_parameters(family_case);
  permuted->permute_components(order);
  const arma::mat expected = scores_of(*fixture.truth, fixture.sample.data).rows(order);
  if (!identical(scores_of(*permuted, fixture.sample.data), expected)) {
    result.detail = "the permuted family's scores are not the permuted rows of the original's";
    return result;
  }
  result.passed = true;
  result.detail = "scores after reversing the components are the reversed rows, bit for bit";
  return result;
}

}  // namespace mixfit::conformance::detail
