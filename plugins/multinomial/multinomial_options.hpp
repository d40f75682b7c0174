// The multinomial family's model.options and its factory.
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/family/family_spec.hpp"

#include <memory>

namespace mixfit::multinomial {

ConfigSchema multinomial_options_schema();
std::unique_ptr<ComponentFamily> make_multinomial_family(const FamilySpec& spec);

}  // namespace mixfit::multinomial
