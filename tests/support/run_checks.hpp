// Checks of a finished run that every family's end-to-end tests make.
#pragma once

#include <string>

namespace mixfit::testing {

/// `mixfit predict` with the run's model.yaml on `data` (the CSV it was fitted on) reproduces its labels.csv row
/// for row (label and uncertainty), and `mixfit score` gives per-row log densities that sum to its summary.yaml log_likelihood (1e-12
/// relative). Writes predicted.csv and scores.csv into `run_dir`.
void check_predict_and_score_reproduce_the_run(const std::string& run_dir, const std::string& data);

}  // namespace mixfit::testing
