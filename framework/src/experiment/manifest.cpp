// manifest.yaml: provenance and hashes of a run directory.
#include "mixfit/experiment/manifest.hpp"

#include "mixfit/core/build_info.hpp"
#include "mixfit/math/vector_math.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/io/atomic_file.hpp"
#include "mixfit/io/sha256.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace mixfit {
namespace fs = std::filesystem;
namespace {

constexpr const char* kManifestFormat = "mixfit-manifest/1";

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path + " to hash it");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void emit_build(YAML::Emitter& out) {
  const BuildInfo build = build_info();
  const PlatformInfo platform = platform_info();
  out << YAML::Key << "mixfit" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << build.mixfit_version;
  out << YAML::Key << "compiler" << YAML::Value << build.compiler;
  out << YAML::Key << "flags" << YAML::Value << build.compiler_flags;
  out << YAML::Key << "build_type" << YAML::Value << build.build_type;
  out << YAML::EndMap;
  out << YAML::Key << "libraries" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "boost" << YAML::Value << build.boost_version;
  out << YAML::Key << "armadillo" << YAML::Value << build.armadillo_version;
  out << YAML::Key << "yaml_cpp" << YAML::Value << build.yaml_cpp_version;
  out << YAML::Key << "blas" << YAML::Value << blas_in_use();
  out << YAML::Key << "vector_kernels" << YAML::Value << vector_kernels_in_use();
  out << YAML::EndMap;
  out << YAML::Key << "platform" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "system" << YAML::Value << platform.system;
  out << YAML::Key << "release" << YAML::Value << platform.release;
  out << YAML::Key << "machine" << YAML::Value << platform.machine;
  out << YAML::Key << "hostname" << YAML::Value << platform.hostname;
  out << YAML::Key << "cpus" << YAML::Value << platform.cpu_count;
  out << YAML::EndMap;
}

}  // namespace

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

bool has_timing(const std::string& file_name) { return file_name == "trace.csv" || file_name == "summary.yaml"; }

std::string without_timing(const std::string& file_name, const std::string& text) {
  if (!has_timing(file_name)) return text;
  std::istringstream lines(text);
  std::string line, result;
  while (std::getline(lines, line)) {
    if (file_name == "trace.csv") {
      result += line.substr(0, line.rfind(',')) + "\n";  // seconds is the last column
    } else if (!line.starts_with("seconds:")) {
      result += line + "\n";
    }
  }
  return result;
}

void write_manifest(const RunDirectory& run, const RunRecord& record) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << kManifestFormat;
  emit_build(out);
  out << YAML::Key << "command" << YAML::Value << YAML::Flow << record.command;
  out << YAML::Key << "experiment" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "file" << YAML::Value << record.experiment_file;
  out << YAML::Key << "base_dir" << YAML::Value << record.base_dir;
  out << YAML::Key << "overrides" << YAML::Value << YAML::BeginSeq;
  for (const auto& assignment : record.overrides) out << YAML::DoubleQuoted << assignment;
  out << YAML::EndSeq;
  if (record.only_restart) out << YAML::Key << "restart" << YAML::Value << *record.only_restart;
  out << YAML::EndMap;
  out << YAML::Key << "seeds" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "master" << YAML::Value << record.seed;
  out << YAML::Key << "restarts" << YAML::Value << YAML::BeginSeq;
  for (const auto& [restart, seed] : record.restart_seeds)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "restart" << YAML::Value << restart << YAML::Key << "seed"
        << YAML::Value << seed << YAML::EndMap;
  out << YAML::EndSeq;
  out << YAML::EndMap;
  out << YAML::Key << "parallelism" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "threads"
      << YAML::Value << record.threads << YAML::Key << "ranks" << YAML::Value << record.ranks << YAML::EndMap;
  out << YAML::Key << "started" << YAML::Value << record.started;
  out << YAML::Key << "finished" << YAML::Value << record.finished;

  out << YAML::Key << "inputs" << YAML::Value << YAML::BeginSeq;
  for (const auto& input : record.inputs) {
    out << YAML::BeginMap;
    out << YAML::Key << "role" << YAML::Value << input.role;
    out << YAML::Key << "path" << YAML::Value << input.path;
    out << YAML::Key << "bytes" << YAML::Value << fs::file_size(input.path);
    out << YAML::Key << "sha256" << YAML::Value << sha256_file(input.path);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  // Every file already in the staging folder, in name order.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(run.staging_path()))
    if (entry.is_regular_file() && entry.path().filename() != "manifest.yaml")
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  out << YAML::Key << "outputs" << YAML::Value << YAML::BeginSeq;
  for (const auto& name : names) {
    // Outputs are hashed in chunks (responsibilities.csv can outweigh the data);
    // only the small files with timings are read whole, to hash them without.
    out << YAML::BeginMap;
    out << YAML::Key << "file" << YAML::Value << name;
    out << YAML::Key << "bytes" << YAML::Value << fs::file_size(run.file(name));
    out << YAML::Key << "sha256" << YAML::Value << sha256_file(run.file(name));
    if (has_timing(name))
      out << YAML::Key << "sha256_without_timing" << YAML::Value
          << sha256_hex(without_timing(name, read_bytes(run.file(name))));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "config" << YAML::Value << record.resolved_config;
  out << YAML::EndMap;
  if (!out.good()) throw Error("cannot write manifest.yaml: " + out.GetLastError());
  write_file_atomically(run.file("manifest.yaml"), std::string(out.c_str()) + "\n");
}

}  // namespace mixfit
