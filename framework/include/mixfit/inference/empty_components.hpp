// Empty components: finding the components an E-step left without points, and the configured remedy.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/fit_report.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mixfit {

/// inference.empty_component: what EM and k-means do with a component that has lost all its points.
enum class EmptyComponentPolicy {
  reseed,  ///< give it the worst-explained row (deterministic), as scikit-learn's k-means relocates clusters
  drop,    ///< remove it and go on with K − 1 components
  error    ///< stop with an error naming the component and the iteration
};

/// Parses "reseed" | "drop" | "error" (the schema has already checked the value).
EmptyComponentPolicy parse_empty_component_policy(const std::string& text);

/// Builds an unfitted model like the one being fitted, with `num_components`
/// components (prior defaults resolved). Needed by EmptyComponentPolicy::drop.
using ModelFactory = std::function<MixtureModel(std::size_t num_components)>;

/// Components whose weight count N_k is at most N·ε (ε the machine epsilon):
/// below the rounding error of Σ_k N_k = N, so indistinguishable from empty.
std::vector<std::size_t> empty_components(const SufficientStatistics& stats);

/// An E-step's per-row results, which a remedy rebuilds statistics from (this process's rows).
struct RowWeights {
  arma::mat weights;         ///< K×n, the weights as the pass used them (soft or one-hot)
  arma::vec log_likelihood;  ///< n, log p(x_n) under the mixture; +∞ for rows that cannot reseed (weight 0, known label)
};

/// The E-step under `model`'s current parameters, keeping its rows' weights
/// (the same parameters, and for stochastic assignment the same `draw_seed`,
/// give the same weights as the pass before).
RowWeights row_weights(const MixtureModel& model, const Dataset& data, const BlockPlan& plan, Assignment assignment,
                       std::uint64_t draw_seed = 0);

/// The global indices of the `count` rows with the lowest log p(x_n) (the
/// worst-explained; ties to the lowest row), over every process; fewer when
/// there are fewer rows. Collective.
std::vector<std::size_t> worst_explained_rows(const BlockPlan& plan, const arma::vec& log_likelihood,
                                              std::size_t count);

/// Gives each of `components` its own block of `rows_each` rows out of
/// `rows` (global indices, in order): those rows' weights become one-hot on
/// that component. Rows of other processes are skipped.
void give_rows(const BlockPlan& plan, arma::mat& weights, const std::vector<std::size_t>& components,
               const std::vector<std::size_t>& rows, std::size_t rows_each);

/// Removes the rows of `removed` components from K×n `weights` and
/// renormalises each column over the components kept (a column that was all
/// on removed components stays zero).
void remove_components(arma::mat& weights, const std::vector<std::size_t>& removed);

/// Applies `policy` to the `empty` components of an E-step under `model`'s
/// current parameters, whose rows are `rows`, before the M-step, and records
/// a warning in `report`. Returns the statistics the M-step should use, and
/// leaves in `rows.weights` the weights they come from:
/// - reseed: each empty component takes, as its only point, one of the rows
///   with the lowest log p(x_n) under the mixture (the worst-explained; ties
///   to the lowest row), which leaves every other component;
/// - drop: `model` is replaced by `make_model(K − m)` and the statistics are
///   those of the responsibilities without the empty components' rows;
/// - error: throws NumericalError naming the components and the iteration.
SufficientStatistics remedy_empty_components(MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                             RowWeights& rows, const std::vector<std::size_t>& empty,
                                             EmptyComponentPolicy policy, const ModelFactory& make_model,
                                             std::size_t iteration, FitReport& report);

/// The text of a list of component indices: "2" or "1, 3".
std::string component_list(const std::vector<std::size_t>& components);

}  // namespace mixfit
