// model.yaml emission and loading.
#include "mixfit/io/model_io.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/data/npy_reader.hpp"
#include "mixfit/config/yaml_file.hpp"
#include "mixfit/mixing/weight_prior.hpp"

namespace mixfit {

namespace {
constexpr const char* kModelFormat = "mixfit-model/1";
}

std::string model_to_yaml(const MixtureModel& model) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << kModelFormat;
  out << YAML::Key << "family" << YAML::Value << std::string(model.family().name());
  out << YAML::Key << "options" << YAML::Value << model.options();
  std::vector<std::string> names, types;
  std::vector<std::vector<std::string>> levels;
  for (const auto& column : model.columns()) {
    names.push_back(column.name);
    types.emplace_back(to_string(column.kind));
    if (column.kind == ColumnKind::categorical) levels.push_back(column.levels);
  }
  out << YAML::Key << "columns" << YAML::Value << YAML::Flow << names;
  out << YAML::Key << "types" << YAML::Value << YAML::Flow << types;
  if (!levels.empty()) {
    out << YAML::Key << "levels" << YAML::Value << YAML::BeginSeq;
    for (const auto& list : levels) {
      // Quoted, so that level "1" stays text and "yes" is not read as a boolean.
      out << YAML::Flow << YAML::BeginSeq;
      for (const auto& level : list) out << YAML::DoubleQuoted << level;
      out << YAML::EndSeq;
    }
    out << YAML::EndSeq;
  }
  if (model.missing_cells() == MissingCells::marginalize) out << YAML::Key << "missing" << YAML::Value << "marginalize";
  model.mixing().save(out);
  if (model.noise()) model.noise()->save(out);
  model.family().save(out);
  out << YAML::EndMap;
  if (!out.good()) throw Error("cannot write the model as YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

Dataset read_model_data(const std::string& path, const MixtureModel& model) {
  if (is_npy_path(path)) {
    std::vector<std::string> names;
    for (const auto& column : model.columns()) {
      if (column.kind != ColumnKind::real)
        throw DataError(path + ": a .npy file holds real columns only; this model also has " +
                        std::string(to_string(column.kind)) + " column '" + column.name + "'");
      names.push_back(column.name);
    }
    arma::mat values = read_npy(path);
    if (values.n_rows != names.size())
      throw DataError(path + ": expected " + std::to_string(names.size()) + " columns (the model's), got " +
                      std::to_string(values.n_rows));
    Dataset data = Dataset::from_real(path, names, std::move(values));
    check_column_domains(data, model.family().column_domains(), model.family().name());
    return data;
  }
  std::vector<ColumnRequest> requests;
  for (const auto& column : model.columns()) requests.push_back({column.name, column.kind, column.levels});
  Dataset data = read_table(path, requests, {}, model.missing_cells());
  if (model.missing_cells() == MissingCells::marginalize) {
    data.missing_allowed = true;
    data.count_missing();
  }
  check_column_domains(data, model.family().column_domains(), model.family().name());
  return data;
}

MixtureModel read_model(const std::string& path, const FamilyRegistry& registry) {
  return read_model(load_yaml_file(path, "model file"), path, registry);
}

MixtureModel read_model(const YAML::Node& root, const std::string& path, const FamilyRegistry& registry) {
  const ConfigLocation top{path, ""};
  if (!root.IsMap()) throw ConfigError(path + ": expected a model file (a YAML mapping with family, columns, weights, components)");
  const YAML::Node format = root["format"];
  if (format && (!format.IsScalar() || format.Scalar() != kModelFormat))
    throw ConfigError(describe_location(top.child("format"), format) + "expected '" + kModelFormat + "'");
  const YAML::Node family = root["family"];
  if (!family || !family.IsScalar()) throw ConfigError(path + ": family: required key missing (not a mixfit model file?)");
  const YAML::Node columns = root["columns"];
  if (!columns || !columns.IsSequence() || columns.size() == 0)
    throw ConfigError(describe_location(top.child("columns"), columns ? columns : root) +
                      "expected the list of data columns the model was fitted on");
  const YAML::Node components = root["components"];
  if (!components || !components.IsSequence() || components.size() == 0)
    throw ConfigError(describe_location(top.child("components"), components ? components : root) +
                      "expected a non-empty list of components");

  FamilySpec spec;
  spec.num_components = components.size();
  spec.registry = &registry;
  const YAML::Node types = root["types"];
  if (types && (!types.IsSequence() || types.size() != columns.size()))
    throw ConfigError(describe_location(top.child("types"), types) + "expected one kind per column (" +
                      std::to_string(columns.size()) + ")");
  const YAML::Node levels = root["levels"];
  std::size_t next_levels = 0;
  for (std::size_t d = 0; d < columns.size(); ++d) {
    ColumnSpec column{columns[d].as<std::string>(), ColumnKind::real, 0, {}};
    if (types) {
      const auto kind = parse_column_kind(types[d].Scalar());
      if (!kind) throw ConfigError(describe_location(top.child("types"), types[d]) + "expected real, binary or categorical");
      column.kind = *kind;
    }
    if (column.kind == ColumnKind::categorical) {
      if (!levels || !levels.IsSequence() || next_levels >= levels.size() || !levels[next_levels].IsSequence())
        throw ConfigError(describe_location(top.child("levels"), levels ? levels : root) +
                          "expected a list of levels for categorical column '" + column.name + "'");
      column.levels = levels[next_levels++].as<std::vector<std::string>>();
    }
    spec.columns.push_back(std::move(column));
  }
  assign_storage_rows(spec.columns);
  spec.options = registry.resolve_options(family.Scalar(), root["options"], top.child("options"));
  spec.source = path;
  auto component_family = registry.create(family.Scalar(), spec);
  component_family->load(root, path);
  auto mixing = read_mixing(root, path, spec.num_components);
  MixtureModel model(std::move(mixing), std::move(component_family), spec.options, spec.columns);
  model.noise() = NoiseComponent::load(root, path);
  if (const YAML::Node missing = root["missing"]) {
    if (!missing.IsScalar() || (missing.Scalar() != "marginalize" && missing.Scalar() != "error"))
      throw ConfigError(describe_location({path, "missing"}, missing) + "expected marginalize or error");
    model.set_missing_cells(missing.Scalar() == "marginalize" ? MissingCells::marginalize : MissingCells::error);
  }
  return model;
}

}  // namespace mixfit
