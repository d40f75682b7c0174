// write_run_outputs: the files of a run directory, from the winning restart.
#pragma once

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/experiment/checkpoint.hpp"
#include "mixfit/experiment/restart_runner.hpp"
#include "mixfit/io/run_directory.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace mixfit {

/// Computes the final per-row results under the winning model (one more
/// pass: variational for vb, whose labels follow its E-step as scikit-learn's
/// BayesianGaussianMixture.predict does) and writes config.yaml, model.yaml,
/// trace.csv, labels.csv, responsibilities.csv, summary.yaml (and
/// centroids.csv, component images) into the staging folder of `run`, each
/// atomically. Prints the closing summary to `out`. Every process of a
/// distributed plan calls it (the final pass is collective); only process 0
/// passes its run directory and writes, the others pass nullptr.
void write_run_outputs(const RunDirectory* run, const ExperimentConfig& config, const Dataset& data,
                       const BlockPlan& plan, const RestartResult& best, const std::vector<RestartSummary>& restarts,
                       double seconds, std::ostream& out);

/// trace.csv text: iteration,<objective>,delta,seconds.
std::string trace_csv(const FitReport& report);

}  // namespace mixfit
