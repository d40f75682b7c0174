// The gaussian family's model.options: schema (validation, defaults, `mixfit describe`) and the factory.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"

#include <memory>

namespace mixfit {

/// covariance: full | diag | spherical | tied or one of mclust's model names (default full);
/// inner_max_iter, inner_tol: the inner loops of mclust's iterative M-steps;
/// reg_covar: number >= 0 added to the variances (default 1e-6, as scikit-learn).
ConfigSchema gaussian_options_schema();

/// Builds the GaussianFamily<Policy> named by spec.options["covariance"], with
/// K = spec.num_components, D = spec.columns.size() and reg_covar from the
/// resolved options. The one place the covariance type is branched on.
std::unique_ptr<ComponentFamily> make_gaussian_family(const FamilySpec& spec);

}  // namespace mixfit
