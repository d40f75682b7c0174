// model.yaml: writing a fitted MixtureModel and reading it back through the registry.
#pragma once

#include "mixfit/model/mixture_model.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <string>

namespace mixfit {

/// The model as YAML:
///   format: mixfit-model/1
///   family: gaussian
///   options: {...}        resolved family options
///   columns: [x, y]
///   weights: [...]        (the mixing model)
///   components: [...]     (the family) and, if any, shared: {...}
/// Every number round-trips exactly.
std::string model_to_yaml(const MixtureModel& model);

/// Reads a model file written by model_to_yaml (family looked up in the
/// registry; options validated by the family's schema). ConfigError names
/// the file, line and key of any problem.
MixtureModel read_model(const std::string& path, const FamilyRegistry& registry);

}  // namespace mixfit
