// Plugin entry point: registers the "gaussian" family with the run's registry.
#include "gaussian_options.hpp"
#include "mixfit/plugin/plugin_api.hpp"

namespace {

void register_gaussian(mixfit::FamilyRegistry& registry) {
  mixfit::FamilyEntry entry;
  entry.name = "gaussian";
  entry.summary =
      "multivariate normal components with full, diag, spherical or tied covariances (EM, MAP-EM and VB, as "
      "scikit-learn)";
  entry.options = mixfit::gaussian_options_schema();
  entry.factory = &mixfit::make_gaussian_family;
  entry.column_kind = mixfit::ColumnKind::real;
  registry.add(std::move(entry));
}

}  // namespace

MIXFIT_PLUGIN("gaussian", "0.1.0", register_gaussian)
