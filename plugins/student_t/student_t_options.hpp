// The student_t family's model.options (schema, defaults, `mixfit describe`) and its factory.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"

#include <memory>

namespace mixfit::student_t {

/// Declared once as a typed struct (kit::OptionTable): the keys, defaults and ranges, and the rules checked where
/// the experiment is read, each error at the key's FILE:LINE:COL (a degrees_of_freedom that is neither a number
/// > 0 nor `estimate`; a min not below the max).
ConfigSchema student_t_options_schema();

/// Builds a StudentTFamily over spec.columns (real, consecutive) from resolved options.
std::unique_ptr<ComponentFamily> make_student_t_family(const FamilySpec& spec);

}  // namespace mixfit::student_t
