// ConfigSchema: builders and resolve(), which validates one YAML section and fills its defaults.
#include "mixfit/config/config_schema.hpp"

#include <algorithm>

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace mixfit {
namespace {

using Kind = ConfigSchema::Kind;
using Entry = ConfigSchema::Entry;

/// How a node looks, for "got ..." in messages.
std::string describe_value(const YAML::Node& node) {
  if (node.IsNull()) return "an empty value";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  std::string text = node.Scalar();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return "'" + text + "'";
}

/// A quoted scalar ("3") is a string in YAML, never a number or a boolean.
bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) out += (i ? separator : "") + words[i];
  return out;
}

/// "a number >= 0", "an integer in [1, 10]": the expected value, for messages.
std::string expected_text(Kind kind, const Range& range) {
  return (kind == Kind::integer ? "an integer" : "a number") + range.text();
}

bool in_range(double value, const Range& range) {
  if (range.minimum && (range.minimum_exclusive ? !(value > *range.minimum) : !(value >= *range.minimum))) return false;
  return !(range.maximum && value > *range.maximum);
}

/// The value of `key` in a mapping, or nothing when the key is absent.
std::optional<YAML::Node> find_value(const YAML::Node& map, const std::string& key) {
  if (!map.IsDefined() || !map.IsMap()) return std::nullopt;
  for (const auto& item : map)
    if (item.first.IsScalar() && item.first.Scalar() == key) return item.second;
  return std::nullopt;
}

ConfigLocation element_location(const ConfigLocation& where, std::size_t index) {
  return {where.file, where.key_path + "[" + std::to_string(index) + "]"};
}

void require_scalar(const YAML::Node& node, const ConfigLocation& where, const std::string& expected) {
  if (!node.IsScalar())
    throw ConfigError(describe_location(where, node) + "expected " + expected + ", got " + describe_value(node));
}

double parse_number(const YAML::Node& node, const ConfigLocation& where, const Range& range) {
  const std::string expected = expected_text(Kind::number, range);
  require_scalar(node, where, expected);
  double value = 0.0;
  if (is_quoted(node) || !parse_double(node.Scalar(), value))
    throw ConfigError(describe_location(where, node) + "expected " + expected + ", got " + describe_value(node) +
                      (is_quoted(node) ? " (a quoted string)" : ""));
  if (std::isnan(value)) throw ConfigError(describe_location(where, node) + "expected " + expected + ", got NaN");
  if (!in_range(value, range))
    throw ConfigError(describe_location(where, node) + "expected " + expected + ", got " + node.Scalar());
  return value;
}

long long parse_integer(const YAML::Node& node, const ConfigLocation& where, const Range& range) {
  const std::string expected = expected_text(Kind::integer, range);
  require_scalar(node, where, expected);
  std::string_view text = node.Scalar();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (is_quoted(node) || text.empty() || error != std::errc() || end != text.data() + text.size())
    throw ConfigError(describe_location(where, node) + "expected " + expected + ", got " + describe_value(node) +
                      (error == std::errc::result_out_of_range ? " (too large)" : ""));
  if (!in_range(static_cast<double>(value), range))
    throw ConfigError(describe_location(where, node) + "expected " + expected + ", got " + node.Scalar());
  return value;
}

bool parse_boolean(const YAML::Node& node, const ConfigLocation& where) {
  require_scalar(node, where, "true or false");
  bool value = false;
  if (is_quoted(node) || !YAML::convert<bool>::decode(node, value))
    throw ConfigError(describe_location(where, node) + "expected true or false, got " + describe_value(node));
  return value;
}

std::string parse_string(const YAML::Node& node, const ConfigLocation& where) {
  require_scalar(node, where, "a string");
  return node.Scalar();
}

std::string parse_choice(const YAML::Node& node, const ConfigLocation& where, const std::vector<std::string>& choices) {
  const std::string expected = "one of " + join(choices, ", ");
  require_scalar(node, where, expected);
  for (const std::string& choice : choices)
    if (node.Scalar() == choice) return choice;
  std::string message = describe_location(where, node) + "expected " + expected + ", got " + describe_value(node);
  const std::string suggestion = closest_match(node.Scalar(), choices);
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  throw ConfigError(message);
}

void require_sequence(const YAML::Node& node, const ConfigLocation& where, const std::string& expected) {
  if (!node.IsSequence())
    throw ConfigError(describe_location(where, node) + "expected " + expected + ", got " + describe_value(node));
}

