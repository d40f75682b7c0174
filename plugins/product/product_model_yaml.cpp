// Regrouping the parts' model.yaml entries by component and back.
#include "product_model_yaml.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <algorithm>
#include <iterator>

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
    const bool part_wide =
        std::any_of(std::begin(kPartWideKeys), std::end(kPartWideKeys), [&](const char* k) { return key == k; });
    if (key != "components" && !part_wide)
      throw Error("product family: " + description + " (family '" + std::string(part.name()) + "') saves the key '" +
                  key + "', but a product's model.yaml holds only each part's components, shared and prior entries");
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

  for (const char* key : kPartWideKeys) {
    const bool any = std::any_of(part_models.begin(), part_models.end(),
                                 [&](const YAML::Node& model) { return lookup(model, key).IsDefined(); });
    if (!any) continue;
    out << YAML::Key << key << YAML::Value << YAML::BeginMap << YAML::Key << "parts" << YAML::Value << YAML::BeginSeq;
    for (const YAML::Node& model : part_models) {
      const YAML::Node entry = lookup(model, key);
      if (entry.IsDefined()) emit_node(out, entry);
      else out << YAML::Null;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
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
  std::vector<std::pair<const char*, YAML::Node>> part_wide;  // each present part-wide key and its parts list
  for (const char* key : kPartWideKeys) {
    const YAML::Node holder = lookup(model, key);
    if (holder.IsDefined() && !holder.IsNull())
      part_wide.emplace_back(key, part_entries(holder, where.child(key), num_parts, per_part + ", null for a part without"));
  }

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
    for (const auto& [key, part_entries_of_key] : part_wide) {
      const YAML::Node& entries_view = part_entries_of_key;
      if (!entries_view[p].IsNull()) part_model[key] = entries_view[p];
    }
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
