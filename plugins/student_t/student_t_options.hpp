// The student_t family's model.options (schema, defaults, `mixfit describe`) and its factory.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"

#include <memory>

namespace mixfit::student_t {

ConfigSchema student_t_options_schema();

/// Builds a StudentTFamily over spec.columns (real, consecutive). ConfigError naming the options key for a
/// degrees_of_freedom that is neither a number > 0 nor `estimate`, or a min not below the max.
std::unique_ptr<ComponentFamily> make_student_t_family(const FamilySpec& spec);

}  // namespace mixfit::student_t
