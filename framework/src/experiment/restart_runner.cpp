// One restart: initialise (or resume), then run the algorithm to the end.
#include "mixfit/experiment/restart_runner.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/inference/degeneracy_checks.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/k_means.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"

#include <exception>
#include <limits>
#include <optional>

namespace mixfit {
namespace {

// initialise(), its numerical failures saying that they happened there (the first M-step from the initial weights).
void initialise_restart(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const ExperimentConfig& config,
                        RandomStream& stream, ParameterUpdate update) {
  try {
    initialise(model, data, plan, config.init, config.file, stream, update);
  } catch (const NumericalError& e) {
    throw NumericalError("initialisation (inference.init.method: " + config.init.method + "): " + e.what());
  }
}

// Clears the caller's pointer to the model in progress when the restart ends, also when it fails.
struct ForgetModel {
  const MixtureModel** pointer;
  ~ForgetModel() {
    if (pointer) *pointer = nullptr;
  }
};

/// EM, CEM or SEM options for `algorithm` with the run's remedies.
EmOptions em_options(const ExperimentConfig& config, const MixtureModel& model, const ModelFactory& make_model,
                     std::size_t restart, std::uint64_t seed, const std::string& algorithm, std::size_t max_iter,
                     double tol) {
  EmOptions options;
  options.assignment = algorithm == "cem"   ? Assignment::hard
                       : algorithm == "sem" ? Assignment::stochastic
                                            : Assignment::soft;
  options.draw_seed = seed;
  options.max_iter = max_iter;
  options.tol = tol;
  options.estimator = point_estimator(model.family().capabilities());
  options.empty_component = parse_empty_component_policy(config.empty_component);
  options.singular_component = parse_singular_component_policy(config.singular_component);
  options.make_model = make_model;
  options.restart = restart;
  return options;
}

/// mixmod's small EM start: `runs` short EM runs, each from means at random rows (its own stream of the restart's
/// seed), `iterations` iterations each; the most likely model continues. A short run that fails numerically (a
/// singular component) is skipped; if all fail, the last failure is the restart's.
void small_em_start(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const ExperimentConfig& config,
                    const ModelFactory& make_model, std::size_t restart, std::uint64_t seed) {
  InitConfig random_rows = config.init;
  random_rows.method = "random_from_data";
  std::optional<MixtureModel> best;
  double best_log_likelihood = -std::numeric_limits<double>::infinity();
  std::exception_ptr last_failure;
  for (std::size_t run = 0; run < config.init.small_em_runs; ++run) {
    MixtureModel candidate = model;
    RandomStream stream = derive_stream(seed, "small_em", run);
    try {
      initialise(candidate, data, plan, random_rows, config.file, stream, ParameterUpdate::point);
      const EmOptions options = em_options(config, candidate, make_model, restart, seed, "em",
                                           config.init.small_em_iterations, 0.0);
      expectation_maximization(candidate, data, plan, options);
    } catch (const NumericalError&) {
      last_failure = std::current_exception();
      continue;
    }
    const double log_likelihood = statistics_pass(candidate, data, plan, Assignment::soft).log_likelihood();
    if (log_likelihood > best_log_likelihood) {  // ties keep the earlier run
      best_log_likelihood = log_likelihood;
      best.emplace(std::move(candidate));
    }
  }
  if (!best) {
    try {
      std::rethrow_exception(last_failure);
    } catch (const NumericalError& e) {
      throw NumericalError("initialisation (inference.init.method: small_em): every one of its " +
                           std::to_string(config.init.small_em_runs) + " short runs failed; the last: " + e.what());
    }
  }
  model = std::move(*best);
}

// Appends stage s's report (its own iteration numbers) to the chain's report.
void append_stage(FitReport& chain, const FitReport& report, std::size_t s) {
  for (IterationRecord record : report.trace) {
    record.iteration += chain.n_iter;
    record.stage = s + 1;
    chain.trace.push_back(record);
  }
  chain.n_iter += report.n_iter;
  chain.converged = report.converged;
  // One column for every stage's objective: named after them when they agree, "objective" when they differ.
  chain.objective_name = s == 0 || chain.objective_name == report.objective_name ? report.objective_name : "objective";
}

// Passes a stage's iterations on as the chain's: the stages before it, then this one's records numbered across
// the stages, so progress lines, parameter traces and checkpoints see one run.
class ChainObserver final : public IterationObserver {
 public:
  ChainObserver(IterationObserver* outer, const FitReport& before, std::size_t stage, std::size_t max_iter)
      : outer_(outer), before_(before), stage_(stage), max_iter_(max_iter) {}
  void on_iteration(const FitReport& report, std::size_t) override {
    if (!outer_) return;
    FitReport chain = before_;
    append_stage(chain, report, stage_);  // converged: this stage's, as far as it has gone
    chain.best_visited = report.best_visited;
    chain.best_visited_objective = report.best_visited_objective;
    outer_->on_iteration(chain, max_iter_);
  }

