// Checkpoint files: one YAML document written atomically beside the run directory.
#include "mixfit/experiment/checkpoint.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/config/yaml_file.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/atomic_file.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <array>
#include <filesystem>
#include <sstream>

namespace mixfit {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCheckpointFormat = "mixfit-checkpoint/1";

void emit_summary(YAML::Emitter& out, const RestartSummary& summary) {
  out << YAML::BeginMap;
  out << YAML::Key << "restart" << YAML::Value << summary.restart;
  out << YAML::Key << "seed" << YAML::Value << summary.seed;
  if (summary.failed()) {
    out << YAML::Key << "error" << YAML::Value << summary.error;
    out << YAML::EndMap;
    return;
  }
  out << YAML::Key << "objective" << YAML::Value << format_yaml_double(summary.objective);
  out << YAML::Key << "report" << YAML::Value;
  emit_fit_report(out, summary.report);
  out << YAML::EndMap;
}

RestartSummary read_summary(const YAML::Node& node, const std::string& source, const std::string& key) {
  const ConfigLocation where{source, key};
  RestartSummary summary;
  summary.restart = static_cast<std::size_t>(read_number(require_key(node, where, "restart"), where.child("restart")));
  summary.seed = require_key(node, where, "seed").as<std::uint64_t>();
  if (const YAML::Node error = node["error"]) {
    // A restart that failed numerically has its message and nothing else.
    if (!error.IsScalar() || error.Scalar().empty()) fail_at(where.child("error"), error, "expected the error message");
    summary.error = error.Scalar();
    return summary;
  }
  summary.objective = read_number(require_key(node, where, "objective"), where.child("objective"));
  summary.report = read_fit_report(require_key(node, where, "report"), source, key + ".report");
  return summary;
}

}  // namespace

void emit_fit_report(YAML::Emitter& out, const FitReport& report) {
  out << YAML::BeginMap;
  out << YAML::Key << "objective" << YAML::Value << report.objective_name;
  out << YAML::Key << "n_iter" << YAML::Value << report.n_iter;
  out << YAML::Key << "converged" << YAML::Value << report.converged;
  // One text block rather than a YAML list per row: a checkpoint is written
  // every few iterations and the trace grows with them.
  // A chain's records add their stage as a fifth column.
  std::string trace;
  for (const auto& record : report.trace)
    trace += std::to_string(record.iteration) + "," + format_double(record.objective) + "," +
             format_double(record.delta) + "," + format_double(record.seconds) +
             (record.stage ? "," + std::to_string(record.stage) : std::string()) + "\n";
  out << YAML::Key << "trace" << YAML::Value << YAML::Literal << trace;
  if (!report.stages.empty()) {
    out << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
    for (const StageReport& stage : report.stages)
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "algorithm" << YAML::Value << stage.algorithm << YAML::Key
          << "objective_name" << YAML::Value << stage.objective_name << YAML::Key << "objective" << YAML::Value
          << format_double(stage.objective) << YAML::Key << "n_iter" << YAML::Value << stage.n_iter << YAML::Key
          << "converged" << YAML::Value << stage.converged << YAML::EndMap;
    out << YAML::EndSeq;
  }
  out << YAML::Key << "warnings" << YAML::Value << YAML::BeginSeq;
  for (const auto& warning : report.warnings) out << warning;
  out << YAML::EndSeq;
  out << YAML::EndMap;
}

FitReport read_fit_report(const YAML::Node& node, const std::string& source, const std::string& key) {
  const ConfigLocation where{source, key};
  FitReport report;
  report.objective_name = require_key(node, where, "objective").Scalar();
  report.n_iter = require_key(node, where, "n_iter").as<std::size_t>();
  report.converged = require_key(node, where, "converged").as<bool>();
  const YAML::Node trace = require_key(node, where, "trace");
  std::istringstream lines(trace.Scalar());
  std::string line;
  while (std::getline(lines, line)) {
    std::array<double, 5> cells{};
    std::istringstream row(line);
    std::string cell;
    std::size_t count = 0;
    while (std::getline(row, cell, ',') && count < 5)
      if (!parse_double(cell, cells[count++])) count = 6;
    if (count != 4 && count != 5)
      fail_at(where.child("trace"), trace, "expected rows 'iteration,objective,delta,seconds[,stage]', got '" + line + "'");
    report.trace.push_back({static_cast<std::size_t>(cells[0]), cells[1], cells[2], cells[3],
                            static_cast<std::size_t>(cells[4])});
  }
  if (const YAML::Node stages = node["stages"])
    for (const YAML::Node& stage : stages) {
      double objective = 0.0;
      if (!parse_double(stage["objective"].Scalar(), objective))
        fail_at(where.child("stages"), stage, "expected a number as objective");
      report.stages.push_back({stage["algorithm"].Scalar(), stage["objective_name"].Scalar(), objective,
                               stage["n_iter"].as<std::size_t>(), stage["converged"].as<bool>()});
    }
  if (report.trace.size() != report.n_iter) fail_at(where.child("trace"), trace, "expected n_iter trace rows");
  for (const auto& warning : require_key(node, where, "warnings")) report.warnings.push_back(warning.Scalar());
  return report;
}

std::string checkpoint_path(const std::string& run_directory) {
  const fs::path run = fs::path(run_directory).lexically_normal();
  const fs::path final_path = run.has_filename() ? run : run.parent_path();
  return (final_path.parent_path() / ("." + final_path.filename().string() + ".checkpoint") / "checkpoint.yaml")
      .string();
}

