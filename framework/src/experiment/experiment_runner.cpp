// The `mixfit run` pipeline: config → plugins → data → restarts (with checkpoints) → run directory.
#include "mixfit/experiment/experiment_runner.hpp"

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/experiment/checkpoint.hpp"
#include "mixfit/experiment/experiment_setup.hpp"
#include "mixfit/experiment/manifest.hpp"
#include "mixfit/experiment/parameter_trace.hpp"
#include "mixfit/experiment/progress_printer.hpp"
#include "mixfit/experiment/restart_runner.hpp"
#include "mixfit/experiment/run_outputs.hpp"
#include "mixfit/experiment/sweep_runner.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/io/model_io.hpp"
#include "mixfit/io/run_directory.hpp"
#include "mixfit/parallel/blas_threads.hpp"
#include "mixfit/parallel/communicator.hpp"
#include "mixfit/parallel/for_each_block.hpp"
#include "mixfit/parallel/worker_pool.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <set>

namespace mixfit {
namespace fs = std::filesystem;
namespace {

/// model.noise: the component's volume (given, or mclust's hypvol of the data) on the prototype, and the rows
/// that start in it (from the file, or the most outlying fraction) in config.init.noise_rows.
void set_up_noise(ExperimentConfig& config, MixtureModel& prototype, const Dataset& data, const BlockPlan& plan) {
  const NoiseConfig& noise = *config.noise;
  prototype.noise() = NoiseComponent(noise.volume ? *noise.volume : hyper_volume(data, plan), 0.0);
  if (noise.init_fraction) {
    config.init.noise_rows = outlying_rows(data, plan, *noise.init_fraction);
    return;
  }
  const arma::mat flags = read_csv_matrix(noise.init_file);
  if (flags.n_cols != 1 || flags.n_rows != plan.num_rows)
    throw DataError(noise.init_file + ": model.noise.init: expected one column of 0/1 with a header and " +
                    std::to_string(plan.num_rows) + " rows (one per data row), got " + std::to_string(flags.n_rows) +
                    "×" + std::to_string(flags.n_cols));
  std::vector<arma::uword> rows;
  for (arma::uword n = 0; n < flags.n_rows; ++n) {
    if (flags(n, 0) != 0.0 && flags(n, 0) != 1.0)
      throw DataError(noise.init_file + ":" + std::to_string(n + 2) + ": model.noise.init: expected 0 or 1, got " +
                      format_double(flags(n, 0)));
    if (flags(n, 0) == 1.0) rows.push_back(n);
  }
  if (rows.size() == plan.num_rows)
    throw DataError(noise.init_file + ": model.noise.init: every row starts as noise; the components need some");
  config.init.noise_rows = arma::uvec(rows);
}

YAML::Node model_node(const MixtureModel& model) { return YAML::Load(model_to_yaml(model)); }

std::string yaml_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

RestartSummary summary_of(const RestartResult& result) {
  return {result.restart, result.seed, result.objective, result.report, {}};
}

RestartSummary failed_summary(const ExperimentConfig& config, std::size_t restart, const std::string& error) {
  RestartSummary summary;
  summary.restart = restart;
  summary.seed = derive_seed(config.seed, "restart", restart);
  summary.error = error;
  return summary;
}

// A restart's numerical failure as every process sees it: the message of the
// first process that failed, or "" when the restart finished on all. Any
// other error is rethrown, on every process alike, so that none goes on to
// the next restart alone. (Processes fail together anyway: the statistics
// are reduced before the M-step, so every process's family sees the same.)
std::string agreed_failure(const Communicator& processes, const std::exception_ptr& failure) {
  // "" means success, so a failure without a message still needs words.
  const auto message = [](const std::string& what) { return what.empty() ? "a numerical error" : what; };
  if (processes.size() == 1) {
    if (!failure) return "";
    try {
      std::rethrow_exception(failure);
    } catch (const NumericalError& e) {
      return message(e.what());
    }
  }
  const std::vector<std::string> statuses = processes.all_gather(encode_status(failure));
  for (const std::string& status : statuses)
    if (!status.empty() && status[0] != 'N') rethrow_status(status);
  for (const std::string& status : statuses)
    if (!status.empty()) return message(status.substr(1));
  return "";
}

// The error of a run whose every restart failed: each restart's message.
std::string every_restart_failed(const std::vector<RestartSummary>& restarts) {
  std::string text = restarts.size() == 1 ? "" : "all " + std::to_string(restarts.size()) + " restarts failed: ";
  for (std::size_t i = 0; i < restarts.size(); ++i)
    text += (i ? "; " : "") + std::string("restart ") + std::to_string(restarts[i].restart) + ": " + restarts[i].error;
  return text;
}

// Forwards iterations to the progress printer, records the parameters after
// each one (output.trace_parameters) and writes a checkpoint every `every`
// iterations with the state of the whole run.
class RunObserver final : public IterationObserver {
 public:
  RunObserver(IterationObserver* progress, ParameterTrace* parameters, std::size_t every, Checkpoint& state,
              const MixtureModel*& model_in_progress)
      : progress_(progress), parameters_(parameters), every_(every), state_(state), model_(model_in_progress) {}

