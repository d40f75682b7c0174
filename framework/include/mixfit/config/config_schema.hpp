// ConfigSchema: the typed, documented keys of one YAML section, used to validate, fill defaults and describe.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mixfit {

/// Where a YAML node came from, for error messages: the file and the dotted
/// key path of the section being validated ("model.options").
struct ConfigLocation {
  std::string file;
  std::string key_path;

  /// The location of `key` inside this section ("model.options" + "covariance").
  ConfigLocation child(const std::string& key) const {
    return {file, key_path.empty() ? key : key_path + "." + key};
  }
};

/// "FILE:LINE:COL: KEY.PATH: " for a node read from a file (yaml-cpp marks are
/// 0-based; messages are 1-based), "FILE: KEY.PATH (set on the command line): "
/// for a node that has no mark (a --set override).
std::string describe_location(const ConfigLocation& where, const YAML::Node& node);

/// Numeric bounds of a number or integer key.
struct Range {
  std::optional<double> minimum;
  bool minimum_exclusive = false;
  std::optional<double> maximum;

  static Range any() { return {}; }
  static Range at_least(double v) { return {v, false, std::nullopt}; }
  static Range greater_than(double v) { return {v, true, std::nullopt}; }
  static Range between(double lo, double hi) { return {lo, false, hi}; }

  /// The bounds as text for messages and describe(): " >= 0", " > 0",
  /// " in [0, 1]", " <= 5", or "" when unbounded.
  std::string text() const;
};

/// The keys of one mapping section: for each its kind, default, range or
/// allowed values and one line of help. The same object validates a YAML
/// section (unknown keys are errors with a "did you mean"), fills in the
/// defaults for the resolved config and prints `mixfit describe`.
class ConfigSchema {
 public:
  enum class Kind { number, integer, boolean, string, choice, string_list, number_list, section, any };

  struct Entry {
    std::string key;
    Kind kind = Kind::any;
    std::optional<YAML::Node> default_value;  ///< absent: the key is optional with no default, or required
    bool required = false;
    std::string help;
    Range range;
    std::vector<std::string> choices;              ///< Kind::choice
    std::shared_ptr<const ConfigSchema> section;   ///< Kind::section
    bool absent_means_none = false;                ///< Kind::section: stays absent when not given
  };

  // Builders; each returns *this so a schema reads as one expression.
  ConfigSchema& number(std::string key, std::optional<double> default_value, std::string help, Range range = {});
  ConfigSchema& integer(std::string key, std::optional<long long> default_value, std::string help, Range range = {});
  ConfigSchema& boolean(std::string key, std::optional<bool> default_value, std::string help);
  ConfigSchema& string(std::string key, std::optional<std::string> default_value, std::string help);
  ConfigSchema& choice(std::string key, std::vector<std::string> choices, std::optional<std::string> default_value,
                       std::string help);
  ConfigSchema& string_list(std::string key, std::string help);
  ConfigSchema& number_list(std::string key, std::string help);
  /// A nested mapping validated by its own schema (absent means all defaults).
  ConfigSchema& section(std::string key, ConfigSchema nested, std::string help);
  /// A nested mapping whose presence means something (a family's `prior:`):
  /// validated like section(), but left out of the resolved tree when absent.
  ConfigSchema& optional_section(std::string key, ConfigSchema nested, std::string help);
  /// A node of any shape, checked elsewhere (initial parameters, family options),
  /// copied as is; `default_value` (copied too) fills it in when absent.
  ConfigSchema& any(std::string key, std::string help, std::optional<YAML::Node> default_value = std::nullopt);
  /// Marks the most recently added key as required.
  ConfigSchema& required();
  /// A check across keys (min below max) run on the resolved mapping after every key passed its own; a
  /// non-empty message is a ConfigError located at `key` in the file (or at the section when the key took its
  /// default), like every other schema error. Shown by describe().
  ConfigSchema& rule(std::string key, std::string description,
                     std::function<std::string(const YAML::Node& resolved)> check);

  /// Validates `given` (a mapping, or a null/undefined node meaning "empty")
  /// and returns a new mapping (a deep copy, never aliasing `given` or the
  /// schema's defaults) with the schema's keys in schema order and every
  /// default filled in; absent keys without a default are left out. Integer
  /// keys reject 3.5, number keys accept integers but never NaN (numbers are
  /// written back in their shortest exact spelling), quoted scalars ("3") are
  /// strings, an empty value (`key:`) is an error for every kind but section
  /// and any, choice keys list the allowed values. Throws ConfigError with
  /// describe_location() of the offending node: unknown or repeated keys
  /// (with "did you mean"), wrong kinds, values out of range, missing
  /// required keys.
  YAML::Node resolve(const YAML::Node& given, const ConfigLocation& where) const;

  /// Prints one line per key: name, kind, default, range/choices, help.
  void describe(std::ostream& out, int indent = 0) const;

  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* find(const std::string& key) const;
  /// True if any key is required (an absent section with required keys is left out, not defaulted).
  bool has_required_keys() const;

 private:
  /// Appends a key; a duplicate or empty name is a programming error (std::logic_error).
  ConfigSchema& add(Entry entry);

  std::vector<Entry> entries_;
  struct Rule {
    std::string key, description;
    std::function<std::string(const YAML::Node&)> check;
  };
  std::vector<Rule> rules_;
};

/// The closest candidate by edit distance, if it is close enough to be a
/// plausible typo; empty otherwise. Used for "did you mean" suggestions.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace mixfit