/// The resolved form of one present value; numbers are written back in their
/// shortest exact spelling so config.yaml reads back to the same bits.
YAML::Node resolve_value(const Entry& entry, const YAML::Node& value, const ConfigLocation& where) {
  switch (entry.kind) {
    case Kind::number:
      return YAML::Node(format_yaml_double(parse_number(value, where, entry.range)));
    case Kind::integer:
      return YAML::Node(parse_integer(value, where, entry.range));
    case Kind::boolean:
      return YAML::Node(parse_boolean(value, where));
    case Kind::string:
      return YAML::Node(parse_string(value, where));
    case Kind::choice:
      return YAML::Node(parse_choice(value, where, entry.choices));
    case Kind::string_list: {
      require_sequence(value, where, "a list of strings, like [a, b]");
      YAML::Node out(YAML::NodeType::Sequence);
      for (std::size_t i = 0; i < value.size(); ++i) out.push_back(parse_string(value[i], element_location(where, i)));
      return out;
    }
    case Kind::number_list: {
      require_sequence(value, where, "a list of numbers, like [1, 2.5]");
      YAML::Node out(YAML::NodeType::Sequence);
      for (std::size_t i = 0; i < value.size(); ++i)
        out.push_back(format_yaml_double(parse_number(value[i], element_location(where, i), Range::any())));
      return out;
    }
    case Kind::section:
      return entry.section->resolve(value, where);
    case Kind::any:
      return YAML::Clone(value);
  }
  throw std::logic_error("ConfigSchema: unhandled kind of key '" + entry.key + "'");
}

/// Keys must be distinct names the schema knows; a typo gets a suggestion.
void check_keys(const ConfigSchema& schema, const YAML::Node& given, const ConfigLocation& where) {
  std::vector<std::string> known;
  for (const Entry& entry : schema.entries()) known.push_back(entry.key);
  std::vector<std::string> seen;
  for (const auto& item : given) {
    const YAML::Node& key = item.first;
    if (!key.IsScalar())
      throw ConfigError(describe_location(where, key) + "expected a key name, got " + describe_value(key));
    const std::string& name = key.Scalar();
    const ConfigLocation at = where.child(name);
    if (!schema.find(name)) {
      std::string message = describe_location(at, key) + "unknown key '" + name + "'";
      const std::string suggestion = closest_match(name, known);
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      throw ConfigError(message + " (known keys: " + join(known, ", ") + ")");
    }
    for (const std::string& earlier : seen)
      if (earlier == name) throw ConfigError(describe_location(at, key) + "key '" + name + "' appears twice");
    seen.push_back(name);
  }
}

}  // namespace

std::string Range::text() const {
  if (minimum && maximum) return " in [" + format_double(*minimum) + ", " + format_double(*maximum) + "]";
  if (minimum) return (minimum_exclusive ? " > " : " >= ") + format_double(*minimum);
  if (maximum) return " <= " + format_double(*maximum);
  return "";
}

ConfigSchema& ConfigSchema::number(std::string key, std::optional<double> default_value, std::string help,
                                   Range range) {
  Entry entry{std::move(key), Kind::number, std::nullopt, false, std::move(help), range, {}, nullptr};
  if (default_value) entry.default_value = YAML::Node(format_yaml_double(*default_value));
  return add(std::move(entry));
}

ConfigSchema& ConfigSchema::integer(std::string key, std::optional<long long> default_value, std::string help,
                                    Range range) {
  Entry entry{std::move(key), Kind::integer, std::nullopt, false, std::move(help), range, {}, nullptr};
  if (default_value) entry.default_value = YAML::Node(*default_value);
  return add(std::move(entry));
}

ConfigSchema& ConfigSchema::boolean(std::string key, std::optional<bool> default_value, std::string help) {
  Entry entry{std::move(key), Kind::boolean, std::nullopt, false, std::move(help), {}, {}, nullptr};
  if (default_value) entry.default_value = YAML::Node(*default_value);
  return add(std::move(entry));
}

ConfigSchema& ConfigSchema::string(std::string key, std::optional<std::string> default_value, std::string help) {
  Entry entry{std::move(key), Kind::string, std::nullopt, false, std::move(help), {}, {}, nullptr};
  if (default_value) entry.default_value = YAML::Node(*default_value);
  return add(std::move(entry));
}

