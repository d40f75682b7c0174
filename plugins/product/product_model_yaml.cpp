// Regrouping the parts' model.yaml entries by component and back.
#include "product_model_yaml.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

namespace mixfit {
namespace {

/// The value of `key` in `map` without inserting it (undefined when absent).
YAML::Node lookup(const YAML::Node& map, const std::string& key) {
  const YAML::Node& view = map;
  return view[key];
}

/// A list of exactly `num_parts` entries (the `parts` of a component or of shared).
YAML::Node part_entries(const YAML::Node& holder, const ConfigLocation& where, std::size_t num_parts,
                        const std::string& what) {
  if (!holder.IsMap())
    fail_at(where, holder, "expected {parts: [...]} with " + what + ", got " + show_node(holder));
  reject_unknown_keys(holder, where, {"parts"}, "a product keeps each part's entry under parts: [...]");
  const YAML::Node entries = require_key(holder, where, "parts");
  if (!entries.IsSequence() || entries.size() != num_parts)
    fail_at(where.child("parts"), entries,
            "expected a list of " + std::to_string(num_parts) + " entries, " + what + ", got " + show_node(entries));
  return entries;
}

}  // namespace

YAML::Node saved_part_model(const ComponentFamily& part, const std::string& description) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  part.save(out);
  out << YAML::EndMap;
  if (!out.good()) throw Error("product family: " + description + " wrote invalid YAML: " + out.GetLastError());
  const YAML::Node model = YAML::Load(out.c_str());
  for (const auto& item : model) {
    const std::string key = item.first.Scalar();
    if (key != "components" && key != "shared")
      throw Error("product family: " + description + " (family '" + std::string(part.name()) + "') saves the key '" +
                  key + "', but a product's model.yaml holds only each part's components and shared entries");
  }
  const YAML::Node components = lookup(model, "components");
  if (!components.IsSequence() || components.size() != part.num_components())
    throw Error("product family: " + description + " (family '" + std::string(part.name()) + "') saved " +
                show_node(components) + " as its components, expected a list of " +
                std::to_string(part.num_components()));
  return model;
}

void emit_product_model(YAML::Emitter& out, const std::vector<YAML::Node>& part_models, std::size_t num_components) {
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components; ++k) {
    out << YAML::BeginMap << YAML::Key << "parts" << YAML::Value << YAML::BeginSeq;
    for (const YAML::Node& model : part_models) {
      const YAML::Node components = lookup(model, "components");
      emit_node(out, components[k]);
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq;

  bool any_shared = false;
  for (const YAML::Node& model : part_models) any_shared = any_shared || lookup(model, "shared").IsDefined();
  if (!any_shared) return;
  out << YAML::Key << "shared" << YAML::Value << YAML::BeginMap << YAML::Key << "parts" << YAML::Value
      << YAML::BeginSeq;
  for (const YAML::Node& model : part_models) {
    const YAML::Node shared = lookup(model, "shared");
    if (shared.IsDefined()) emit_node(out, shared);
    else out << YAML::Null;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

std::vector<YAML::Node> split_product_model(const YAML::Node& model, std::size_t num_parts, std::size_t num_components,
                                            const std::string& source) {
  const ConfigLocation where{source, ""};
  const std::string per_part = "one per part (" + std::to_string(num_parts) + ")";
  const YAML::Node components = require_key(model, where, "components");
  const ConfigLocation list_at = where.child("components");
  if (!components.IsSequence() || components.size() != num_components)
    fail_at(list_at, components,
            "expected a list of " + std::to_string(num_components) + " components, each {parts: [...]} with " +
                per_part + " entries, got " + show_node(components));
  std::vector<YAML::Node> entries;  // per component: its parts list (read through const views: no insertion)
  for (std::size_t k = 0; k < num_components; ++k)
    entries.push_back(part_entries(components[k], at_index(list_at, k), num_parts, per_part));
  const YAML::Node shared = lookup(model, "shared");
  const bool has_shared = shared.IsDefined() && !shared.IsNull();
  const YAML::Node shared_entries =
      has_shared ? part_entries(shared, where.child("shared"), num_parts, per_part + ", null for a part without") : YAML::Node();

  std::vector<YAML::Node> part_models;
  for (std::size_t p = 0; p < num_parts; ++p) {
    // The original nodes, not copies: their marks still point into `source`.
    YAML::Node part_components(YAML::NodeType::Sequence);
    for (std::size_t k = 0; k < num_components; ++k) {
      const YAML::Node& component_parts = entries[k];
      part_components.push_back(component_parts[p]);
    }
    YAML::Node part_model(YAML::NodeType::Map);
    part_model["components"] = part_components;
    if (has_shared && !shared_entries[p].IsNull()) part_model["shared"] = shared_entries[p];
    part_models.push_back(part_model);
  }
  return part_models;
}

void emit_node(YAML::Emitter& out, const YAML::Node& node) {
  if (!node.IsDefined()) {
    out << YAML::Null;
    return;
  }
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out << YAML::Null;
      return;
    case YAML::NodeType::Scalar:
      // yaml-cpp tags a quoted scalar "!"; re-emitting the node would drop the quotes.
      if (node.Tag() == "!") out << YAML::DoubleQuoted;
      out << node.Scalar();
      return;
    case YAML::NodeType::Sequence:
      if (node.Style() == YAML::EmitterStyle::Flow) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const YAML::Node& item : node) emit_node(out, item);
      out << YAML::EndSeq;
      return;
    case YAML::NodeType::Map:
      if (node.Style() == YAML::EmitterStyle::Flow) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& item : node) {
        out << YAML::Key;
        emit_node(out, item.first);
        out << YAML::Value;
        emit_node(out, item.second);
      }
      out << YAML::EndMap;
      return;
  }
}

}  // namespace mixfit
