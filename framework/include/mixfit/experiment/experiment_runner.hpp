// run_experiment: an experiment file in, a complete run directory out.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mixfit {

struct RunOptions {
  std::vector<std::string> overrides;  ///< --set key.path=value, in order
  std::string output_dir;              ///< --out; empty: the experiment's output.dir
  bool force = false;                  ///< --force: replace an existing run directory
  bool quiet = false;                  ///< no progress lines
};

/// Validates the experiment, loads plugins and data, fits every restart,
/// and writes the run directory (config.yaml, model.yaml, trace.csv,
/// labels.csv, responsibilities.csv, summary.yaml) atomically. Progress lines
/// go to `progress`, the closing summary to `out`. Returns the run directory.
/// Any bad input throws before a run directory exists.
std::string run_experiment(const std::string& experiment_file, const RunOptions& options, std::ostream& progress,
                           std::ostream& out);

}  // namespace mixfit