ConfigSchema& ConfigSchema::choice(std::string key, std::vector<std::string> choices,
                                   std::optional<std::string> default_value, std::string help) {
  if (choices.empty()) throw std::logic_error("ConfigSchema: choice key '" + key + "' has no choices");
  Entry entry{std::move(key), Kind::choice, std::nullopt, false, std::move(help), {}, std::move(choices), nullptr};
  if (default_value) entry.default_value = YAML::Node(*default_value);
  return add(std::move(entry));
}

ConfigSchema& ConfigSchema::string_list(std::string key, std::string help) {
  return add({std::move(key), Kind::string_list, std::nullopt, false, std::move(help), {}, {}, nullptr});
}

ConfigSchema& ConfigSchema::number_list(std::string key, std::string help) {
  return add({std::move(key), Kind::number_list, std::nullopt, false, std::move(help), {}, {}, nullptr});
}

bool ConfigSchema::has_required_keys() const {
  return std::any_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.required; });
}

ConfigSchema& ConfigSchema::section(std::string key, ConfigSchema nested, std::string help) {
  auto shared = std::make_shared<const ConfigSchema>(std::move(nested));
  return add({std::move(key), Kind::section, std::nullopt, false, std::move(help), {}, {}, std::move(shared)});
}

ConfigSchema& ConfigSchema::optional_section(std::string key, ConfigSchema nested, std::string help) {
  section(std::move(key), std::move(nested), std::move(help));
  entries_.back().absent_means_none = true;
  return *this;
}

ConfigSchema& ConfigSchema::any(std::string key, std::string help, std::optional<YAML::Node> default_value) {
  return add({std::move(key), Kind::any, std::move(default_value), false, std::move(help), {}, {}, nullptr});
}

ConfigSchema& ConfigSchema::required() {
  if (entries_.empty()) throw std::logic_error("ConfigSchema::required() called before any key was added");
  entries_.back().required = true;
  return *this;
}

ConfigSchema& ConfigSchema::add(Entry entry) {
  if (entry.key.empty()) throw std::logic_error("ConfigSchema: a key has an empty name");
  if (find(entry.key)) throw std::logic_error("ConfigSchema: key '" + entry.key + "' is declared twice");
  entries_.push_back(std::move(entry));
  return *this;
}

const ConfigSchema::Entry* ConfigSchema::find(const std::string& key) const {
  for (const Entry& entry : entries_)
    if (entry.key == key) return &entry;
  return nullptr;
}

YAML::Node ConfigSchema::resolve(const YAML::Node& given, const ConfigLocation& where) const {
  const bool present = given.IsDefined() && !given.IsNull();
  if (present && !given.IsMap())
    throw ConfigError(describe_location(where, given) + "expected a mapping, got " + describe_value(given));
  if (present) check_keys(*this, given, where);

  YAML::Node out(YAML::NodeType::Map);
  for (const Entry& entry : entries_) {
    const ConfigLocation at = where.child(entry.key);
    const std::optional<YAML::Node> value = find_value(given, entry.key);
    if (value) {
      out[entry.key] = resolve_value(entry, *value, at);
    } else if (entry.required) {
      // Point at the section that lacks the key when it came from the file.
      const bool marked = present && !given.Mark().is_null();
      throw ConfigError((marked ? describe_location(at, given) : at.file + ": " + at.key_path + ": ") +
                        "required key missing");
    } else if (entry.kind == Kind::section && !entry.section->has_required_keys() && !entry.absent_means_none) {
      // An absent optional section means "all defaults"; one with required
      // keys (output.component_images) means "not wanted" and stays absent.
      out[entry.key] = entry.section->resolve(YAML::Node(), at);
    } else if (entry.default_value) {
      // A copy: the resolved tree is edited later and must not alias the schema.
      out[entry.key] = YAML::Clone(*entry.default_value);
    }
  }
  for (const Rule& rule : rules_) {
    const std::string problem = rule.check(out);
    if (problem.empty()) continue;
    const std::optional<YAML::Node> value = present ? find_value(given, rule.key) : std::nullopt;
    const ConfigLocation at = where.child(rule.key);
    if (value && !value->Mark().is_null()) throw ConfigError(describe_location(at, *value) + problem);
    throw ConfigError((present && !given.Mark().is_null() ? describe_location(at, given) : at.file + ": " + at.key_path + ": ") +
                      problem);
  }
  return out;
}

ConfigSchema& ConfigSchema::rule(std::string key, std::string description,
                                 std::function<std::string(const YAML::Node& resolved)> check) {
  rules_.push_back({std::move(key), std::move(description), std::move(check)});
  return *this;
}

}  // namespace mixfit
