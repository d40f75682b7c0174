// The product's part of model.yaml: the parts' own save() output regrouped by component, and split again for load().
#pragma once

#include "mixfit/family/component_family.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <vector>

namespace mixfit {

/// The keys besides `components` a part may save, each a value for the whole
/// part: `shared` (parameters shared by its components, e.g. a tied
/// covariance) and `prior` (the prior its saved variational posterior was
/// computed under). The product writes each as `KEY: {parts: [...]}`.
inline constexpr const char* kPartWideKeys[] = {"shared", "prior"};

/// What `part.save()` writes inside a map, parsed back: {components: [K
/// entries], shared: ..., prior: ...}. Throws Error naming `description` if the part
/// writes anything else (the product format has room for components and
/// kPartWideKeys only) or not K components.
YAML::Node saved_part_model(const ComponentFamily& part, const std::string& description);

/// Writes `components: [{parts: [...]}, ...]` and, for each of kPartWideKeys
/// that any part saved, `KEY: {parts: [... or null]}` into the open map `out`.
void emit_product_model(YAML::Emitter& out, const std::vector<YAML::Node>& part_models, std::size_t num_components);

/// Splits the product's model map into one {components, shared, prior} map per
/// part (a part-wide key only where its entry is not null), built from the
/// original nodes so a part's messages point at the right line of `source`.
/// Throws ConfigError (file, line, key) if components is not a list of K
/// {parts: [P entries]} or a part-wide key is not {parts: [P entries]}.
std::vector<YAML::Node> split_product_model(const YAML::Node& model, std::size_t num_parts, std::size_t num_components,
                                            const std::string& source);

/// Writes `node` as it was parsed: flow collections stay flow and quoted
/// scalars stay quoted (so "yes" stays a string), unlike emitting the node
/// directly.
void emit_node(YAML::Emitter& out, const YAML::Node& node);

}  // namespace mixfit
