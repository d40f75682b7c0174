// Column claims, typed data reading and model construction for an experiment.
#include "mixfit/experiment/experiment_setup.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/config/yaml_file.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/data/npy_reader.hpp"
#include "mixfit/data/npy_stream_rows.hpp"
#include "mixfit/data/row_annotations.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"

#include <filesystem>
#include <map>
#include <set>

namespace mixfit {
namespace {

// model.options plus model.parts (for composites), keeping the written nodes
// (and so their line/column marks).
YAML::Node options_with_parts(const ExperimentConfig& config, const FamilyEntry& entry) {
  if (!config.parts.IsDefined() || config.parts.IsNull()) return config.family_options;
  if (!entry.claim_columns)
    throw ConfigError(describe_location({config.file, "model.parts"}, config.parts) + "family '" + entry.name +
                      "' takes no parts (only composite families such as product do)");
  YAML::Node merged(YAML::NodeType::Map);
  for (const auto& item : config.family_options) merged[item.first] = item.second;
  merged["parts"] = config.parts;
  return merged;
}

// Level orders fixed by a `given` init file that states `columns:` and `levels:`.
std::map<std::string, std::vector<std::string>> levels_from_init(const ExperimentConfig& config) {
  std::map<std::string, std::vector<std::string>> fixed;
  if (config.init.method != "given" || config.init.file.empty()) return fixed;
  const YAML::Node init = load_yaml_file(config.init.file, "init file");
  const YAML::Node columns = init["columns"], types = init["types"], levels = init["levels"];
  if (!levels || !columns || !types || !columns.IsSequence() || !types.IsSequence() || !levels.IsSequence()) return fixed;
  std::size_t next = 0;
  for (std::size_t d = 0; d < columns.size() && d < types.size(); ++d) {
    if (types[d].Scalar() != "categorical") continue;
    if (next >= levels.size())
      throw ConfigError(describe_location({config.init.file, "levels"}, levels) +
                        "expected one level list per categorical column");
    fixed[columns[d].Scalar()] = levels[next++].as<std::vector<std::string>>();
  }
  return fixed;
}

// A .npy file has no header line: its columns are x0, x1, ... unless data.columns names them.
std::vector<std::string> data_column_names(const std::string& path) {
  if (!is_npy_path(path)) return read_csv_header(path);
  std::vector<std::string> names;
  for (std::size_t d = 0; d < read_npy_header(path).columns; ++d) names.push_back("x" + std::to_string(d));
  return names;
}

// The columns of a .npy file: all real, named by data.columns (in file order) or x0, x1, ...
Dataset read_npy_table(const ExperimentConfig& config, const std::vector<ColumnRequest>& requests,
                       const RowWindow& window) {
  const NpyHeader header = read_npy_header(config.data_path);
  std::vector<std::string> names;
  for (const auto& request : requests) {
    if (request.kind != ColumnKind::real)
      throw ConfigError(config.file + ": data.path: " + config.data_path + " is a .npy file, which holds real "
                        "columns only, but column '" + request.name + "' is to be read as " +
                        std::string(to_string(request.kind)) + "; use a CSV file for binary or categorical data");
    names.push_back(request.name);
  }
  if (names.size() != header.columns)
    throw ConfigError(config.file + ": data.columns: " + config.data_path + " has " + std::to_string(header.columns) +
                      " columns; name all of them, in order (or leave data.columns out for x0, x1, ...)");
  Dataset data = Dataset::from_real(config.data_path, names,
                                    config.streaming ? arma::mat() : read_npy(config.data_path, window.first, window.count));
  if (config.streaming) data.real_rows = std::make_shared<NpyStreamRows>(config.data_path, window.first, window.count);
  data.first_row = std::min(window.first, header.rows);
  data.all_rows = header.rows;
  return data;
}

// The rows this process reads: its blocks of the grid over all N rows.
RowWindow process_window(const ExperimentConfig& config, const Communicator& processes) {
  if (processes.size() == 1) return {};
  const std::size_t rows =
      is_npy_path(config.data_path) ? read_npy_header(config.data_path).rows : count_csv_rows(config.data_path);
  const BlockPlan plan = BlockPlan::sharded(rows, config.block_size, 1, processes);
  RowWindow window{plan.local_first_row(), plan.local_num_rows(), {}};
  // Levels in global order of first appearance: every process's, in rank order.
  window.merge_levels = [&processes](const std::vector<std::string>& seen, const std::exception_ptr& failure) {
    std::string mine = failure ? "F" + encode_status(failure) : "N";
    if (!failure)
      for (const auto& level : seen) mine += level + '\0';
    const std::vector<std::string> parts = processes.all_gather(mine);
    for (const auto& part : parts)
      if (part[0] == 'F') rethrow_status(part.substr(1));
    std::vector<std::string> merged;
    std::set<std::string> known;
    for (const auto& part : parts)
      for (std::size_t at = 1, end; at < part.size(); at = end + 1) {
        end = part.find('\0', at);
        std::string level = part.substr(at, end - at);
        if (known.insert(level).second) merged.push_back(std::move(level));
      }
    return merged;
  };
  return window;
}

// data.weights and data.labels name columns of the file (checked before any column is read).
void check_annotation_columns(const ExperimentConfig& config) {
  if (config.weight_column.empty() && config.label_column.empty()) return;
  const std::vector<std::string> header = read_csv_header(config.data_path);
  for (const auto& [key, column] : {std::pair{"weights", &config.weight_column}, std::pair{"labels", &config.label_column}}) {
    if (column->empty() || std::find(header.begin(), header.end(), *column) != header.end()) continue;
    std::string message = config.file + ": data." + key + ": column '" + *column + "' not found in " + config.data_path;
    const std::string suggestion = closest_match(*column, header);
    if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
    throw ConfigError(message);
  }
}

// data.weights and data.labels for the rows this process holds.
void read_row_annotations(const ExperimentConfig& config, const RowWindow& window, Dataset& data) {
  if (!config.weight_column.empty()) {
    // Every process reads the whole column (N numbers) so that each can check the total, then keeps its rows.
    const arma::vec all = read_row_weights(config.data_path, config.weight_column);
    if (!(arma::accu(all) > 0.0))
      throw DataError(config.data_path + ": column '" + config.weight_column +
                      "': every sample weight is 0; at least one row must count");
    const std::size_t first = std::min<std::size_t>(window.first, all.n_elem);
    const std::size_t count = std::min<std::size_t>(window.count, all.n_elem - first);
    data.row_weights = count ? arma::vec(all.subvec(first, first + count - 1)) : arma::vec();
    data.weighted_rows = true;
  }
  if (!config.label_column.empty()) {
    data.known_labels = read_known_labels(config.data_path, config.label_column, config.components, window);
    data.labelled_rows = true;
  }
}

}  // namespace

PreparedExperiment prepare_experiment(ExperimentConfig& config, const FamilyRegistry& registry,
                                      const Communicator& processes) {
  if (!registry.contains(config.family)) {
    try {
      registry.get(config.family);
    } catch (const PluginError& e) {
      throw ConfigError(config.file + ": model.family: " + e.what());
    }
  }
  // Named here with its key: the readers know the path but not which key of which experiment gave it.
  if (std::error_code ignored; !std::filesystem::exists(config.data_path, ignored))
    throw ConfigError(config.file + ": data.path: " + config.data_path +
                      ": file not found (a relative path is read from the experiment file's folder)");
  const FamilyEntry& entry = registry.get(config.family);
  PreparedExperiment prepared;
  const ConfigLocation options_location{config.file, "model.options"};
  prepared.family_options = registry.resolve_options(config.family, options_with_parts(config, entry), options_location);
  config.resolved["model"]["options"] = prepared.family_options;

  // Which columns, of which kind.
  check_annotation_columns(config);
  std::vector<ColumnClaim> claims;
  if (entry.claim_columns) {
    if (!config.columns.empty())
      throw ConfigError(config.file + ": data.columns: family '" + config.family +
                        "' takes its columns from its parts; remove data.columns");
    claims = entry.claim_columns(prepared.family_options, registry, options_location);
  } else {
    std::vector<std::string> names = config.columns.empty() ? data_column_names(config.data_path) : config.columns;
    if (config.columns.empty())  // every column but the annotations
      std::erase_if(names, [&](const std::string& name) {
        return name == config.weight_column || name == config.label_column;
      });
    for (const auto& name : names) claims.push_back({name, entry.column_kind});
  }
  for (const auto& claim : claims)
    for (const auto& [key, column] : {std::pair{"weights", &config.weight_column}, std::pair{"labels", &config.label_column}})
      if (claim.name == *column)
        throw ConfigError(config.file + ": data." + key + ": column '" + claim.name +
                          "' is also a modelled column; it cannot be both");
  std::set<std::string> claimed;
  for (const auto& claim : claims)
    if (!claimed.insert(claim.name).second)
      throw ConfigError(config.file + (entry.claim_columns ? ": model.parts" : ": data.columns") + ": column '" +
                        claim.name + "' is claimed twice (each column can be modelled once)");

  std::map<std::string, std::size_t> position;
  for (std::size_t d = 0; d < claims.size(); ++d) position[claims[d].name] = d;
  std::vector<ColumnRequest> requests;
  for (const auto& claim : claims) requests.push_back({claim.name, claim.kind, {}});
  if (config.column_types.IsDefined() && !config.column_types.IsNull()) {
    const ConfigLocation where{config.file, "data.types"};
    if (!config.column_types.IsMap())
      throw ConfigError(describe_location(where, config.column_types) + "expected a map from column name to kind");
    for (const auto& item : config.column_types) {
      const std::string name = item.first.Scalar();
      const auto found = position.find(name);
      if (found == position.end())
        throw ConfigError(describe_location(where.child(name), item.first) + "no modelled column is called '" + name + "'");
      const auto kind = item.second.IsScalar() ? parse_column_kind(item.second.Scalar()) : std::nullopt;
      if (!kind)
        throw ConfigError(describe_location(where.child(name), item.second) +
                          "expected one of real, binary, categorical");
      requests[found->second].kind = *kind;
    }
  }
  for (auto& [name, levels] : levels_from_init(config))
    if (position.count(name)) requests[position[name]].levels = levels;
  if (config.column_levels.IsDefined() && !config.column_levels.IsNull()) {
    const ConfigLocation where{config.file, "data.levels"};
    if (!config.column_levels.IsMap())
      throw ConfigError(describe_location(where, config.column_levels) + "expected a map from column name to levels");
    for (const auto& item : config.column_levels) {
      const std::string name = item.first.Scalar();
      const auto found = position.find(name);
      if (found == position.end() || requests[found->second].kind != ColumnKind::categorical)
        throw ConfigError(describe_location(where.child(name), item.first) + "'" + name +
                          "' is not a modelled categorical column");
      if (!item.second.IsSequence() || item.second.size() == 0)
        throw ConfigError(describe_location(where.child(name), item.second) + "expected a non-empty list of levels");
      requests[found->second].levels = item.second.as<std::vector<std::string>>();
    }
  }

  const RowWindow window = process_window(config, processes);
  if (is_npy_path(config.data_path)) {
    prepared.data = read_npy_table(config, requests, window);
  } else {
    prepared.data = read_table(config.data_path, requests, window,
                               config.marginalize_missing ? MissingCells::marginalize : MissingCells::error);
    if (config.marginalize_missing) {
      prepared.data.missing_allowed = true;
      prepared.data.count_missing();
    }
  }
  read_row_annotations(config, window, prepared.data);
  if (config.single_precision) prepared.data.store_real_as_float32();
  if (config.components > prepared.data.total_rows())
    throw ConfigError(config.file + ": model.components: " + std::to_string(config.components) + " components but " +
                      prepared.data.source + " has only " + std::to_string(prepared.data.total_rows()) + " rows");
  // Every cell within its family's domain, checked once here rather than by the family on every pass.
  const FamilySpec spec{config.components, prepared.data.columns, prepared.family_options, config.file, &registry};
  const std::unique_ptr<ComponentFamily> family = registry.create(config.family, spec);
  check_column_domains(prepared.data, family->column_domains(), config.family);
  if (config.marginalize_missing && !family->capabilities().missing_values)
    throw ConfigError(config.file + ": data.missing: family '" + config.family +
                      "' does not handle missing cells (its capabilities do not declare missing_values); use "
                      "data.missing: error and complete or remove the rows");
  if (config.marginalize_missing && config.algorithm == "vb" && !family->capabilities().missing_values_variational)
    throw ConfigError(config.file + ": data.missing: family '" + config.family +
                      "' marginalises missing cells under em, cem, sem and kmeans but not yet under vb");
  return prepared;
}

MixtureModel make_model(const ExperimentConfig& config, const PreparedExperiment& prepared,
                        const FamilyRegistry& registry) {
  FamilySpec spec{config.components, prepared.data.columns, prepared.family_options, config.file, &registry};
  auto mixing = make_mixing(config.weight_prior, config.components, config.algorithm == "vb",
                            config.file + ": model.weights");
  MixtureModel model(std::move(mixing), registry.create(config.family, spec), prepared.family_options,
                     prepared.data.columns);
  if (config.marginalize_missing) model.set_missing_cells(MissingCells::marginalize);
  return model;
}

}  // namespace mixfit
