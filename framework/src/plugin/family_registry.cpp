// FamilyRegistry: name lookup with errors that say what was found and where.
#include "mixfit/plugin/family_registry.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/plugin/guarded_family.hpp"

namespace mixfit {

void FamilyRegistry::add(FamilyEntry entry) {
  if (entry.source.empty()) entry.source = current_source_;
  if (entry.name.empty()) throw PluginError(entry.source + ": registers a family with an empty name");
  if (!entry.factory) throw PluginError(entry.source + ": family '" + entry.name + "' has no factory");
  auto found = entries_.find(entry.name);
  if (found != entries_.end()) {
    if (built_in_.erase(entry.name) == 0)
      throw PluginError("family '" + entry.name + "' is registered twice: by " + found->second.source + " and by " +
                        entry.source);
    entry.replaces = found->second.source;
    found->second = std::move(entry);
    return;
  }
  const std::string name = entry.name;
  entries_.emplace(name, std::move(entry));
}

void FamilyRegistry::mark_built_in() {
  for (const auto& [name, entry] : entries_) built_in_.insert(name);
}

const FamilyEntry& FamilyRegistry::get(const std::string& name) const {
  auto found = entries_.find(name);
  if (found != entries_.end()) return found->second;
  std::string message = "unknown family '" + name + "'";
  const std::string suggestion = closest_match(name, names());
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  if (entries_.empty()) {
    message += " (no family plugins were found: check MIXFIT_PLUGIN_PATH, the experiment's plugins: list or "
               "--plugin)";
  } else {
    message += "\nfamilies found:";
    for (const auto& [family_name, entry] : entries_) message += "\n  " + family_name + "  (" + entry.source + ")";
    message += "\nother families load from their plugin: the experiment's plugins: list, --plugin PATH (predict, "
               "score, sample) or MIXFIT_PLUGIN_PATH";
  }
  throw PluginError(message);
}

YAML::Node FamilyRegistry::resolve_options(const std::string& name, const YAML::Node& options,
                                           const ConfigLocation& where) const {
  return get(name).options.resolve(options, where);
}

std::unique_ptr<ComponentFamily> FamilyRegistry::create(const std::string& name, const FamilySpec& spec) const {
  const FamilyEntry& entry = get(name);
  std::unique_ptr<ComponentFamily> family;
  try {
    family = entry.factory(spec);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw PluginError("family '" + name + "' (plugin " + entry.source + ") failed to build: " + e.what());
  } catch (...) {
    throw PluginError("family '" + name + "' (plugin " + entry.source +
                      ") failed to build: it threw something that is not a std::exception");
  }
  if (!family) throw PluginError("family '" + name + "' (plugin " + entry.source + ") returned no object");
  if (family->num_components() != spec.num_components || family->dimension() != spec.columns.size())
    throw PluginError("family '" + name + "' (plugin " + entry.source + ") built a model with K = " +
                      std::to_string(family->num_components()) + ", D = " + std::to_string(family->dimension()) +
                      "; asked for K = " + std::to_string(spec.num_components) +
                      ", D = " + std::to_string(spec.columns.size()));
  return std::make_unique<GuardedFamily>(std::move(family), name, entry.source);
}

std::vector<std::string> FamilyRegistry::names() const {
  std::vector<std::string> result;
  for (const auto& [name, entry] : entries_) result.push_back(name);
  return result;
}

}  // namespace mixfit
