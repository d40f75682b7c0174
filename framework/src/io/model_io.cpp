// model.yaml emission and loading.
#include "mixfit/io/model_io.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/config/yaml_file.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"

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
  out << YAML::Key << "columns" << YAML::Value << YAML::Flow << model.columns();
  model.mixing().save(out);
  model.family().save(out);
  out << YAML::EndMap;
  if (!out.good()) throw Error("cannot write the model as YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

MixtureModel read_model(const std::string& path, const FamilyRegistry& registry) {
  const YAML::Node root = load_yaml_file(path, "model file");
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
  for (const auto& column : columns) spec.columns.push_back(column.as<std::string>());
  spec.options = registry.resolve_options(family.Scalar(), root["options"], top.child("options"));
  spec.source = path;
  auto component_family = registry.create(family.Scalar(), spec);
  component_family->load(root, path);
  auto mixing = std::make_unique<MaximumLikelihoodWeights>(spec.num_components);
  mixing->load(root, path);
  return MixtureModel(std::move(mixing), std::move(component_family), spec.options, spec.columns);
}

}  // namespace mixfit
