// Singular components: an M-step that cannot factor a component's covariance, and the configured remedy.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/family/estimator.hpp"
#include "mixfit/inference/empty_components.hpp"
#include "mixfit/inference/fit_report.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <functional>
#include <optional>
#include <string>

namespace mixfit {

/// inference.singular_component: what EM does when the family's M-step
/// reports a component whose covariance is singular (SingularComponentError).
enum class SingularComponentPolicy {
  reseed,  ///< give it the worst-explained rows (deterministic), as empty_component: reseed does
  drop,    ///< remove it and go on with K − 1 components, as empty_component: drop does
  error    ///< the restart fails with a message naming the component and the iteration
};

/// Parses "reseed" | "drop" | "error" (the schema has already checked the value).
SingularComponentPolicy parse_singular_component_policy(const std::string& text);

/// How maximize_or_remedy() handles a singular component, and what its messages say.
struct SingularComponentRemedy {
  SingularComponentPolicy policy = SingularComponentPolicy::reseed;
  /// Builds the smaller model for drop.
  ModelFactory make_model;
  /// Where the M-step runs: warnings name both ("restart 3, iteration 7: ..."),
  /// errors the iteration (whoever runs the restarts names the restart).
  std::optional<std::size_t> restart;
  std::size_t iteration = 0;
};

/// The family's M-step on `stats` (accumulated by `model` in its current
/// state). Returns nothing when it succeeds. When the family throws a
/// SingularComponentError (its parameters unchanged), applies `remedy`:
/// - reseed: the singular component gives up its rows (each row's weights
///   renormalised over the other components; a row that was wholly its own
///   sits this M-step out) and, like an empty component under
///   empty_component: reseed, takes the worst-explained row (lowest
///   log p(x_n) under the mixture, ties to the lowest row) away from the
///   others; while the M-step still finds it singular, the 2, 4, 8, …
///   worst-explained rows (one point has no covariance when reg_covar is 0).
///   A component that turns singular through the rows it lost is re-seeded
///   the same way, from the next rows;
/// - drop: the component is removed, `model` is replaced by
///   `make_model(K − 1)` and the M-step runs on the other components'
///   renormalised responsibilities (again while another turns singular);
/// - error: NumericalError naming the iteration and the family's message.
/// A singular covariance shared by every component (tied) is a NumericalError
/// under every policy. Each event is a warning in `report`. Returns the
/// statistics the family was finally fitted to, for the mixing weights.
/// `rows`: the E-step's rows behind `stats` (computed on first use; the
/// remedy changes them). Every process takes the same decisions: the
/// statistics and so the family's exception are the same on all of them.
std::optional<SufficientStatistics> maximize_or_remedy(MixtureModel& model, const Dataset& data,
                                                       const BlockPlan& plan, const SufficientStatistics& stats,
                                                       Estimator estimator,
                                                       const std::function<RowWeights&()>& rows,
                                                       const SingularComponentRemedy& remedy, FitReport& report);

}  // namespace mixfit
