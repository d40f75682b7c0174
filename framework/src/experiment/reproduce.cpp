// Re-running a run from its manifest and comparing hashes.
#include "mixfit/experiment/reproduce.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/config/yaml_file.hpp"
#include "mixfit/core/build_info.hpp"
#include "mixfit/math/vector_math.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/experiment/experiment_runner.hpp"
#include "mixfit/experiment/manifest.hpp"
#include "mixfit/io/parameter_yaml.hpp"
#include "mixfit/io/sha256.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <sstream>
#include <vector>

namespace mixfit {
namespace fs = std::filesystem;
namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string text_at(const YAML::Node& node, std::initializer_list<const char*> keys) {
  YAML::Node current = node;
  for (const char* key : keys) {
    if (!current.IsMap() || !current[key]) return {};
    current.reset(current[key]);  // reset, not =: assigning a Node writes through to the tree
  }
  return current.IsScalar() ? current.Scalar() : std::string();
}

// The first line where two texts differ (1-based), with both lines.
std::string first_difference(const std::string& recorded, const std::string& now) {
  std::istringstream a(recorded), b(now);
  std::string line_a, line_b;
  for (std::size_t line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a && !more_b) return "the texts are equal (only wall-clock times differ)";
    if (!more_a || !more_b || line_a != line_b) {
      const std::string row = "line " + std::to_string(line) + (line > 1 ? " (data row " + std::to_string(line - 1) + ")" : "");
      return row + ":\n    recorded: " + (more_a ? line_a : "<end of file>") + "\n    now:      " +
             (more_b ? line_b : "<end of file>");
    }
  }
}

// Notes on how this build and machine differ from the recorded ones.
std::vector<std::string> environment_differences(const YAML::Node& manifest) {
  const BuildInfo build = build_info();
  const PlatformInfo platform = platform_info();
  const std::vector<std::tuple<std::string, std::string, std::string>> pairs = {
      {"mixfit version", text_at(manifest, {"mixfit", "version"}), build.mixfit_version},
      {"compiler", text_at(manifest, {"mixfit", "compiler"}), build.compiler},
      {"compiler flags", text_at(manifest, {"mixfit", "flags"}), build.compiler_flags},
      {"Boost", text_at(manifest, {"libraries", "boost"}), build.boost_version},
      {"Armadillo", text_at(manifest, {"libraries", "armadillo"}), build.armadillo_version},
      {"yaml-cpp", text_at(manifest, {"libraries", "yaml_cpp"}), build.yaml_cpp_version},
      {"BLAS", text_at(manifest, {"libraries", "blas"}), blas_in_use()},
      {"vector kernels", text_at(manifest, {"libraries", "vector_kernels"}), vector_kernels_in_use()},
      {"operating system", text_at(manifest, {"platform", "system"}) + " " + text_at(manifest, {"platform", "release"}),
       platform.system + " " + platform.release},
      {"machine", text_at(manifest, {"platform", "machine"}), platform.machine},
  };
  std::vector<std::string> notes;
  for (const auto& [what, recorded, now] : pairs)
    if (recorded != now) notes.push_back(what + " differs: recorded '" + recorded + "', now '" + now + "'");
  return notes;
}

}  // namespace

bool reproduce_run(const std::string& run_directory, const ReproduceOptions& options, std::ostream& progress,
                   std::ostream& out) {
  const fs::path run = fs::absolute(run_directory).lexically_normal();
  const std::string manifest_path = (run / "manifest.yaml").string();
  if (!fs::exists(manifest_path))
    throw ConfigError(run_directory + ": no manifest.yaml (is this a mixfit run directory?)");
  const YAML::Node manifest = load_yaml_file(manifest_path, "manifest");
  const ConfigLocation top{manifest_path, ""};

  // Inputs first: a changed data file explains everything that follows. A
  // rebuilt plugin is part of the build, so it only earns a note.
  bool inputs_ok = true;
  std::vector<std::string> plugin_notes;
  for (const auto& input : require_key(manifest, top, "inputs")) {
    const std::string path = input["path"].Scalar();
    const std::string recorded = input["sha256"].Scalar();
    if (input["role"].Scalar() == "plugin") {
      if (!fs::exists(path) || sha256_file(path) != recorded)
        plugin_notes.push_back("plugin " + path + " is not the recorded build (sha256 " + recorded + ")");
      continue;
    }
    if (!fs::exists(path)) {
      out << "input " << input["role"].Scalar() << " " << path << ": missing\n";
      inputs_ok = false;
    } else if (const std::string now = sha256_file(path); now != recorded) {
      out << "input " << input["role"].Scalar() << " " << path << ": differs from the recorded file (sha256 "
          << recorded << " recorded, " << now << " now)\n";
      inputs_ok = false;
    }
  }
  std::vector<std::string> notes = environment_differences(manifest);
  notes.insert(notes.end(), plugin_notes.begin(), plugin_notes.end());
  if (!inputs_ok) {
    out << "not reproducible: the inputs differ; nothing was re-run\n";
    return false;
  }

  const YAML::Node experiment = require_key(manifest, top, "experiment");
  RunOptions rerun;
  rerun.output_dir = options.output_dir.empty() ? run.string() + ".reproduced" : options.output_dir;
  rerun.force = options.force;
  rerun.quiet = true;
  rerun.base_dir = options.base_dir.empty() ? experiment["base_dir"].Scalar() : options.base_dir;
  rerun.recorded_output_dir = text_at(manifest, {"config", "output", "dir"});
  if (experiment["restart"]) rerun.only_restart = experiment["restart"].as<std::size_t>();
  progress << "re-running " << (run / "config.yaml").string() << " into " << rerun.output_dir << "\n";
  std::ostringstream ignored;
  const std::string fresh = run_experiment((run / "config.yaml").string(), rerun, progress, ignored);

  bool all_match = true;
  std::string first_report;
  for (const auto& output : require_key(manifest, top, "outputs")) {
    const std::string name = output["file"].Scalar();
    const bool timing = static_cast<bool>(output["sha256_without_timing"]);
    const std::string recorded = timing ? output["sha256_without_timing"].Scalar() : output["sha256"].Scalar();
    const std::string fresh_file = (fs::path(fresh) / name).string();
    const std::string now =
        fs::exists(fresh_file) ? sha256_hex(without_timing(name, read_bytes(fresh_file))) : std::string("<missing>");
    const bool match = now == recorded;
    out << (match ? "  same     " : "  DIFFERS  ") << name << "\n";
    if (!match && first_report.empty()) {
      const std::string original = (run / name).string();
      if (!fs::exists(original)) {
        first_report = name + ": the recorded run no longer has this file to compare lines with";
      } else if (sha256_hex(without_timing(name, read_bytes(original))) != recorded) {
        first_report = name + ": the file in " + run.string() + " was changed after the run (it no longer matches "
                       "its manifest); compared with the manifest's hash only";
      } else {
        first_report = name + ", first difference at " +
                       first_difference(without_timing(name, read_bytes(original)),
                                        without_timing(name, read_bytes(fresh_file)));
      }
    }
    all_match = all_match && match;
  }
  for (const auto& note : notes) out << "note: " << note << "\n";
  if (all_match) {
    out << "reproduced: every output of " << run.string() << " has its recorded SHA-256 (" << fresh << ")\n";
  } else {
    out << "not reproduced: " << first_report << "\n";
    if (!notes.empty()) out << "(the build or platform differs from the recorded one; see the notes above)\n";
  }
  return all_match;
}

}  // namespace mixfit
