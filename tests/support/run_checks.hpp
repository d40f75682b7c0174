// Checks of a finished run that every family's end-to-end tests make.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace mixfit::testing {

/// `mixfit predict` with the run's model.yaml on `data` (the CSV it was fitted on) reproduces its labels.csv row
/// for row (label and uncertainty), and `mixfit score` gives per-row log densities that sum to its summary.yaml log_likelihood (1e-12
/// relative). Writes predicted.csv and scores.csv into `run_dir`.
void check_predict_and_score_reproduce_the_run(const std::string& run_dir, const std::string& data);

/// Writes `generating_model` (a model.yaml's text) to DIR/generating.yaml and draws `rows` rows of it with
/// `mixfit sample --seed SEED` into DIR/data.csv: the data of a family's recovery test.
void sample_data(const std::string& dir, const std::string& generating_model, std::size_t rows, int seed);

/// The generating model of a rate family's recovery test: weights and, per component, one rate per column.
struct GeneratingRates {
  std::vector<double> weights;
  std::vector<std::vector<double>> rates;
};

/// The true component whose rates are nearest, in log scale, to a fitted component's `rates` (a YAML list).
std::size_t nearest_truth(const GeneratingRates& truth, const std::vector<double>& rates);

/// Every component of a fitted model.yaml (`components: [{rates: […]}]`) matches a different true component,
/// its weight within five standard errors sqrt(w(1 − w)/N) and each rate λ within five `standard_error(λ, N w)`.
void check_rates_recovered(const std::string& model_file, const GeneratingRates& truth, std::size_t rows,
                           const std::function<double(double rate, double rows)>& standard_error);

}  // namespace mixfit::testing
