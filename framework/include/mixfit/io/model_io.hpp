// model.yaml: writing a fitted MixtureModel and reading it back through the registry.
#pragma once

#include "mixfit/data/dataset.hpp"
#include "mixfit/model/mixture_model.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <string>

namespace mixfit {

/// The model as YAML:
///   format: mixfit-model/1
///   family: gaussian
///   options: {...}        resolved family options
///   columns: [x, y]
///   types: [real, real]   kind of each column
///   levels: [[...], ...]  level dictionary of each categorical column, in column order (only if any)
///   weights: [...]        (the mixing model)
///   components: [...]     (the family) and, if any, shared: {...}
/// Every number round-trips exactly.
std::string model_to_yaml(const MixtureModel& model);

/// Reads a model file written by model_to_yaml (family looked up in the
/// registry; options validated by the family's schema). ConfigError names
/// the file, line and key of any problem.
MixtureModel read_model(const std::string& path, const FamilyRegistry& registry);
/// The same from a parsed model map (e.g. embedded in a checkpoint); `source`
/// names it in messages.
MixtureModel read_model(const YAML::Node& model, const std::string& source, const FamilyRegistry& registry);

/// Reads the model's columns from a CSV for predict/score: each by the kind
/// the model was fitted with, categorical columns mapped with the model's
/// level dictionaries (a level the model never saw becomes kUnseenLevel; the
/// family decides whether that is an error).
Dataset read_model_data(const std::string& path, const MixtureModel& model);

}  // namespace mixfit
