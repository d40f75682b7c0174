// The VB loop: variational E-step pass, ELBO, posterior updates, convergence on the ELBO.
#include "mixfit/inference/variational_bayes.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/inference/statistics_pass.hpp"

#include <chrono>
#include <cmath>
#include <limits>

namespace mixfit {

double evidence_lower_bound(const MixtureModel& model, const SufficientStatistics& variational_stats) {
  return variational_stats.log_likelihood() - model.mixing().kl_to_prior() - model.family().kl_to_prior();
}

FitReport variational_bayes(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const VbOptions& options,
                            IterationObserver* observer, FitReport resume) {
  if (!model.family().capabilities().variational)
    throw ConfigError("family '" + std::string(model.family().name()) +
                      "' does not implement variational Bayes; use inference.algorithm: em");
  if (!model.mixing().variational())
    throw Error("variational_bayes() needs Dirichlet or stick-breaking mixing weights");
  if (!model.family().has_posterior())
    throw Error("variational_bayes() needs an initial posterior (initialise the model first)");
  FitReport report = std::move(resume);
  report.objective_name = "elbo";
  double previous = report.trace.empty() ? -std::numeric_limits<double>::infinity() : report.trace.back().objective;
  for (std::size_t iteration = report.n_iter + 1; iteration <= options.max_iter; ++iteration) {
    const auto start = std::chrono::steady_clock::now();
    const SufficientStatistics stats = statistics_pass(model, data, plan, Assignment::soft, {}, Scoring::variational);
    const double elbo = evidence_lower_bound(model, stats);
    model.family().update_posterior(stats);
    model.mixing().update(stats);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const double delta = iteration == 1 ? std::numeric_limits<double>::quiet_NaN() : elbo - previous;
    if (iteration > 1 && delta < -(1e-9 * std::abs(elbo) + 1e-9))
      report.warnings.push_back("the ELBO decreased by " + format_double(-delta) + " at iteration " +
                                std::to_string(iteration) + " (coordinate ascent should never lower it)");
    IterationRecord record{iteration, elbo, delta, seconds};
    report.trace.push_back(record);
    report.n_iter = iteration;
    if (observer) observer->on_iteration(report, options.max_iter);
    if (iteration > 1 && std::abs(delta) < options.tol) {
      report.converged = true;
      break;
    }
    previous = elbo;
  }
  return report;
}

void set_prior_from_data(MixtureModel& model, const Dataset& data, const BlockPlan& plan) {
  arma::mat weights(model.num_components(), data.num_rows(), arma::fill::zeros);
  weights.row(0).ones();
  model.family().set_prior_from_data(statistics_from_weights(model, data, plan, weights));
}

}  // namespace mixfit
