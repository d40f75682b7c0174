// manifest.yaml: what a run was made from and what it made, so that anyone can re-run it and check the bits.
#pragma once

#include "mixfit/io/run_directory.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mixfit {

/// A file the run read: its role (data, init, plugin) and absolute path.
struct RunInput {
  std::string role;
  std::string path;
};

/// What the pipeline knows about a run when it writes the manifest.
struct RunRecord {
  std::vector<std::string> command;     ///< the invocation, for people
  std::string experiment_file;          ///< absolute
  std::string base_dir;                 ///< where the experiment's relative paths start
  std::vector<std::string> overrides;   ///< --set, in order
  std::optional<std::size_t> only_restart;  ///< --restart i
  YAML::Node resolved_config;
  std::uint64_t seed = 0;               ///< the master seed (experiment.seed)
  std::vector<std::pair<std::size_t, std::uint64_t>> restart_seeds;  ///< (restart, derived seed)
  std::vector<RunInput> inputs;
  std::size_t threads = 1;
  std::size_t ranks = 1;
  std::string started;                  ///< UTC, ISO 8601
  std::string finished;
};

/// The current UTC time as 2026-11-22T09:51:20Z.
std::string utc_now();

/// Files whose bytes include wall-clock times, and their content without
/// them (trace.csv's seconds column, summary.yaml's seconds line): the part
/// that a re-run must reproduce exactly.
bool has_timing(const std::string& file_name);
std::string without_timing(const std::string& file_name, const std::string& text);

/// Writes manifest.yaml into the run's staging folder, after every other
/// output: build (mixfit version, compiler, flags), library versions (Boost,
/// Armadillo, yaml-cpp, the BLAS in use), platform, the invocation, the
/// resolved config, seeds, SHA-256 of every input, and SHA-256 of every other
/// file in the folder (plus sha256_without_timing where has_timing()).
void write_manifest(const RunDirectory& run, const RunRecord& record);

}  // namespace mixfit
