// OptionTable<Options>: a family's options declared once as a typed struct — each field's key, range and help,
// and the rules across fields — from which the schema (validation, defaults, `mixfit describe`) and the typed
// value a factory reads both come.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mixfit::kit {

/// Declares the options of struct `Options`, whose default-constructed value holds the defaults:
///
///   struct TOptions { double min_nu = 0.5, max_nu = 1000; std::string covariance = "full"; };
///   OptionTable<TOptions> table;
///   table.number("min_degrees_of_freedom", &TOptions::min_nu, "the estimate's lower bound", Range::greater_than(0))
///        .number("max_degrees_of_freedom", &TOptions::max_nu, "its upper bound", Range::greater_than(0))
///        .rule("max_degrees_of_freedom", "min_degrees_of_freedom < max_degrees_of_freedom",
///              [](const TOptions& o) { return o.min_nu < o.max_nu ? "" : "must exceed min_degrees_of_freedom"; });
///   schema = table.schema();                 // for the FamilyEntry
///   const TOptions options = table.read(spec.options);   // in the factory
///
/// A rule's message is a ConfigError at the key's FILE:LINE:COL, raised where the experiment is read.
template <class Options>
class OptionTable {
 public:
  OptionTable& number(std::string key, double Options::*field, std::string help, Range range = {}) {
    schema_.number(key, Options{}.*field, std::move(help), range);
    readers_->push_back([key, field](const YAML::Node& node, Options& o) { o.*field = node[key].as<double>(); });
    return *this;
  }
  OptionTable& boolean(std::string key, bool Options::*field, std::string help) {
    schema_.boolean(key, Options{}.*field, std::move(help));
    readers_->push_back([key, field](const YAML::Node& node, Options& o) { o.*field = node[key].as<bool>(); });
    return *this;
  }
  OptionTable& choice(std::string key, std::string Options::*field, std::vector<std::string> choices,
                      std::string help) {
    schema_.choice(key, std::move(choices), Options{}.*field, std::move(help));
    readers_->push_back([key, field](const YAML::Node& node, Options& o) { o.*field = node[key].as<std::string>(); });
    return *this;
  }
  /// A field of several shapes (`4` or `estimate`), read from its node by `parse`, which throws
  /// std::invalid_argument saying what was expected; declared as any node with `default_text` as its default,
  /// and checked where the experiment is read (located at the key).
  OptionTable& custom(std::string key, std::string default_text, std::string help,
                      std::function<void(const YAML::Node& value, Options& options)> parse) {
    schema_.any(key, std::move(help), YAML::Node(default_text));
    readers_->push_back([key, parse](const YAML::Node& node, Options& o) { parse(node[key], o); });
    schema_.rule(key, key + " in the form its help gives", [key, parse](const YAML::Node& resolved) {
      try {
        Options scratch;
        parse(resolved[key], scratch);
      } catch (const std::invalid_argument& e) {
        return std::string(e.what());
      }
      return std::string();
    });
    return *this;
  }
  /// A rule across fields: `check` returns "" or what is wrong; the error is located at `key`.
  OptionTable& rule(std::string key, std::string description, std::function<std::string(const Options&)> check) {
    schema_.rule(std::move(key), std::move(description), [readers = readers_, check](const YAML::Node& resolved) {
      return check(read_with(*readers, resolved));
    });
    return *this;
  }

  /// The schema: keys in declaration order, defaults from Options{}, the rules. It stays valid after the table.
  const ConfigSchema& schema() const { return schema_; }
  /// The typed options from a resolved mapping (as a factory gets them).
  Options read(const YAML::Node& resolved) const { return read_with(*readers_, resolved); }

 private:
  using Reader = std::function<void(const YAML::Node&, Options&)>;

  static Options read_with(const std::vector<Reader>& readers, const YAML::Node& resolved) {
    Options options;
    for (const Reader& reader : readers) reader(resolved, options);
    return options;
  }

  ConfigSchema schema_;
  std::shared_ptr<std::vector<Reader>> readers_ = std::make_shared<std::vector<Reader>>();  // shared with the rules
};

}  // namespace mixfit::kit
