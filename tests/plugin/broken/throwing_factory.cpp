// A plugin whose factory throws a plain std::exception.
#include "mixfit/plugin/plugin_api.hpp"

#include <stdexcept>

namespace {
void register_throwing(mixfit::FamilyRegistry& registry) {
  mixfit::FamilyEntry entry;
  entry.name = "throwing";
  entry.summary = "always fails to build";
  entry.factory = [](const mixfit::FamilySpec&) -> std::unique_ptr<mixfit::ComponentFamily> {
    throw std::runtime_error("out of cheese");
  };
  registry.add(std::move(entry));
}
}  // namespace

MIXFIT_PLUGIN("throwing_factory", "0.0.1", register_throwing)
