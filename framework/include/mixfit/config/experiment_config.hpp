// ExperimentConfig: an experiment file read, overridden, validated and resolved.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/mixing/weight_prior.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mixfit {

/// inference.init.scale: the columns the distance-based initialisers measure
/// distances on: as they are, or centred and divided by their standard deviation.
enum class InitScale { none, standardize };

/// One stage of `inference.chain`: an EM variant run from the previous stage's model.
struct ChainStage {
  std::string algorithm;  ///< em | cem | sem
  std::size_t max_iter = 100;
  double tol = 1e-3;
};

/// How the first parameters of each restart are found.
struct InitConfig {
  /// kmeans++ | kmeans | random | random_from_data | given | responsibilities | hierarchical | small_em
  std::string method;
  std::string file;    ///< absolute path for given/responsibilities from a file; empty if inline
  /// For `given` without a file: the init node as written (weights, components,
  /// shared), keeping its marks for messages; a null node otherwise.
  YAML::Node inline_parameters;
  /// The config's default for em and vb; algorithm kmeans defaults to none.
  InitScale scale = InitScale::standardize;
  /// For hierarchical: mclust's hcModelName (empty: VVV, or VII for one numeric column, as mclust's "V")
  /// and hcUse, and the most rows the tree is grown on.
  std::string merge_criterion = {};
  std::string merge_coordinates = "SVD";
  std::size_t subset = 2000;
  /// For small_em: short EM runs from random_from_data starts, and each one's iterations (mixmod's defaults).
  std::size_t small_em_runs = 10;
  std::size_t small_em_iterations = 5;
  /// With model.noise: the rows (global, sorted) that start in the noise component; filled by the run
  /// from model.noise.init once the data are read. Every method leaves them out of its first M-step.
  arma::uvec noise_rows = {};
};

/// model.noise: mclust's noise component (NoiseComponent).
struct NoiseConfig {
  std::string init_file;                ///< absolute path of a one-column CSV (1: starts as noise), or empty
  std::optional<double> init_fraction;  ///< or the most outlying fraction of the rows
  std::optional<double> volume;         ///< V; absent: mclust's hypvol of the data
};

/// Everything `mixfit run` needs, with relative paths already resolved
/// against the experiment file's folder. `resolved` is the whole tree with
/// every framework default filled in; the run adds the family's option
/// defaults under model.options before writing it as config.yaml.
struct ExperimentConfig {
  std::string file;       ///< the experiment file as given (for messages)
  std::string base_dir;   ///< its folder; relative paths in the file resolve against it
  YAML::Node resolved;
  /// The file as written (with its --set overrides applied), keeping the line/column marks that
  /// `resolved` loses, for errors found after parsing (say, a family without VB under algorithm: vb).
  YAML::Node written;
  /// describe_location() of the key at the dotted `key_path` ("inference.algorithm") as written.
  std::string location_of(const std::string& key_path) const;

  std::string name;
  std::uint64_t seed = 0;

  std::string data_path;               ///< absolute
  std::vector<std::string> columns;    ///< empty: every column of the file
  YAML::Node column_types;             ///< data.types as written (a map name → kind), or undefined
  YAML::Node column_levels;            ///< data.levels as written (a map name → list), or undefined
  bool single_precision = false;       ///< data.dtype: float32
  bool streaming = false;              ///< data.streaming
  bool marginalize_missing = false;    ///< data.missing: marginalize
  std::string weight_column;           ///< data.weights; empty: every row weighs 1
  std::string label_column;            ///< data.labels; empty: no label is known

  std::size_t components = 0;
  std::string family;
  /// model.options as written (a map, maybe empty), keeping its line/column
  /// marks so the family's schema can point at them when it checks it.
  YAML::Node family_options;
  YAML::Node parts;  ///< model.parts as written (composite families such as product), or undefined
  WeightPrior weight_prior;  ///< model.weights
  std::optional<NoiseConfig> noise;  ///< model.noise

  std::string algorithm;               ///< em | cem | sem | kmeans | vb
  std::size_t max_iter = 100;
  double tol = 1e-3;
  std::size_t n_init = 1;
  InitConfig init;
  std::string empty_component = "reseed";  ///< inference.empty_component: reseed | drop | error
  std::string singular_component = "reseed";  ///< inference.singular_component: reseed | drop | error
  std::size_t block_size = 4096;       ///< rows per block of the fixed block grid
  std::size_t threads = 0;             ///< inference.threads; 0: every core
  /// inference.chain: stages run in order after the start (empty: one run of `algorithm`).
  std::vector<ChainStage> chain;

  std::string output_dir;
  double min_weight = 1e-3;            ///< output.min_weight: effective components have weights above it
  std::size_t checkpoint_every = 0;    ///< output.checkpoint_every; 0: no checkpoints
  bool trace_parameters = false;       ///< output.trace_parameters: write trace_parameters.yaml
  std::size_t image_width = 0;         ///< output.component_images; 0: no images
  std::size_t image_height = 0;
  std::vector<std::string> plugins;    ///< absolute paths of plugin files or folders
  YAML::Node sweep;                    ///< the `sweep:` section as written (marks kept), or undefined/null
};

/// What summary.yaml and the progress lines call the run's algorithm: inference.algorithm, or "chain".
inline std::string algorithm_name(const ExperimentConfig& config) {
  return config.chain.empty() ? config.algorithm : "chain";
}

/// The algorithm whose objective the restarts compete on and summary.yaml reports: inference.algorithm, or the
/// last stage of a chain.
inline const std::string& final_algorithm(const ExperimentConfig& config) {
  return config.chain.empty() ? config.algorithm : config.chain.back().algorithm;
}

/// Reads `path`, applies the `--set key.path=value` overrides in order (the
/// value is parsed as YAML, so `--set model.options.covariance=diag` and
/// `--set inference.tol=0` both work), validates every framework section
/// against its schema and resolves paths. Throws ConfigError naming the file,
/// line, column and key for: a missing, unreadable or empty file, YAML syntax
/// errors, unknown keys (with "did you mean"), wrong types, missing required
/// keys, out-of-range values, empty paths, malformed overrides and an init
/// method without what it needs (`given`: `file` or inline `components`;
/// `responsibilities`: `file`; the others take neither).
/// `base_dir_override`, if not empty, replaces the file's folder as the
/// start of relative paths (`mixfit reproduce` re-reads a run's config.yaml,
/// whose paths are relative to the original experiment's folder).
ExperimentConfig load_experiment(const std::string& path, const std::vector<std::string>& overrides = {},
                                 const std::string& base_dir_override = {});

/// The schema of the framework's own sections (experiment, data, model,
/// inference, output, plugins), for validation and `mixfit describe`.
ConfigSchema experiment_schema();

}  // namespace mixfit
