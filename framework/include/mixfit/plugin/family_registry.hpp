// FamilyRegistry: the families known to one run, by name, with their schema and the library they came from.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"

#include <functional>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

namespace mixfit {

using FamilyFactory = std::function<std::unique_ptr<ComponentFamily>(const FamilySpec&)>;

/// A column a family asks for, and how its cells are to be read.
struct ColumnClaim {
  std::string name;
  ColumnKind kind = ColumnKind::real;
};

/// For composite families: which columns, of which kinds, the family models,
/// from its resolved options (a product reads its parts). `where` locates
/// the options for messages.
using ColumnClaimer = std::function<std::vector<ColumnClaim>(const YAML::Node& options, const FamilyRegistry& registry,
                                                             const ConfigLocation& where)>;

/// What a plugin registers for one family.
struct FamilyEntry {
  std::string name;
  std::string summary;       ///< one line, for `mixfit describe` and "unknown family" messages
  ConfigSchema options;      ///< the keys of model.options
  FamilyFactory factory;
  /// The kind of column the family models: data.columns (or every column of
  /// the file) are read as this kind unless data.types says otherwise.
  ColumnKind column_kind = ColumnKind::real;
  /// Set only by composite families whose columns come from their options
  /// (the product family's parts); then data.columns is not used.
  ColumnClaimer claim_columns = {};
  // Set by the loader, so a plugin leaves them out (the "= {}" keeps GCC's -Wextra quiet about that).
  std::string source = {};    ///< the library file it came from
  std::string replaces = {};  ///< the built-in library whose family of this name it replaced, if any
};

/// An ordinary object owned by the run (never a global): plugins add to it
/// through their register function, the run looks families up by name.
class FamilyRegistry {
 public:
  /// Adds a family. A name registered twice is a PluginError naming both sources, unless the first is built in
  /// (see mark_built_in): then the new entry replaces it and records which library it replaced.
  void add(FamilyEntry entry);

  /// Marks every family registered so far as built in (the executable's own plugin folder). A plugin the user
  /// names (plugins:, --plugin, MIXFIT_PLUGIN_PATH) may then register a family of the same name, which replaces
  /// the built-in one for this run: a family developed from a built-in one (examples/poisson is the built-in
  /// poisson) loads beside the install instead of being refused. The manifest records the library used.
  void mark_built_in();

  /// The entry for `name`, or a PluginError listing every family found and
  /// where each came from (with a "did you mean").
  const FamilyEntry& get(const std::string& name) const;
  bool contains(const std::string& name) const { return entries_.count(name) != 0; }
  std::vector<std::string> names() const;

  /// Validates `options` against the family's schema (errors located at
  /// `where`) and returns the resolved options with every default filled in.
  YAML::Node resolve_options(const std::string& name, const YAML::Node& options, const ConfigLocation& where) const;

  /// Builds a family through its factory, wrapped in a GuardedFamily. An
  /// exception that is not a mixfit Error, from the factory or from any later
  /// call into the family, becomes a PluginError naming the family and its
  /// library, so a faulty plugin cannot take the process down without saying
  /// which it was.
  std::unique_ptr<ComponentFamily> create(const std::string& name, const FamilySpec& spec) const;

  /// Set by the loader while a plugin's register function runs, so entries
  /// record their library without the plugin having to say it.
  void set_current_source(std::string source) { current_source_ = std::move(source); }

 private:
  std::map<std::string, FamilyEntry> entries_;
  std::set<std::string> built_in_;  ///< names that a named plugin may still replace
  std::string current_source_;
};

}  // namespace mixfit