  void on_iteration(const FitReport& report, std::size_t max_iter) override {
    if (progress_) progress_->on_iteration(report, max_iter);
    if (parameters_ && model_) parameters_->record(report.trace.back().iteration, *model_);
    if (every_ == 0 || report.n_iter % every_ != 0 || !model_) return;
    state_.model = model_node(*model_);
    state_.report = report;
    state_.best_visited_model = report.best_visited ? model_node(*report.best_visited) : YAML::Node();
    state_.best_visited_objective = report.best_visited_objective;
    if (parameters_) state_.parameter_trace = parameters_->entries();
    write_checkpoint(state_);
  }

 private:
  IterationObserver* progress_;
  ParameterTrace* parameters_;
  std::size_t every_;
  Checkpoint& state_;
  const MixtureModel*& model_;
};

// What manifest.yaml records about this run.
RunRecord run_record(const std::string& experiment_file, const ExperimentConfig& config, const RunOptions& options,
                     const FamilyRegistry& registry, const std::vector<RestartSummary>& restarts,
                     const std::string& started) {
  RunRecord record;
  record.command = options.command;
  record.experiment_file = fs::absolute(experiment_file).lexically_normal().string();
  record.base_dir = config.base_dir;
  record.overrides = options.overrides;
  record.only_restart = options.only_restart;
  record.resolved_config = config.resolved;
  record.seed = config.seed;
  for (const auto& restart : restarts) record.restart_seeds.emplace_back(restart.restart, restart.seed);
  record.inputs.push_back({"data", config.data_path});
  if (!config.init.file.empty()) record.inputs.push_back({"init", config.init.file});
  std::set<std::string> libraries;  // the plugin libraries of every family this run could use
  for (const auto& name : registry.names()) libraries.insert(registry.get(name).source);
  for (const auto& library : libraries)
    if (!library.empty()) record.inputs.push_back({"plugin", library});
  record.started = started;
  record.finished = utc_now();
  return record;
}

// Everything after the configuration is known: fit the restarts (resuming
// from `resume` if given), write the run directory.
std::string execute(const std::string& experiment_file, ExperimentConfig config, const RunOptions& options,
                    std::optional<Checkpoint> resume, std::ostream& progress, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_utc = utc_now();
  const Communicator& processes = options.processes ? *options.processes : single_process();
  const bool writer = processes.rank() == 0;
  run_collectively(processes, [&] {
    if (writer) check_run_directory_free(config.output_dir, options.force);
  });
  if (processes.size() > 1 && (resume || config.checkpoint_every))
    throw ConfigError(config.file + ": output.checkpoint_every / --resume: checkpoints are written by one process; "
                      "run without mpirun to checkpoint");
  if (config.checkpoint_every && config.algorithm == "kmeans")
    throw ConfigError(config.file + ": output.checkpoint_every: checkpoints are written by em, cem, sem and vb, not "
                                    "kmeans");
  if (config.trace_parameters && config.algorithm == "kmeans")
    throw ConfigError(config.file + ": output.trace_parameters: k-means moves centroids, not the family's "
                      "parameters (those are fitted once, to the final partition); trace em or vb instead");
  if (options.only_restart && *options.only_restart >= config.n_init)
    throw ConfigError("--restart " + std::to_string(*options.only_restart) + ": the experiment has " +
                      std::to_string(config.n_init) + " restart" + (config.n_init == 1 ? "" : "s") +
                      " (inference.n_init), numbered from 0");

  FamilyRegistry registry;
  PreparedExperiment prepared;
  run_collectively(processes, [&] {
    load_plugins(registry, config.plugins, config.file);
    prepared = prepare_experiment(config, registry, processes);
  });
  const Dataset& data = prepared.data;
  const std::size_t threads = config.threads ? config.threads : default_thread_count();
  // Started once for all restarts' passes (and stopped when the run returns or throws).
  WorkerPool workers(threads);
  BlockPlan plan = BlockPlan::sharded(data.total_rows(), config.block_size, threads, processes);
  plan.workers = &workers;
  use_single_threaded_blas();
  MixtureModel prototype = make_model(config, prepared, registry);
  if (config.noise) run_collectively(processes, [&] { set_up_noise(config, prototype, data, plan); });
  if (config.algorithm == "vb" && !prototype.family().capabilities().variational)
    throw ConfigError(config.location_of("inference.algorithm") +
                      "vb needs a family with variational Bayes; family '" + config.family + "' (" +
                      registry.get(config.family).source + ") does not implement it; use em");
  if (config.image_width && config.image_width * config.image_height != data.numeric_width())
    throw ConfigError(config.file + ": output.component_images: " + std::to_string(config.image_width) + "×" +
                      std::to_string(config.image_height) + " pixels, but the data encode to " +
                      std::to_string(data.numeric_width()) + " numbers per row");
  set_prior_from_data(prototype, data, plan);
  // A model like the prototype with fewer components (inference.empty_component: drop).
  const ModelFactory make_smaller_model = [&](std::size_t num_components) {
    ExperimentConfig smaller = config;
    smaller.components = num_components;
    MixtureModel model = make_model(smaller, prepared, registry);
    model.noise() = prototype.noise();
    set_prior_from_data(model, data, plan);
    return model;
  };
  if (resume && yaml_text(config.resolved) != resume->resolved_config)
    throw ConfigError(resume->experiment_file + ": the experiment (or a family's defaults) differs from the one " +
                      config.output_dir + " was started with, as its checkpoint records it; resuming would not give "
                      "the same results. Start a new run instead.");

  // The run's state as a checkpoint sees it; resumed from one if given.
  Checkpoint state;
  std::optional<RestartResult> best;
  std::size_t first_restart = options.only_restart.value_or(0);
  const std::size_t end_restart = options.only_restart ? *options.only_restart + 1 : config.n_init;
  if (resume) {
    state = std::move(*resume);
    first_restart = state.restart;
    if (state.best) {
      best.emplace();
      best->restart = state.best->summary.restart;
      best->seed = state.best->summary.seed;
      best->objective = state.best->summary.objective;
      best->report = state.best->summary.report;
      best->model.emplace(read_model(state.best->model, checkpoint_path(state.run_directory), registry));
      best->parameter_trace = state.best->parameter_trace;
    }
  } else {
    state.experiment_file = fs::absolute(experiment_file).string();
    state.overrides = options.overrides;
    state.run_directory = config.output_dir;
    state.resolved_config = yaml_text(config.resolved);
    state.only_restart = options.only_restart;
  }

  ProgressPrinter printer(progress, algorithm_name(config), config.n_init, options.progress_style,
                          steady_progress_clock(), options.progress_width);
  const MixtureModel* model_in_progress = nullptr;
  ParameterTrace parameters;
  RunObserver observer(options.quiet ? nullptr : &printer, config.trace_parameters ? &parameters : nullptr,
                       config.checkpoint_every, state, model_in_progress);
  // A plugin's exceptions arrive as PluginErrors naming it (the registry wraps every family in a GuardedFamily);
  // its NumericalErrors (a singular covariance) pass unchanged and fail only their restart.
  for (std::size_t restart = first_restart; restart < end_restart; ++restart) {
    printer.start_restart(restart, end_restart - restart - 1);
    std::optional<RestartResume> continued;
    if (resume && restart == first_restart && state.report.n_iter > 0) {
      continued = RestartResume{read_model(state.model, checkpoint_path(state.run_directory), registry),
                                state.report};
      if (state.best_visited_model.IsDefined() && !state.best_visited_model.IsNull()) {
        continued->report.best_visited = std::make_shared<const MixtureModel>(
            read_model(state.best_visited_model, checkpoint_path(state.run_directory), registry));
        continued->report.best_visited_objective = state.best_visited_objective;
      }
      parameters.restore(state.parameter_trace);
    }
    state.restart = restart;
    std::optional<RestartResult> finished;
    std::exception_ptr failure;
    try {
      finished = run_restart(config, prototype, data, plan, make_smaller_model, restart, &observer,
                             std::move(continued), &model_in_progress);
    } catch (...) {
      failure = std::current_exception();
    }
    const std::string error = agreed_failure(processes, failure);
    std::string trace = parameters.take();
    state.parameter_trace.clear();
    if (!error.empty()) {
      printer.finish_line();
      if (!options.quiet) printer.restart_failed(restart, error);
      state.completed.push_back(failed_summary(config, restart, error));
      continue;
    }
    RestartResult& result = *finished;
    result.parameter_trace = std::move(trace);
    state.completed.push_back(summary_of(result));
    // Strictly better wins, so ties go to the earliest restart.
    if (!best || result.objective > best->objective) {
      best.emplace(std::move(result));
      if (config.checkpoint_every)
        state.best = BestRestart{summary_of(*best), model_node(*best->model), best->parameter_trace};
    }
  }

  printer.finish_line();
  if (!best) {
    remove_checkpoint(config.output_dir);  // a resumed run would fail the same way
    throw NumericalError(every_restart_failed(state.completed));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!writer) {
    write_run_outputs(nullptr, config, data, plan, *best, state.completed, seconds, out);
    return config.output_dir;
  }
  RunDirectory run(config.output_dir, options.force);
  write_run_outputs(&run, config, data, plan, *best, state.completed, seconds, out);
  RunRecord record = run_record(experiment_file, config, options, registry, state.completed, started_utc);
  record.threads = plan.threads;
  record.ranks = processes.size();
  write_manifest(run, record);
  run.commit();
  remove_checkpoint(config.output_dir);
  return run.final_path();
}

ExperimentConfig load_with_output(const std::string& experiment_file, const RunOptions& options) {
  ExperimentConfig config = load_experiment(experiment_file, options.overrides, options.base_dir);
  if (!options.output_dir.empty()) {
    config.output_dir = fs::absolute(options.output_dir).lexically_normal().string();
    config.resolved["output"]["dir"] = options.output_dir;
  }
  if (!options.recorded_output_dir.empty()) config.resolved["output"]["dir"] = options.recorded_output_dir;
  return config;
}

}  // namespace

std::string run_experiment(const std::string& experiment_file, const RunOptions& options, std::ostream& progress,
                           std::ostream& out) {
  ExperimentConfig config = load_with_output(experiment_file, options);
  if (config.sweep.IsDefined() && !config.sweep.IsNull()) {
    if (options.only_restart) throw ConfigError("--restart applies to one run, not to a sweep (" + config.file + ")");
    if (options.processes && options.processes->size() > 1)
      throw ConfigError(config.file + ": sweep: a sweep runs its points on one process (--jobs); run it without "
                        "mpirun, or run each point under mpirun");
    return run_sweep(experiment_file, config, options, options.jobs, progress, out);
  }
  return execute(experiment_file, std::move(config), options, std::nullopt, progress, out);
}

std::string resume_experiment(const std::string& run_directory, const RunOptions& options, std::ostream& progress,
                              std::ostream& out) {
  Checkpoint checkpoint = read_checkpoint(run_directory);
  RunOptions recorded = options;
  recorded.overrides = checkpoint.overrides;
  recorded.output_dir = checkpoint.run_directory;
  recorded.only_restart = checkpoint.only_restart;
  ExperimentConfig config = load_with_output(checkpoint.experiment_file, recorded);
  // --out was recorded as given; the run directory itself is absolute.
  config.resolved["output"]["dir"] = YAML::Load(checkpoint.resolved_config)["output"]["dir"];
  const std::string experiment_file = checkpoint.experiment_file;  // the checkpoint is moved below
  return execute(experiment_file, std::move(config), recorded, std::move(checkpoint), progress, out);
}

}  // namespace mixfit
