// run_sweep: every point of an experiment's `sweep:` grid as its own run, plus sweep.csv and sweep.yaml.
#pragma once

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/experiment/experiment_runner.hpp"

#include <iosfwd>
#include <string>

namespace mixfit {

/// Runs each point of `config.sweep` (see sweep_grid.hpp) as a complete run
/// directory `<output.dir>/<point name>/` (manifest included), `jobs` points
/// at a time, then writes `sweep.csv` (one row per point: its values, seed,
/// status, log_likelihood, n_parameters, bic, aic, icl, elbo, n_iter,
/// converged, seconds) and `sweep.yaml` (the criterion `sweep.select` and the
/// best point by it, lowest wins). Every point is validated before anything
/// runs. Point p uses the seed derive_seed(experiment.seed, "sweep", p)
/// unless experiment.seed is itself swept. A point that fails leaves
/// `<point>/error.txt`; the others are kept, and the sweep then throws an
/// Error naming the failed points after the directory is in place.
std::string run_sweep(const std::string& experiment_file, const ExperimentConfig& config, const RunOptions& options,
                      std::size_t jobs, std::ostream& progress, std::ostream& out);

}  // namespace mixfit
