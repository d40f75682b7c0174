// What `mixfit plot` reads from a run directory or a sweep directory.
#pragma once

#include "mixfit/plot/gaussian_components.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mixfit::plot {

/// trace.csv: one row per iteration.
struct ConvergenceTrace {
  std::string objective_name;  ///< mean_log_likelihood | elbo | inertia
  arma::vec iterations, objective, delta;
};

/// The label of a row a noise component took (-1 in labels.csv).
inline constexpr arma::uword kNoiseLabel = std::numeric_limits<arma::uword>::max();

/// A single run's files, as run_outputs.cpp writes them.
struct RunContents {
  std::string directory;
  YAML::Node config;   ///< config.yaml: the resolved experiment
  YAML::Node model;    ///< model.yaml
  std::string family;  ///< model.yaml family
  std::string algorithm;
  std::vector<std::string> columns;  ///< names of the rows of `data`
  arma::mat data;                    ///< D×N numeric encoding of the fitted data (real, 0/1, one-hot)
  std::string data_path;             ///< from manifest.yaml's inputs (absolute)
  arma::uvec labels;                 ///< labels.csv (kNoiseLabel for -1)
  ConvergenceTrace trace;
  std::optional<YAML::Node> parameter_trace;  ///< trace_parameters.yaml, if the run wrote one
  /// Each component's weight, mean and covariance over the data's columns, from the family's
  /// component_moments(); absent when the family reports none (the figures know no family).
  std::optional<GaussianComponents> components;
  /// The same for each iteration of the parameter trace, each loaded into a copy of the fitted family (empty
  /// without a trace or without moments).
  std::vector<GaussianComponents> trace_components;
  /// log(w_k p(x | θ_k)) (K×m) at D×m points, by the fitted family's own scores; empty unless every column is
  /// real (then the figures draw the model's own density rather than a Gaussian picture of it).
  std::function<arma::mat(const arma::mat&)> weighted_log_densities;
  bool binary_columns = false;  ///< every column binary (0/1)
};

/// "quickstart: em, gaussian (full), K = 3, N = 3000" for figure titles.
std::string describe_run(const RunContents& run);

/// The rows a scatter plot draws: all of them up to `limit`, else every
/// ceil(N / limit)-th (deterministic, spread over the file).
arma::uvec scatter_rows(std::size_t num_rows, std::size_t limit);

/// True when `directory` holds a sweep (sweep.csv), false for a single run.
/// Error naming what was expected when it holds neither.
bool is_sweep_directory(const std::string& directory);

/// Reads a run directory: its config, model, labels and trace, and the data
/// it was fitted on (read by the model's columns and kinds from the path
/// recorded in manifest.yaml, through the family's plugin). Error naming
/// the file when one is missing or malformed.
RunContents read_run(const std::string& directory);

/// sweep.csv as text cells, by column name.
struct SweepTable {
  std::string directory;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// The cells of column `name` (empty if there is no such column).
  std::vector<std::string> column(const std::string& name) const;
};
SweepTable read_sweep_table(const std::string& directory);

}  // namespace mixfit::plot
