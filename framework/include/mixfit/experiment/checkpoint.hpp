// Checkpoint: the full state of a run between two iterations, so that a killed run can continue bit for bit.
#pragma once

#include "mixfit/inference/fit_report.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mixfit {

/// One finished restart, as summary.yaml lists it: fitted, or failed numerically.
struct RestartSummary {
  std::size_t restart = 0;
  std::uint64_t seed = 0;
  double objective = 0.0;  ///< final log-likelihood (em) or ELBO (vb): larger wins; unset when failed
  FitReport report;        ///< empty when failed
  std::string error;       ///< why the restart failed (summary.yaml status: failed); empty when it finished

  bool failed() const { return !error.empty(); }
};

/// The best finished restart so far: its summary and its model (model.yaml as a map).
struct BestRestart {
  RestartSummary summary;
  YAML::Node model;
  std::string parameter_trace;  ///< its trace_parameters.yaml entries (output.trace_parameters)
};

/// What `mixfit run --resume` needs. EM and VB are deterministic once a
/// restart is initialised, and every restart draws from its own derived
/// stream, so the model and report of the restart in progress plus the
/// results of the restarts before it are the whole driver state.
struct Checkpoint {
  std::string experiment_file;         ///< absolute path of the experiment file
  std::vector<std::string> overrides;  ///< --set assignments, in order
  std::string run_directory;           ///< absolute final run directory
  std::string resolved_config;         ///< the resolved experiment, to detect an edited file on resume
  std::optional<std::size_t> only_restart;  ///< --restart i
  std::size_t restart = 0;             ///< the restart in progress
  YAML::Node model;                    ///< its model after report.n_iter iterations (model.yaml map)
  FitReport report;                    ///< its iterations so far
  std::string parameter_trace;         ///< its trace_parameters.yaml entries so far (output.trace_parameters)
  /// SEM: the most likely model its chain has visited so far (model.yaml map; undefined otherwise) and its
  /// mean log-likelihood.
  YAML::Node best_visited_model;
  double best_visited_objective = 0.0;
  std::vector<RestartSummary> completed;
  std::optional<BestRestart> best;
};

/// Where a run's checkpoint lives: `.NAME.checkpoint/checkpoint.yaml` beside
/// the run directory (hidden, like the staging folder; removed when the run
/// completes).
std::string checkpoint_path(const std::string& run_directory);

/// Writes the checkpoint atomically (temporary file, then rename), so a kill
/// at any moment leaves the previous checkpoint or the new one, never half.
void write_checkpoint(const Checkpoint& checkpoint);

/// Reads the checkpoint of `run_directory`; ConfigError naming the expected
/// path when there is none, and file:line:key for a damaged one.
Checkpoint read_checkpoint(const std::string& run_directory);

/// Removes the checkpoint folder of `run_directory` (after the run completed).
void remove_checkpoint(const std::string& run_directory);

/// FitReport ↔ YAML, shared with other run-state files.
void emit_fit_report(YAML::Emitter& out, const FitReport& report);
FitReport read_fit_report(const YAML::Node& node, const std::string& source, const std::string& key);

}  // namespace mixfit
