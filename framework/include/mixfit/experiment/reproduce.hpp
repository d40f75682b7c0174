// `mixfit reproduce RUN_DIR`: re-run a run from its manifest and check every output's hash.
#pragma once

#include <iosfwd>
#include <string>

namespace mixfit {

struct ReproduceOptions {
  std::string output_dir;  ///< where the re-run goes; default RUN_DIR.reproduced
  std::string base_dir;    ///< where the experiment's relative paths start; default: as recorded
  bool force = false;      ///< replace an existing output_dir
};

/// Reads RUN_DIR/manifest.yaml, checks that every recorded input still has
/// its SHA-256, re-runs RUN_DIR/config.yaml (the resolved experiment, with
/// the recorded --restart) into a fresh directory and compares every output's
/// hash with the manifest (without wall-clock times). Prints one line per
/// file, then, for the first file that differs, its first differing line in
/// both runs, and whether the build or the platform differs from the recorded
/// one. Returns true when every output matches.
bool reproduce_run(const std::string& run_directory, const ReproduceOptions& options, std::ostream& progress,
                   std::ostream& out);

}  // namespace mixfit
