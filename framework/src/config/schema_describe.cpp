// ConfigSchema::describe: the text `mixfit describe` prints, one line per key.
#include "mixfit/config/config_schema.hpp"

#include <ostream>

namespace mixfit {
namespace {

using Kind = ConfigSchema::Kind;

/// A default as it would be written in YAML, on one line.
std::string default_text(const YAML::Node& value) {
  if (value.IsScalar()) return value.Scalar().empty() ? "\"\"" : value.Scalar();
  YAML::Emitter emitter;
  emitter << YAML::Flow << value;
  return emitter.c_str();
}

/// "integer >= 1", "one of em | kmeans", "list of strings", ...
std::string kind_text(const ConfigSchema::Entry& entry) {
  switch (entry.kind) {
    case Kind::number:
      return "number" + entry.range.text();
    case Kind::integer:
      return "integer" + entry.range.text();
    case Kind::boolean:
      return "boolean";
    case Kind::string:
      return "string";
    case Kind::choice: {
      std::string text = "one of ";
      for (std::size_t i = 0; i < entry.choices.size(); ++i) text += (i ? " | " : "") + entry.choices[i];
      return text;
    }
    case Kind::string_list:
      return "list of strings";
    case Kind::number_list:
      return "list of numbers";
    case Kind::section:
      return "section";
    case Kind::any:
      return "any";
  }
  return "?";
}

}  // namespace

void ConfigSchema::describe(std::ostream& out, int indent) const {
  const std::string pad(static_cast<std::size_t>(indent > 0 ? indent : 0), ' ');
  for (const Entry& entry : entries_) {
    out << pad << entry.key << " (" << kind_text(entry);
    if (entry.required) out << ", required";
    if (entry.default_value) out << ", default " << default_text(*entry.default_value);
    out << ")";
    if (!entry.help.empty()) out << ": " << entry.help;
    out << '\n';
    if (entry.kind == Kind::section && entry.section) entry.section->describe(out, indent + 2);
  }
  for (const Rule& rule : rules_) out << pad << "(rule) " << rule.description << '\n';
}

}  // namespace mixfit