void write_checkpoint(const Checkpoint& checkpoint) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << kCheckpointFormat;
  out << YAML::Key << "experiment_file" << YAML::Value << checkpoint.experiment_file;
  out << YAML::Key << "overrides" << YAML::Value << YAML::BeginSeq;
  for (const auto& assignment : checkpoint.overrides) out << YAML::DoubleQuoted << assignment;
  out << YAML::EndSeq;
  out << YAML::Key << "run_directory" << YAML::Value << checkpoint.run_directory;
  out << YAML::Key << "resolved_config" << YAML::Value << YAML::Literal << checkpoint.resolved_config;
  if (checkpoint.only_restart) out << YAML::Key << "only_restart" << YAML::Value << *checkpoint.only_restart;
  out << YAML::Key << "restart" << YAML::Value << checkpoint.restart;
  out << YAML::Key << "report" << YAML::Value;
  emit_fit_report(out, checkpoint.report);
  out << YAML::Key << "model" << YAML::Value << checkpoint.model;
  if (!checkpoint.parameter_trace.empty())
    out << YAML::Key << "parameter_trace" << YAML::Value << YAML::Literal << checkpoint.parameter_trace;
  if (checkpoint.best_visited_model.IsDefined() && !checkpoint.best_visited_model.IsNull()) {
    out << YAML::Key << "best_visited" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "objective" << YAML::Value << format_double(checkpoint.best_visited_objective);
    out << YAML::Key << "model" << YAML::Value << checkpoint.best_visited_model;
    out << YAML::EndMap;
  }
  out << YAML::Key << "completed" << YAML::Value << YAML::BeginSeq;
  for (const auto& summary : checkpoint.completed) emit_summary(out, summary);
  out << YAML::EndSeq;
  if (checkpoint.best) {
    out << YAML::Key << "best" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "summary" << YAML::Value;
    emit_summary(out, checkpoint.best->summary);
    out << YAML::Key << "model" << YAML::Value << checkpoint.best->model;
    if (!checkpoint.best->parameter_trace.empty())
      out << YAML::Key << "parameter_trace" << YAML::Value << YAML::Literal << checkpoint.best->parameter_trace;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  if (!out.good()) throw Error("cannot write the checkpoint: " + out.GetLastError());
  const std::string path = checkpoint_path(checkpoint.run_directory);
  fs::create_directories(fs::path(path).parent_path());
  write_file_atomically(path, std::string(out.c_str()) + "\n");
}

Checkpoint read_checkpoint(const std::string& run_directory) {
  const std::string path = checkpoint_path(fs::absolute(run_directory).string());
  if (!fs::exists(path))
    throw ConfigError("no checkpoint to resume " + run_directory + " from (expected " + path +
                      "; checkpoints are written when output.checkpoint_every is set, and removed when a run "
                      "completes)");
  const YAML::Node root = load_yaml_file(path, "checkpoint");
  const ConfigLocation top{path, ""};
  const YAML::Node format = require_key(root, top, "format");
  if (!format.IsScalar() || format.Scalar() != kCheckpointFormat)
    fail_at(top.child("format"), format, std::string("expected ") + kCheckpointFormat);
  Checkpoint checkpoint;
  checkpoint.experiment_file = require_key(root, top, "experiment_file").Scalar();
  for (const auto& assignment : require_key(root, top, "overrides")) checkpoint.overrides.push_back(assignment.Scalar());
  checkpoint.run_directory = require_key(root, top, "run_directory").Scalar();
  checkpoint.resolved_config = require_key(root, top, "resolved_config").Scalar();
  if (root["only_restart"]) checkpoint.only_restart = root["only_restart"].as<std::size_t>();
  checkpoint.restart = require_key(root, top, "restart").as<std::size_t>();
  checkpoint.report = read_fit_report(require_key(root, top, "report"), path, "report");
  checkpoint.model = require_key(root, top, "model");
  if (root["parameter_trace"]) checkpoint.parameter_trace = root["parameter_trace"].Scalar();
  if (const YAML::Node visited = root["best_visited"]) {
    const ConfigLocation where = top.child("best_visited");
    checkpoint.best_visited_model = require_key(visited, where, "model");
    double objective = 0.0;
    const YAML::Node value = require_key(visited, where, "objective");
    if (!value.IsScalar() || !parse_double(value.Scalar(), objective))
      fail_at(where.child("objective"), value, "expected a number");
    checkpoint.best_visited_objective = objective;
  }
  const YAML::Node completed = require_key(root, top, "completed");
  for (std::size_t i = 0; i < completed.size(); ++i)
    checkpoint.completed.push_back(read_summary(completed[i], path, "completed[" + std::to_string(i) + "]"));
  if (const YAML::Node best = root["best"]) {
    const ConfigLocation where = top.child("best");
    checkpoint.best = BestRestart{read_summary(require_key(best, where, "summary"), path, "best.summary"),
                                  require_key(best, where, "model"), {}};
    if (best["parameter_trace"]) checkpoint.best->parameter_trace = best["parameter_trace"].Scalar();
  }
  return checkpoint;
}

void remove_checkpoint(const std::string& run_directory) {
  std::error_code ignored;
  fs::remove_all(fs::path(checkpoint_path(run_directory)).parent_path(), ignored);
}

}  // namespace mixfit
