// Schema of the student_t family's options and the factory.
#include "student_t_options.hpp"

#include "student_t_family.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <cmath>
#include <string>

namespace mixfit::student_t {

ConfigSchema student_t_options_schema() {
  ConfigSchema schema;
  schema.choice("covariance", {"full", "diag"}, std::string("full"),
                "the scale matrix: full (D×D) or diag (D values, columns independent given the latent scale)")
      .any("degrees_of_freedom",
           "a number > 0 to fix ν for every component, or `estimate` (each component's ν by its M-step; "
           "Peel & McLachlan 2000); a very large ν is the Gaussian",
           YAML::Node("estimate"))
      .number("initial_degrees_of_freedom", 10.0, "ν before the first estimate", Range::greater_than(0))
      .number("min_degrees_of_freedom", 0.5, "the estimate's lower bound", Range::greater_than(0))
      .number("max_degrees_of_freedom", 1000.0, "the estimate's upper bound (must exceed the lower)",
              Range::greater_than(0))
      .number("reg_covar", 1e-6, "added to the scale's diagonal after every M-step", Range::at_least(0));
  return schema;
}

std::unique_ptr<ComponentFamily> make_student_t_family(const FamilySpec& spec) {
  const std::size_t first = spec.contiguous_storage(ColumnKind::real, "student_t");
  const std::string where = spec.source + ": model.options.";
  StudentTOptions options;
  options.diagonal = spec.options["covariance"].as<std::string>() == "diag";
  const YAML::Node degrees = spec.options["degrees_of_freedom"];
  if (!degrees.IsScalar()) throw ConfigError(where + "degrees_of_freedom: expected a number > 0 or 'estimate'");
  if (degrees.Scalar() != "estimate") {
    double value = 0.0;
    if (!parse_double(degrees.Scalar(), value) || !(value > 0.0) || !std::isfinite(value))
      throw ConfigError(where + "degrees_of_freedom: expected a number > 0 or 'estimate', got '" + degrees.Scalar() +
                        "'");
    options.fixed_degrees = value;
  }
  options.initial_degrees = spec.options["initial_degrees_of_freedom"].as<double>();
  options.min_degrees = spec.options["min_degrees_of_freedom"].as<double>();
  options.max_degrees = spec.options["max_degrees_of_freedom"].as<double>();
  if (!(options.min_degrees < options.max_degrees))
    throw ConfigError(where + "min_degrees_of_freedom (" + format_double(options.min_degrees) +
                      ") must be below max_degrees_of_freedom (" + format_double(options.max_degrees) + ")");
  options.reg_covar = spec.options["reg_covar"].as<double>();
  return std::make_unique<StudentTFamily>(spec.num_components, spec.dimension(), options, first);
}

}  // namespace mixfit::student_t
