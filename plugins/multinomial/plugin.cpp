// Plugin entry point: registers the "multinomial" family.
#include "multinomial_cell.hpp"

#include <mixfit/plugin/plugin_api.hpp>

namespace {

void register_multinomial(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::multinomial::MultinomialFamily::entry());
}

}  // namespace

MIXFIT_PLUGIN("multinomial", "0.2.0", register_multinomial)
