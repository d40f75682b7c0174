// Plugin entry point: registers the "exponential" family.
#include "exponential_cell.hpp"

#include <mixfit/plugin/plugin_api.hpp>

namespace {

void register_exponential(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::exponential::ExponentialFamily::entry());
}

}  // namespace

MIXFIT_PLUGIN("exponential", "0.1.0", register_exponential)
