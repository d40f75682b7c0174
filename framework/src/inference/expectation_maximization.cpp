// The EM loop: E-step pass, M-step, convergence on the mean log-likelihood (CEM: classification; SEM: none).
#include "mixfit/inference/expectation_maximization.hpp"

#include "mixfit/core/random_streams.hpp"

#include <chrono>
#include <memory>
#include <cmath>
#include <limits>
#include <optional>

namespace mixfit {

FitReport expectation_maximization(MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                   const EmOptions& options, IterationObserver* observer, FitReport resume) {
  FitReport report = std::move(resume);
  // Classification EM maximises the classification log-likelihood, which its trace follows (Celeux & Govaert 1992).
  const bool classification = options.assignment == Assignment::hard;
  // Stochastic EM is a Markov chain that does not converge; it keeps the most likely model it visits.
  const bool stochastic = options.assignment == Assignment::stochastic;
  report.objective_name = classification ? "mean_classification_log_likelihood" : "mean_log_likelihood";
  double previous = report.trace.empty() ? -std::numeric_limits<double>::infinity() : report.trace.back().objective;
  SingularComponentRemedy singular{options.singular_component, options.make_model, options.restart, 0};
  // A resumed fit whose checkpoint was taken at its converging iteration has nothing left to do.
  for (std::size_t iteration = report.n_iter + 1; iteration <= options.max_iter && !report.converged; ++iteration) {
    const auto start = std::chrono::steady_clock::now();
    // SEM's draws of iteration t come from (the restart's seed, t), whichever process or thread draws them.
    const std::uint64_t draw_seed = stochastic ? derive_seed(options.draw_seed, "sem iteration", iteration) : 0;
    const SufficientStatistics stats =
        statistics_pass(model, data, plan, options.assignment, {}, Scoring::point, draw_seed);
    const std::vector<std::size_t> empty = empty_components(stats);
    // The E-step's rows, recomputed (same parameters, same weights) only when a remedy needs them.
    std::optional<RowWeights> rows;
    const auto e_step_rows = [&]() -> RowWeights& {
      if (!rows) rows = row_weights(model, data, plan, options.assignment, draw_seed);
      return *rows;
    };
    const double objective =
        (classification ? stats.log_likelihood() - stats.assignment_entropy() : stats.log_likelihood()) /
        stats.num_rows();  // n = Σ_n w_n (N without data.weights)
    if (stochastic && objective > report.best_visited_objective) {  // the model this E-step evaluated, before its M-step
      report.best_visited_objective = objective;
      report.best_visited = std::make_shared<const MixtureModel>(model);
    }
    // The trace keeps this E-step's log-likelihood; only the M-step sees the remedies.
    std::optional<SufficientStatistics> remedied;
    if (!empty.empty())
      remedied = remedy_empty_components(model, data, plan, e_step_rows(), empty, options.empty_component,
                                         options.make_model, iteration, report);
    singular.iteration = iteration;
    if (auto refitted = maximize_or_remedy(model, data, plan, remedied ? *remedied : stats, options.estimator,
                                           e_step_rows, singular, report))
      remedied = std::move(refitted);
    model.mixing().update(remedied ? *remedied : stats);
    if (model.noise()) model.noise()->update(remedied ? *remedied : stats);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    IterationRecord record{iteration, objective,
                           iteration == 1 ? std::numeric_limits<double>::quiet_NaN() : objective - previous, seconds};
    report.trace.push_back(record);
    report.n_iter = iteration;
    // scikit-learn: converged when |lower_bound − previous| < tol (never true for tol = 0).
    // An iteration that remedied an empty or singular component has not been evaluated yet: not converged.
    // Decided before the observer sees the iteration, so a checkpoint taken here knows the fit is done.
    report.converged = !stochastic && iteration > 1 && !remedied && std::abs(objective - previous) < options.tol;
    if (observer) observer->on_iteration(report, options.max_iter);
    if (report.converged) break;
    previous = objective;
  }
  if (stochastic) {
    // The model left by the last M-step has not been evaluated yet; the most likely of all is the result.
    const SufficientStatistics last_stats = statistics_pass(model, data, plan, Assignment::soft);
    const double last = last_stats.log_likelihood() / last_stats.num_rows();
    if (report.best_visited && report.best_visited_objective > last) model = *report.best_visited;
    report.best_visited.reset();
    report.best_visited_objective = -std::numeric_limits<double>::infinity();
  }
  return report;
}

}  // namespace mixfit
