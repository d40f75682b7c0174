// Plugin entry point: registers the "categorical" family (the latent class model) with the run's registry.
#include "categorical_options.hpp"
#include "mixfit/plugin/plugin_api.hpp"

namespace {

void register_categorical(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      "categorical",
      "independent categorical columns per component (latent class model), EM or MAP-EM with a Dirichlet prior",
      mixfit::categorical_options_schema(),
      &mixfit::make_categorical_family,
      mixfit::ColumnKind::categorical,
      {},
      {},
  });
}

}  // namespace

MIXFIT_PLUGIN("categorical", "0.1.0", register_categorical)
