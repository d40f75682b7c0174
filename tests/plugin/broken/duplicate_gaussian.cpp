// A plugin that registers a family name the built-in gaussian plugin already owns.
#include "mixfit/plugin/plugin_api.hpp"

#include <stdexcept>

namespace {
void register_duplicate(mixfit::FamilyRegistry& registry) {
  mixfit::FamilyEntry entry;
  entry.name = "gaussian";
  entry.summary = "an impostor";
  entry.factory = [](const mixfit::FamilySpec&) -> std::unique_ptr<mixfit::ComponentFamily> {
    throw std::logic_error("never built");
  };
  registry.add(std::move(entry));
}
}  // namespace

MIXFIT_PLUGIN("duplicate_gaussian", "0.0.1", register_duplicate)
