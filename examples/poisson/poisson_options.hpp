// The poisson family's model.options (schema for validation, defaults and `mixfit describe`) and its factory.
#pragma once

#include <mixfit/config/config_schema.hpp>
#include <mixfit/family/component_family.hpp>
#include <mixfit/family/family_spec.hpp>

#include <memory>

namespace poisson {

/// min_rate: number > 0, default 1e-10 (rates are floored there after each M-step);
/// prior: optional {shape, rate} (gamma_prior_schema): MAP-EM when given, and VB's prior.
mixfit::ConfigSchema poisson_options_schema();

/// Builds a PoissonFamily with K = spec.num_components over spec.columns (all
/// real, consecutive storage rows; ConfigError otherwise) from resolved options.
std::unique_ptr<mixfit::ComponentFamily> make_poisson_family(const mixfit::FamilySpec& spec);

}  // namespace poisson
