// Reading run and sweep directories for plotting.
#include "mixfit/plot/run_contents.hpp"

#include "mixfit/config/yaml_file.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/io/parameter_yaml.hpp"
#include "mixfit/io/model_io.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace mixfit::plot {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// One CSV line split at commas, honouring "..." quoting as sweep.csv writes it.
std::vector<std::string> csv_cells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

double number_in(const std::string& cell, const std::string& path, std::size_t line) {
  double value = 0.0;
  if (!parse_double(cell, value))
    throw Error(path + ":" + std::to_string(line) + ": expected a number, got '" + cell + "'");
  return value;
}

ConvergenceTrace read_trace(const std::string& path) {
  const auto lines = lines_of(path);
  if (lines.empty()) throw Error(path + ": empty; expected iteration,<objective>,delta,seconds");
  const auto header = csv_cells(lines[0]);
  if (header.size() < 3 || header[0] != "iteration")
    throw Error(path + ":1: expected the header iteration,<objective>,delta,seconds");
  ConvergenceTrace trace;
  trace.objective_name = header[1];
  const arma::uword n = lines.size() - 1;
  trace.iterations.set_size(n);
  trace.objective.set_size(n);
  trace.delta.set_size(n);
  for (arma::uword i = 0; i < n; ++i) {
    const auto cells = csv_cells(lines[i + 1]);
    if (cells.size() < 3) throw Error(path + ":" + std::to_string(i + 2) + ": expected at least 3 cells");
    trace.iterations(i) = number_in(cells[0], path, i + 2);
    trace.objective(i) = number_in(cells[1], path, i + 2);
    trace.delta(i) = number_in(cells[2], path, i + 2);
  }
  return trace;
}

arma::uvec read_labels(const std::string& path) {
  const auto lines = lines_of(path);
  // "label,uncertainty" since issue 18; runs written before it have "label" alone.
  if (lines.empty() || (lines[0] != "label,uncertainty" && lines[0] != "label"))
    throw Error(path + ":1: expected the header 'label,uncertainty'");
  arma::uvec labels(lines.size() - 1);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const double label = number_in(lines[i].substr(0, lines[i].find(',')), path, i + 1);
    // -1: a row the noise component took; it belongs to no component's colour.
    labels(i - 1) = label < 0.0 ? kNoiseLabel : static_cast<arma::uword>(label);
  }
  return labels;
}

std::string require_file(const fs::path& directory, const char* name, const std::string& what) {
  const fs::path path = directory / name;
  if (!fs::exists(path))
    throw Error(directory.string() + " is not a complete " + what + ": " + name + " is missing");
  return path.string();
}

}  // namespace

std::string describe_run(const RunContents& run) {
  std::string text = run.config["experiment"] && run.config["experiment"]["name"]
                         ? run.config["experiment"]["name"].Scalar() + ": "
                         : std::string();
  text += run.algorithm + ", " + run.family;
  if (run.model["options"] && run.model["options"]["covariance"])
    text += " (" + run.model["options"]["covariance"].Scalar() + ")";
  return text + ", K = " + std::to_string(run.model["components"].size()) +
         ", N = " + std::to_string(run.data.n_cols);
}

arma::uvec scatter_rows(std::size_t num_rows, std::size_t limit) {
  const std::size_t step = num_rows <= limit ? 1 : (num_rows + limit - 1) / limit;
  return arma::regspace<arma::uvec>(0, step, num_rows == 0 ? 0 : num_rows - 1).head(num_rows == 0 ? 0 : (num_rows + step - 1) / step);
}

std::vector<std::string> SweepTable::column(const std::string& name) const {
  std::vector<std::string> cells;
  for (std::size_t c = 0; c < header.size(); ++c)
    if (header[c] == name)
      for (const auto& row : rows) cells.push_back(c < row.size() ? row[c] : std::string());
  return cells;
}

bool is_sweep_directory(const std::string& directory) {
  const fs::path path(directory);
  if (!fs::is_directory(path)) throw Error(directory + ": no such directory (expected a run or sweep directory)");
  if (fs::exists(path / "sweep.csv")) return true;
  if (fs::exists(path / "model.yaml") && fs::exists(path / "manifest.yaml")) return false;
  throw Error(directory + " is not a run directory (model.yaml and manifest.yaml, as `mixfit run` writes them) nor a "
              "sweep directory (sweep.csv)");
}

