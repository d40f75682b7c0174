// run_experiment: an experiment file in, a complete run directory out.
#pragma once

#include "mixfit/experiment/progress_printer.hpp"
#include "mixfit/parallel/communicator.hpp"

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace mixfit {

struct RunOptions {
  std::vector<std::string> overrides;  ///< --set key.path=value, in order
  std::string output_dir;              ///< --out; empty: the experiment's output.dir
  bool force = false;                  ///< --force: replace an existing run directory
  bool quiet = false;                  ///< no progress lines
  ProgressStyle progress_style = ProgressStyle::lines;  ///< in_place when the progress stream is a terminal
  std::size_t progress_width = 0;      ///< the terminal's columns (in_place lines are cut to fit); 0: unknown
  std::optional<std::size_t> only_restart;  ///< --restart i: run restart i alone (same bits as within the full run)
  std::string base_dir;                ///< start of the experiment's relative paths; default: its folder
  /// Written as output.dir into config.yaml instead of the real output folder
  /// (a reproduction writes elsewhere but must produce the same config.yaml).
  std::string recorded_output_dir;
  std::vector<std::string> command;    ///< the invocation, recorded in manifest.yaml
  std::size_t jobs = 1;                ///< --jobs: sweep points run at the same time
  /// The processes sharing the fit (mpirun); nullptr: this process alone.
  /// Process 0 writes the run directory; every process returns its path.
  const Communicator* processes = nullptr;
};

/// Validates the experiment, loads plugins and data, fits every restart,
/// and writes the run directory (config.yaml, model.yaml, trace.csv,
/// labels.csv, responsibilities.csv, summary.yaml) atomically. Progress lines
/// go to `progress`, the closing summary to `out`. Returns the run directory.
/// Any bad input throws before a run directory exists. With
/// output.checkpoint_every = N the driver state is written every N
/// iterations beside the run directory (see checkpoint.hpp). An experiment
/// with a `sweep:` section runs every point instead (see sweep_runner.hpp)
/// and returns the sweep directory.
std::string run_experiment(const std::string& experiment_file, const RunOptions& options, std::ostream& progress,
                           std::ostream& out);

/// `mixfit run --resume RUN_DIR`: continues a run that was killed from its
/// last checkpoint, with the experiment file and overrides it recorded, and
/// ends with the same bits as the uninterrupted run. ConfigError if there is
/// no checkpoint or the experiment file changed since.
std::string resume_experiment(const std::string& run_directory, const RunOptions& options, std::ostream& progress,
                              std::ostream& out);

}  // namespace mixfit
