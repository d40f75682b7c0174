// Sweeps: a grid of runs, run in parallel, summarised for model selection.
#include "mixfit/experiment/sweep_runner.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/experiment/progress_printer.hpp"
#include "mixfit/experiment/sweep_grid.hpp"
#include "mixfit/io/atomic_file.hpp"
#include "mixfit/io/csv_output.hpp"
#include "mixfit/io/run_directory.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <thread>

namespace mixfit {
namespace fs = std::filesystem;
namespace {

// One point's run and what came of it.
struct PointRun {
  RunOptions options;
  std::uint64_t seed = 0;
  bool failed = false;
  std::string error;
  YAML::Node summary;  ///< its summary.yaml, when it succeeded
};

std::string flow_text(const YAML::Node& value) {
  YAML::Emitter out;
  out << YAML::Flow << value;
  return out.c_str();
}

bool swept(const SweepPlan& plan, const std::string& key) {
  return std::find(plan.keys.begin(), plan.keys.end(), key) != plan.keys.end();
}

std::string csv_cell(const YAML::Node& summary, const char* key) {
  return summary && summary[key] ? summary[key].Scalar() : std::string();
}

// Quotes a CSV cell when it holds a comma or a quote.
std::string quoted(const std::string& cell) {
  if (cell.find_first_of(",\"\n") == std::string::npos) return cell;
  std::string text = "\"";
  for (char c : cell) text += c == '"' ? std::string("\"\"") : std::string(1, c);
  return text + "\"";
}

}  // namespace

std::string run_sweep(const std::string& experiment_file, const ExperimentConfig& config, const RunOptions& options,
                      std::size_t jobs, std::ostream& progress, std::ostream& out) {
  const SweepPlan plan = expand_sweep(config.sweep, {config.file, "sweep"});
  check_run_directory_free(config.output_dir, options.force);

  // Every point's options, each validated (experiment keys, family, family
  // options) before anything runs.
  FamilyRegistry registry;
  load_plugins(registry, config.plugins, config.file);
  std::vector<PointRun> points(plan.points.size());
  for (const SweepPoint& point : plan.points) {
    PointRun& run = points[point.index];
    run.options = options;
    run.options.quiet = true;
    run.options.force = false;
    run.options.overrides.push_back("sweep=null");
    for (const auto& [key, value] : point.assignments) run.options.overrides.push_back(key + "=" + flow_text(value));
    if (!swept(plan, "experiment.seed")) {
      // experiment.seed is a signed 64-bit integer in the schema: keep 63 bits.
      run.seed = derive_seed(config.seed, "sweep", point.index) >> 1;
      run.options.overrides.push_back("experiment.seed=" + std::to_string(run.seed));
    }
    run.options.recorded_output_dir = (fs::path(config.output_dir) / point.name).string();
    try {
      const ExperimentConfig point_config = load_experiment(experiment_file, run.options.overrides, options.base_dir);
      registry.resolve_options(point_config.family, point_config.family_options,
                               {point_config.file, "model.options"});
      run.seed = point_config.seed;
    } catch (const Error& e) {
      throw ConfigError("sweep point " + std::to_string(point.index + 1) + "/" + std::to_string(points.size()) +
                        " (" + point.name + "): " + e.what());
    }
  }

  RunDirectory root(config.output_dir, options.force);
  const ProgressClock clock = steady_progress_clock();
  const double sweep_started = clock();
  std::mutex progress_mutex;
  std::atomic<std::size_t> next{0}, done{0};
  auto worker = [&] {
    for (std::size_t p = next++; p < points.size(); p = next++) {
      PointRun& run = points[p];
      const SweepPoint& point = plan.points[p];
      run.options.output_dir = (fs::path(root.staging_path()) / point.name).string();
      std::ostringstream point_progress, point_out;
      try {
        run_experiment(experiment_file, run.options, point_progress, point_out);
        run.summary = YAML::LoadFile(run.options.output_dir + "/summary.yaml");
      } catch (const std::exception& e) {
        run.failed = true;
        run.error = e.what();
        std::error_code ignored;
        fs::create_directories(run.options.output_dir, ignored);
        write_file_atomically(run.options.output_dir + "/error.txt", run.error + "\n");
      }
      const std::lock_guard lock(progress_mutex);
      const std::size_t finished = ++done;
      if (options.quiet) continue;
      const double elapsed = clock() - sweep_started;
      progress << "sweep " << finished << "/" << points.size() << " done: point " << describe_point(plan, point)
               << (run.failed ? "  FAILED: " + run.error
                              : "  " + plan.select + " " + run.summary[plan.select].Scalar())
               << "  elapsed " << format_duration(elapsed) << "  left ~ "
               << format_duration(estimated_sweep_seconds_left(elapsed, finished, points.size())) << "\n"
               << std::flush;
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t j = 1; j < std::max<std::size_t>(1, std::min(jobs, points.size())); ++j) threads.emplace_back(worker);
  worker();
  for (auto& thread : threads) thread.join();

  // sweep.csv, in point order.
  std::ostringstream csv;
  csv << "point,name";
  for (const auto& key : plan.keys) csv << "," << quoted(key);
  csv << ",seed,status,log_likelihood,n_parameters,bic,aic,icl,elbo,n_iter,converged,seconds,icl_entropy\n";
  std::optional<std::size_t> best;
  double best_value = std::numeric_limits<double>::infinity();
  std::vector<std::string> failures;
  for (const SweepPoint& point : plan.points) {
    const PointRun& run = points[point.index];
    csv << point.index << "," << quoted(point.name);
    for (const auto& [key, value] : point.assignments) csv << "," << quoted(flow_text(value));
    csv << "," << run.seed << "," << (run.failed ? "failed" : "ok");
    for (const char* key : {"log_likelihood", "n_parameters", "bic", "aic", "icl", "elbo", "n_iter", "converged",
                            "seconds", "icl_entropy"})
      csv << "," << csv_cell(run.summary, key);
    csv << "\n";
    if (run.failed) {
      failures.push_back(point.name);
      continue;
    }
    double value = 0.0;
    // Lowest criterion wins; ties go to the earlier point.
    if (parse_double(run.summary[plan.select].Scalar(), value) && value < best_value) {
      best_value = value;
      best = point.index;
    }
  }
  write_file_atomically(root.file("sweep.csv"), csv.str());

  YAML::Emitter summary;
  summary << YAML::BeginMap;
  summary << YAML::Key << "experiment" << YAML::Value << config.name;
  summary << YAML::Key << "points" << YAML::Value << points.size();
  summary << YAML::Key << "select" << YAML::Value << plan.select;
  if (best) {
    const SweepPoint& point = plan.points[*best];
    summary << YAML::Key << "best" << YAML::Value << YAML::BeginMap;
    summary << YAML::Key << "point" << YAML::Value << point.index;
    summary << YAML::Key << "name" << YAML::Value << point.name;
    summary << YAML::Key << "run_directory" << YAML::Value << point.name;
    summary << YAML::Key << plan.select << YAML::Value << format_yaml_double(best_value);
    summary << YAML::Key << "values" << YAML::Value << YAML::BeginMap;
    for (const auto& [key, value] : point.assignments) summary << YAML::Key << key << YAML::Value << value;
    summary << YAML::EndMap << YAML::EndMap;
  }
  summary << YAML::Key << "failed" << YAML::Value << YAML::Flow << failures;
  summary << YAML::EndMap;
  write_file_atomically(root.file("sweep.yaml"), std::string(summary.c_str()) + "\n");
  root.commit();

  out << "sweep directory: " << root.final_path() << "\n  " << points.size() << " points, "
      << points.size() - failures.size() << " ok";
  if (best) out << "; best by " << plan.select << ": " << plan.points[*best].name << " (" << format_double(best_value) << ")";
  out << "\n";
  if (!failures.empty())
    throw Error(std::to_string(failures.size()) + " of " + std::to_string(points.size()) +
                " sweep points failed (each has an error.txt in " + root.final_path() + "); the others are kept");
  return root.final_path();
}

}  // namespace mixfit
