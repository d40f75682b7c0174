// Plugin entry point: registers the "gaussian" family with the run's registry.
#include "gaussian_options.hpp"
#include "mixfit/plugin/plugin_api.hpp"

namespace {

void register_gaussian(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      "gaussian",
      "multivariate normal components with full, diag, spherical or tied covariances (EM as scikit-learn)",
      mixfit::gaussian_options_schema(),
      &mixfit::make_gaussian_family,
      {},
  });
}

}  // namespace

MIXFIT_PLUGIN("gaussian", "0.1.0", register_gaussian)