 private:
  IterationObserver* outer_;
  const FitReport& before_;
  std::size_t stage_;
  std::size_t max_iter_;
};

/// inference.chain: each stage from the previous stage's model, one trace numbered across the stages. A
/// checkpointed chain (`so_far`) continues in the stage it was in: the stages it finished are in so_far.stages,
/// the records of the one in progress carry its number.
FitReport run_chain(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const ExperimentConfig& config,
                    const ModelFactory& make_model, std::size_t restart, std::uint64_t seed,
                    IterationObserver* observer, std::optional<FitReport> so_far) {
  FitReport chain;
  std::size_t first_stage = 0;
  FitReport in_progress;  // the stage a checkpoint interrupted, in its own numbering
  if (so_far) {
    first_stage = so_far->stages.size();
    chain.stages = so_far->stages;
    chain.warnings = so_far->warnings;
    chain.objective_name = so_far->objective_name;
    for (const IterationRecord& record : so_far->trace) {
      if (record.stage <= first_stage) {
        chain.trace.push_back(record);
        ++chain.n_iter;
      } else {
        IterationRecord own = record;
        own.iteration = ++in_progress.n_iter;
        own.stage = 0;
        in_progress.trace.push_back(own);
      }
    }
    in_progress.converged = !in_progress.trace.empty() && so_far->converged;
    in_progress.best_visited = so_far->best_visited;
    in_progress.best_visited_objective = so_far->best_visited_objective;
  }
  std::size_t total_iterations = 0;
  for (const ChainStage& stage : config.chain) total_iterations += stage.max_iter;
  for (std::size_t s = first_stage; s < config.chain.size(); ++s) {
    const ChainStage& stage = config.chain[s];
    // Each stage draws (sem) from its own seed, so adding a stage does not change the others' draws.
    const EmOptions options = em_options(config, model, make_model, restart, derive_seed(seed, "chain stage", s),
                                         stage.algorithm, stage.max_iter, stage.tol);
    ChainObserver stage_observer(observer, chain, s, total_iterations);
    FitReport report = expectation_maximization(model, data, plan, options, observer ? &stage_observer : nullptr,
                                                s == first_stage ? std::move(in_progress) : FitReport{});
    append_stage(chain, report, s);
    chain.stages.push_back({stage.algorithm, report.objective_name,
                            report.trace.empty() ? 0.0 : report.trace.back().objective, report.n_iter,
                            report.converged});
    for (auto& warning : report.warnings)
      chain.warnings.push_back("chain stage " + std::to_string(s + 1) + " (" + stage.algorithm + "): " + warning);
  }
  return chain;
}

}  // namespace

RestartResult run_restart(const ExperimentConfig& config, const MixtureModel& prototype, const Dataset& data,
                          const BlockPlan& plan, const ModelFactory& make_model, std::size_t restart,
                          IterationObserver* observer,
                          std::optional<RestartResume> resume, const MixtureModel** model_in_progress) {
  RestartResult result;
  result.restart = restart;
  result.seed = derive_seed(config.seed, "restart", restart);
  RandomStream stream = derive_stream(config.seed, "restart", restart);
  MixtureModel model = resume ? std::move(resume->model) : prototype;
  FitReport so_far = resume ? std::move(resume->report) : FitReport{};
  if (model_in_progress) *model_in_progress = &model;
  const ForgetModel forget{model_in_progress};
  // A checkpoint taken at the last iteration has nothing left to run.
  const bool finished = so_far.converged || so_far.n_iter >= config.max_iter;
  if (config.algorithm == "kmeans") {
    const arma::mat start = initial_centroids(data, plan, model.num_components(), config.init, config.file, stream);
    const EmptyComponentPolicy empty_cluster = parse_empty_component_policy(config.empty_component);
    KMeansResult k_means = lloyd_k_means(data, plan, start, config.max_iter, observer, empty_cluster);
    if (k_means.centroids.n_cols != model.num_components()) model = make_model(k_means.centroids.n_cols);
    // The saved model is the family's fit to the final partition, so
    // predict/score/sample work on a k-means run as on any other.
    apply_update(model, statistics_from_weights(model, data, plan, one_hot(k_means.labels, model.num_components())),
                 ParameterUpdate::point);
    result.report = std::move(k_means.report);
    result.centroids = std::move(k_means.centroids);
    result.labels = std::move(k_means.labels);
    result.inertia = k_means.inertia;
    result.objective = -k_means.inertia;
  } else if (config.algorithm == "vb") {
    if (!resume) initialise_restart(model, data, plan, config, stream, ParameterUpdate::variational);
    result.report = finished ? std::move(so_far)
                             : variational_bayes(model, data, plan, VbOptions{config.max_iter, config.tol}, observer,
                                                 std::move(so_far));
    result.objective = evidence_lower_bound(
        model, statistics_pass(model, data, plan, Assignment::soft, {}, Scoring::variational));
  } else {
    if (!resume) {
      if (config.init.method == "small_em")
        small_em_start(model, data, plan, config, make_model, restart, result.seed);
      else
        initialise_restart(model, data, plan, config, stream, ParameterUpdate::point);
    }
    const std::string& last_algorithm = final_algorithm(config);
    if (!config.chain.empty()) {
      result.report = run_chain(model, data, plan, config, make_model, restart, result.seed, observer,
                                resume ? std::optional<FitReport>(std::move(so_far)) : std::nullopt);
    } else {
      const EmOptions options = em_options(config, model, make_model, restart, result.seed, config.algorithm,
                                           config.max_iter, config.tol);
      result.report = finished ? std::move(so_far)
                               : expectation_maximization(model, data, plan, options, observer, std::move(so_far));
    }
    // The restarts compete on what the (last) algorithm maximises: CEM's classification log-likelihood, else the
    // likelihood.
    const bool classification = last_algorithm == "cem";
    const SufficientStatistics final_pass =
        statistics_pass(model, data, plan, classification ? Assignment::hard : Assignment::soft);
    result.objective = final_pass.log_likelihood() -
                       (classification ? final_pass.assignment_entropy() : 0.0);
  }
  // Finite results that still need a word of warning in summary.yaml.
  for (auto& warning : data_warnings(data, plan)) result.report.warnings.push_back(std::move(warning));
  const SpreadSource spread = config.algorithm == "vb" ? SpreadSource::prior : SpreadSource::regularisation;
  for (auto& warning : collapsed_component_warnings(model, data, plan, spread))
    result.report.warnings.push_back(std::move(warning));
  result.model.emplace(std::move(model));
  return result;
}

}  // namespace mixfit
