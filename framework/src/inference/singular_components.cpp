// Singular components: the reseed / drop / error remedies for an M-step the family could not complete (generic).
#include "mixfit/inference/singular_components.hpp"

#include "mixfit/core/error.hpp"

#include <algorithm>

namespace mixfit {

SingularComponentPolicy parse_singular_component_policy(const std::string& text) {
  if (text == "reseed") return SingularComponentPolicy::reseed;
  if (text == "drop") return SingularComponentPolicy::drop;
  if (text == "error") return SingularComponentPolicy::error;
  throw ConfigError("inference.singular_component: expected one of reseed, drop, error, got '" + text + "'");
}

namespace {

// As for empty components, add_capped_warning lists the first few events, then says that more followed.
constexpr std::size_t kListedRows = 5;  // re-seeding rows named in a warning
constexpr const char* kKey = "inference.singular_component";
constexpr std::string_view kMoreSingular = "more covariances turned singular after these and were handled the same "
                                           "way (not listed; inference.singular_component)";

std::string which(const std::vector<std::size_t>& components) {
  return (components.size() == 1 ? "component " : "components ") + component_list(components);
}

// Errors name the iteration (whoever runs the restarts names the restart); warnings name both.
std::string iteration_text(const SingularComponentRemedy& remedy) {
  return "iteration " + std::to_string(remedy.iteration);
}
std::string event_text(const SingularComponentRemedy& remedy) {
  return (remedy.restart ? "restart " + std::to_string(*remedy.restart) + ", " : std::string()) +
         iteration_text(remedy);
}

[[noreturn]] void fail_shared(const SingularComponentError& e, const SingularComponentRemedy& remedy) {
  throw NumericalError(iteration_text(remedy) + ": " + e.what() + " (" + kKey +
                       ": a covariance shared by every component cannot be fixed by re-seeding or dropping one "
                       "component)");
}

// "component 2's covariance" or "components 1, 3' covariances".
std::string covariances_of(const std::vector<std::size_t>& components) {
  return which(components) + (components.size() == 1 ? "'s covariance" : "' covariances");
}

// reseed: the singular components take the worst-explained rows, `rows_each` each, doubling while one stays singular.
SufficientStatistics reseed(MixtureModel& model, const Dataset& data, const BlockPlan& plan, Estimator estimator,
                            RowWeights& rows, const SingularComponentError& first,
                            const SingularComponentRemedy& remedy, FitReport& report) {
  std::vector<std::size_t> reseeded{first.component()};
  std::size_t rows_each = 1;
  for (;;) {
    if (rows_each * reseeded.size() > plan.num_rows)
      throw NumericalError(iteration_text(remedy) + ": " + which(reseeded) +
                           " stayed singular when re-seeded from every row (" + kKey + ": reseed); first: " +
                           first.what());
    const std::vector<std::size_t> worst =
        worst_explained_rows(plan, rows.log_likelihood, rows_each * reseeded.size());
    arma::mat weights = rows.weights;
    // The re-seeded components start empty: the rows they had go to the others (renormalised).
    for (const std::size_t k : reseeded) weights.row(k).zeros();
    const arma::rowvec sums = arma::sum(weights, 0);
    for (arma::uword n = 0; n < weights.n_cols; ++n)
      if (sums(n) > 0.0) weights.col(n) /= sums(n);
    give_rows(plan, weights, reseeded, worst, rows_each);
    SufficientStatistics refitted = statistics_from_weights(model, data, plan, weights);
    try {
      model.family().maximize(refitted, estimator);
    } catch (const SingularComponentError& again) {
      if (again.shared()) fail_shared(again, remedy);
      if (std::find(reseeded.begin(), reseeded.end(), again.component()) != reseeded.end()) {
        rows_each *= 2;
      } else {
        reseeded.push_back(again.component());
      }
      continue;
    }
    rows.weights = std::move(weights);
    std::string seeded = "the worst-explained row";
    if (worst.size() > 1) seeded = "the " + std::to_string(worst.size()) + " worst-explained rows";
    if (worst.size() <= kListedRows) {
      seeded += worst.size() == 1 ? " " : " (";
      for (std::size_t i = 0; i < worst.size(); ++i) seeded += (i ? ", " : "") + std::to_string(worst[i] + 1);
      if (worst.size() > 1) seeded += ")";
    }
    add_capped_warning(report, kKey,
                       event_text(remedy) + ": " + covariances_of(reseeded) + " turned singular (" + first.what() +
                           "); re-seeded from " + seeded +
                           (reseeded.size() > 1 ? ", " + std::to_string(rows_each) + " each" : "") + " (" + kKey +
                           ": reseed)",
                       kMoreSingular);
    return refitted;
  }
}

// drop: remove the singular component, then any other the smaller M-step finds singular.
SufficientStatistics drop(MixtureModel& model, const Dataset& data, const BlockPlan& plan, Estimator estimator,
                          RowWeights& rows, const SingularComponentError& first,
                          const SingularComponentRemedy& remedy, FitReport& report) {
  const ModelFactory& make_model = remedy.make_model;
  if (!make_model) throw Error(std::string(kKey) + ": drop needs a way to build a smaller model");
  // Indices as the iteration started, for the message; `alive` maps the current model's components to them.
  std::vector<std::size_t> alive(model.num_components());
  for (std::size_t k = 0; k < alive.size(); ++k) alive[k] = k;
  std::vector<std::size_t> dropped;
  std::size_t singular = first.component();
  for (;;) {
    dropped.push_back(alive[singular]);
    alive.erase(alive.begin() + static_cast<std::ptrdiff_t>(singular));
    if (alive.empty())
      throw NumericalError(iteration_text(remedy) + ": every component turned singular (" + std::string(kKey) +
                           ": drop left none); first: " + first.what());
    remove_components(rows.weights, {singular});
    model = make_model(alive.size());
    SufficientStatistics refitted = statistics_from_weights(model, data, plan, rows.weights);
    try {
      model.family().maximize(refitted, estimator);
    } catch (const SingularComponentError& again) {
      if (again.shared()) fail_shared(again, remedy);
      singular = again.component();
      continue;
    }
    std::sort(dropped.begin(), dropped.end());
    add_capped_warning(report, kKey,
                       event_text(remedy) + ": " + covariances_of(dropped) + " turned singular (" + first.what() +
                           ") and " + (dropped.size() == 1 ? "was" : "were") + " dropped; the fit goes on with K = " +
                           std::to_string(alive.size()) + " (" + kKey + ": drop)",
                       kMoreSingular);
    return refitted;
  }
}

}  // namespace

std::optional<SufficientStatistics> maximize_or_remedy(MixtureModel& model, const Dataset& data,
                                                       const BlockPlan& plan, const SufficientStatistics& stats,
                                                       Estimator estimator,
                                                       const std::function<RowWeights&()>& rows,
                                                       const SingularComponentRemedy& remedy, FitReport& report) {
  try {
    model.family().maximize(stats, estimator);
    return std::nullopt;
  } catch (const SingularComponentError& e) {
    if (remedy.policy == SingularComponentPolicy::error)
      throw NumericalError(iteration_text(remedy) + ": " + e.what() + " (" + kKey +
                           ": error; reseed or drop would go on)");
    if (e.shared()) fail_shared(e, remedy);
    if (remedy.policy == SingularComponentPolicy::reseed)
      return reseed(model, data, plan, estimator, rows(), e, remedy, report);
    return drop(model, data, plan, estimator, rows(), e, remedy, report);
  }
}

}  // namespace mixfit