RunContents read_run(const std::string& directory) {
  const fs::path path(directory);
  RunContents run;
  run.directory = directory;
  const std::string what = "run directory";
  run.config = load_yaml_file(require_file(path, "config.yaml", what), "run configuration");
  const std::string model_path = require_file(path, "model.yaml", what);
  run.model = load_yaml_file(model_path, "model file");
  run.family = run.model["family"] ? run.model["family"].Scalar() : std::string();
  run.algorithm = run.config["inference"] && run.config["inference"]["algorithm"]
                      ? run.config["inference"]["algorithm"].Scalar()
                      : std::string();
  const std::string manifest_path = require_file(path, "manifest.yaml", what);
  const YAML::Node manifest = load_yaml_file(manifest_path, "manifest");
  std::vector<std::string> plugins;
  for (const auto& input : manifest["inputs"]) {
    if (input["role"].Scalar() == "data") run.data_path = input["path"].Scalar();
    // Plugins the run loaded from outside the default search path; one that
    // has since gone is left to the default search (which finds the built-in ones).
    if (input["role"].Scalar() == "plugin" && fs::exists(input["path"].Scalar()))
      plugins.push_back(input["path"].Scalar());
  }
  if (run.data_path.empty()) throw Error(manifest_path + ": inputs: no entry with role: data");
  if (!fs::exists(run.data_path))
    throw Error(manifest_path + ": the data file " + run.data_path + " the run was fitted on no longer exists");

  // The data exactly as the model reads it: its columns, kinds and level dictionaries.
  FamilyRegistry registry;
  load_plugins(registry, plugins);
  const MixtureModel model = read_model(model_path, registry);
  const Dataset data = read_model_data(run.data_path, model);
  run.data = data.numeric();
  for (const auto& column : data.columns) {
    if (column.kind == ColumnKind::categorical) {
      for (const auto& level : column.levels) run.columns.push_back(column.name + "=" + level);
    } else {
      run.columns.push_back(column.name);
    }
  }
  // The figures' view of the parameters: the family's moments and its own scores, never its keys.
  bool all_real = true;
  run.binary_columns = !data.columns.empty();
  for (const auto& column : data.columns) {
    all_real = all_real && column.kind == ColumnKind::real;
    run.binary_columns = run.binary_columns && column.kind == ColumnKind::binary;
  }
  const std::size_t k_count = model.num_components();
  const arma::vec weights = read_vector(require_key(run.model, ConfigLocation{model_path, ""}, "weights"),
                                        ConfigLocation{model_path, "weights"}, k_count, "one weight per component");
  run.components = moment_components(model.family(), weights);
  if (all_real) {
    const auto fitted = std::make_shared<MixtureModel>(model);  // plugins stay loaded for the process
    const arma::vec log_weights = arma::log(weights);
    const std::vector<ColumnDomain> domains = model.family().column_domains();
    run.weighted_log_densities = [fitted, log_weights, domains](const arma::mat& points) {
      arma::mat scores;
      fitted->family().log_likelihood(DataBlock(points, 0, points.n_cols, 0), scores);
      scores.each_col() += log_weights;
      // A grid reaches past the data: outside the columns' domain (a negative waiting time) the density is 0,
      // whatever the family's formula would say there.
      for (std::size_t d = 0; d < domains.size() && d < points.n_rows; ++d)
        for (arma::uword j = 0; j < points.n_cols; ++j)
          if (!in_domain(domains[d], points(d, j))) scores.col(j).fill(-arma::datum::inf);
      return scores;
    };
  }
  run.labels = read_labels(require_file(path, "labels.csv", what));
  if (run.labels.n_elem != run.data.n_cols)
    throw Error((path / "labels.csv").string() + ": " + std::to_string(run.labels.n_elem) + " labels, but the data (" +
                run.data_path + ") have " + std::to_string(run.data.n_cols) + " rows");
  run.trace = read_trace(require_file(path, "trace.csv", what));
  if (fs::exists(path / "trace_parameters.yaml")) {
    const std::string trace_path = (path / "trace_parameters.yaml").string();
    run.parameter_trace = load_yaml_file(trace_path, "parameter trace");
    const YAML::Node iterations = (*run.parameter_trace)["iterations"];
    if (run.components && iterations && iterations.IsSequence())
      for (const auto& entry : iterations) {
        std::optional<GaussianComponents> components = moment_components(model.family(), entry, trace_path);
        if (!components) {
          run.trace_components.clear();
          break;
        }
        run.trace_components.push_back(std::move(*components));
      }
  }
  return run;
}

SweepTable read_sweep_table(const std::string& directory) {
  const std::string path = (fs::path(directory) / "sweep.csv").string();
  const auto lines = lines_of(path);
  if (lines.empty()) throw Error(path + ": empty; expected a header row");
  SweepTable table;
  table.directory = directory;
  table.header = csv_cells(lines[0]);
  for (std::size_t i = 1; i < lines.size(); ++i) table.rows.push_back(csv_cells(lines[i]));
  return table;
}

}  // namespace mixfit::plot
