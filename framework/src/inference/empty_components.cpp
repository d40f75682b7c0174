// Empty components: detection and the reseed / drop / error remedies (generic: statistics and weights only).
#include "mixfit/inference/empty_components.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

namespace mixfit {

EmptyComponentPolicy parse_empty_component_policy(const std::string& text) {
  if (text == "reseed") return EmptyComponentPolicy::reseed;
  if (text == "drop") return EmptyComponentPolicy::drop;
  if (text == "error") return EmptyComponentPolicy::error;
  throw ConfigError("inference.empty_component: expected one of reseed, drop, error, got '" + text + "'");
}

std::vector<std::size_t> empty_components(const SufficientStatistics& stats) {
  const double threshold = stats.num_rows() * std::numeric_limits<double>::epsilon();
  std::vector<std::size_t> empty;
  for (std::size_t k = 0; k < stats.num_components(); ++k)
    if (!(stats.count(k) > threshold)) empty.push_back(k);
  return empty;
}

std::string component_list(const std::vector<std::size_t>& components) {
  std::string text;
  for (std::size_t i = 0; i < components.size(); ++i) text += (i ? ", " : "") + std::to_string(components[i]);
  return text;
}

namespace {

// A component may empty again and again (a reseeded row drifting back): add_capped_warning lists the
// first few events, then says that more followed.
constexpr std::string_view kEmptyKey = "inference.empty_component";
constexpr std::string_view kMoreEmptied =
    "more components emptied after these and were handled the same way (not listed; inference.empty_component)";

}  // namespace

RowWeights row_weights(const MixtureModel& model, const Dataset& data, const BlockPlan& plan, Assignment assignment,
                       std::uint64_t draw_seed) {
  RowWeights rows;
  RowOutputs outputs;
  outputs.responsibilities = &rows.weights;
  outputs.log_likelihood = &rows.log_likelihood;
  statistics_pass(model, data, plan, assignment, outputs, Scoring::point, draw_seed);
  // A row that weighs nothing, or whose component is known, is never the worst explained: it cannot reseed.
  for (arma::uword j = 0; j < rows.log_likelihood.n_elem; ++j)
    if (data.weight(j) == 0.0 || data.known_label(j) != kUnknownLabel)
      rows.log_likelihood(j) = std::numeric_limits<double>::infinity();
  return rows;
}

std::vector<std::size_t> worst_explained_rows(const BlockPlan& plan, const arma::vec& log_likelihood,
                                              std::size_t count) {
  // Each process offers its own worst, as (log p(x), global row) pairs.
  const std::size_t first_row = plan.local_first_row();
  std::vector<arma::uword> local(log_likelihood.n_elem);
  std::iota(local.begin(), local.end(), arma::uword{0});
  std::stable_sort(local.begin(), local.end(),
                   [&](arma::uword a, arma::uword b) { return log_likelihood(a) < log_likelihood(b); });
  std::vector<double> offered;
  for (std::size_t i = 0; i < std::min(count, local.size()); ++i) {
    offered.push_back(log_likelihood(local[i]));
    offered.push_back(static_cast<double>(first_row + local[i]));
  }
  const std::vector<double> all = all_gather_doubles(plan, offered);
  std::vector<std::pair<double, std::size_t>> candidates;
  for (std::size_t i = 0; i + 1 < all.size(); i += 2)
    candidates.emplace_back(all[i], static_cast<std::size_t>(all[i + 1]));
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < std::min(count, candidates.size()); ++i) rows.push_back(candidates[i].second);
  return rows;
}

void give_rows(const BlockPlan& plan, arma::mat& weights, const std::vector<std::size_t>& components,
               const std::vector<std::size_t>& rows, std::size_t rows_each) {
  const std::size_t first_row = plan.local_first_row();
  for (std::size_t i = 0; i < rows.size() && i / rows_each < components.size(); ++i) {
    const std::size_t row = rows[i];
    if (row < first_row || row >= first_row + plan.local_num_rows()) continue;
    weights.col(row - first_row).zeros();
    weights(components[i / rows_each], row - first_row) = 1.0;
  }
}

void remove_components(arma::mat& weights, const std::vector<std::size_t>& removed) {
  std::vector<arma::uword> kept;
  for (std::size_t k = 0; k < weights.n_rows; ++k)
    if (std::find(removed.begin(), removed.end(), k) == removed.end()) kept.push_back(k);
  arma::mat kept_weights = weights.rows(arma::uvec(kept));
  const arma::rowvec sums = arma::sum(kept_weights, 0);
  for (arma::uword n = 0; n < kept_weights.n_cols; ++n)
    if (sums(n) > 0.0) kept_weights.col(n) /= sums(n);
  weights = std::move(kept_weights);
}

SufficientStatistics remedy_empty_components(MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                             RowWeights& rows, const std::vector<std::size_t>& empty,
                                             EmptyComponentPolicy policy, const ModelFactory& make_model,
                                             std::size_t iteration, FitReport& report) {
  const std::size_t k_count = model.num_components();
  const std::string which = (empty.size() == 1 ? "component " : "components ") + component_list(empty);
  const std::string when = " at iteration " + std::to_string(iteration);
  if (policy == EmptyComponentPolicy::error)
    throw NumericalError(which + (empty.size() == 1 ? " lost all its" : " lost all their") + " points" + when +
                         " (N_k = 0 of N = " + std::to_string(plan.num_rows) +
                         " rows); set inference.empty_component: reseed or drop to go on");
  if (empty.size() >= k_count)
    throw NumericalError("every component lost all its points" + when + " (the data give no finite likelihood)");
  arma::mat& weights = rows.weights;  // K×n

  if (policy == EmptyComponentPolicy::reseed) {
    if (empty.size() > plan.num_rows) throw NumericalError(which + " are empty and there are too few rows to reseed");
    // The rows worst explained by the mixture, one each, in order.
    const std::vector<std::size_t> worst = worst_explained_rows(plan, rows.log_likelihood, empty.size());
    give_rows(plan, weights, empty, worst, 1);
    std::string seeded;
    for (std::size_t i = 0; i < worst.size(); ++i)
      seeded += (i ? ", " : "") + std::string("row ") + std::to_string(worst[i] + 1);
    add_capped_warning(report, kEmptyKey,
                       which + (empty.size() == 1 ? " lost all its" : " lost all their") + " points" + when +
                           "; re-seeded from the worst-explained " + seeded + " (inference.empty_component: reseed)",
                       kMoreEmptied);
    return statistics_from_weights(model, data, plan, weights);
  }

  // drop: the responsibilities of the other components, renormalised per row.
  if (!make_model) throw Error("inference.empty_component: drop needs a way to build a smaller model");
  remove_components(weights, empty);
  model = make_model(weights.n_rows);
  add_capped_warning(report, kEmptyKey,
                     which + (empty.size() == 1 ? " lost all its" : " lost all their") + " points" + when + " and " +
                         (empty.size() == 1 ? "was" : "were") + " dropped; the fit goes on with K = " +
                         std::to_string(weights.n_rows) + " (inference.empty_component: drop)",
                     kMoreEmptied);
  return statistics_from_weights(model, data, plan, weights);
}

}  // namespace mixfit
