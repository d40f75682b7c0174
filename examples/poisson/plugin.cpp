// Plugin entry point: registers the "poisson" family with the run's registry.
#include "poisson_cell.hpp"

#include <mixfit/plugin/plugin_api.hpp>

namespace {

void register_poisson(mixfit::FamilyRegistry& registry) { registry.add(poisson::PoissonFamily::entry()); }

}  // namespace

MIXFIT_PLUGIN("poisson", "0.2.0", register_poisson)
