// Plugin entry point: registers the "von_mises" family.
#include "von_mises_cell.hpp"

#include <mixfit/plugin/plugin_api.hpp>

namespace {

void register_von_mises(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::von_mises::VonMisesFamily::entry());
}

}  // namespace

MIXFIT_PLUGIN("von_mises", "0.2.0", register_von_mises)
