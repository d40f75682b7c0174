// apply_override: parses "key.path=value" and writes the value into the tree, creating mappings on the way.
#include "mixfit/config/config_override.hpp"

#include "mixfit/core/error.hpp"

#include <vector>

namespace mixfit {
namespace {

/// A copy built in code, so every node has the null mark that tells
/// describe_location() the value came from the command line (a node parsed
/// from the override text would claim line 1, column 1 of the experiment file).
YAML::Node unmarked_copy(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      YAML::Node out(node.Scalar());
      out.SetTag(node.Tag());  // keeps "3" (quoted, a string) apart from 3
      return out;
    }
    case YAML::NodeType::Sequence: {
      YAML::Node out(YAML::NodeType::Sequence);
      for (const auto& element : node) out.push_back(unmarked_copy(element));
      return out;
    }
    case YAML::NodeType::Map: {
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& item : node) out[unmarked_copy(item.first)] = unmarked_copy(item.second);
      return out;
    }
    default:
      return YAML::Node();
  }
}

std::vector<std::string> split_key_path(const std::string& key_path, const std::string& assignment) {
  std::vector<std::string> keys;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key_path.find('.', start);
    std::string key = key_path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (key.empty())
      throw ConfigError("--set '" + assignment + "': empty key in '" + key_path + "' (expected KEY.PATH=VALUE)");
    keys.push_back(std::move(key));
    if (dot == std::string::npos) return keys;
    start = dot + 1;
  }
}

std::string trim(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

void apply_override(YAML::Node& root, const std::string& assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string::npos)
    throw ConfigError("--set '" + assignment + "': expected KEY.PATH=VALUE, like inference.max_iter=50");
  const std::vector<std::string> keys = split_key_path(trim(assignment.substr(0, equals)), assignment);

  YAML::Node value;
  try {
    value = unmarked_copy(YAML::Load(assignment.substr(equals + 1)));
  } catch (const YAML::ParserException& error) {
    throw ConfigError("--set '" + assignment + "': the value is not valid YAML: " + error.msg);
  }
  if (!root.IsMap()) throw ConfigError("--set '" + assignment + "': the configuration is not a mapping");

  // Walk down by rebinding (reset), never by assignment: assigning one
  // yaml-cpp node to another overwrites the first node's content.
  YAML::Node map;
  map.reset(root);
  std::string walked;
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    walked += (i ? "." : "") + keys[i];
    YAML::Node child = map[keys[i]];
    if (!child.IsDefined() || child.IsNull()) {
      child = YAML::Node(YAML::NodeType::Map);
    } else if (!child.IsMap()) {
      throw ConfigError("--set '" + assignment + "': '" + walked + "' is not a mapping, so it has no key '" +
                        keys[i + 1] + "'");
    }
    map.reset(child);
  }
  map[keys.back()] = value;
}

}  // namespace mixfit
