// The student_t family's options, declared once (kit::OptionTable), and the factory.
#include "student_t_options.hpp"

#include "student_t_family.hpp"

#include "mixfit/core/number_format.hpp"
#include "mixfit/kit/typed_options.hpp"

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace mixfit::student_t {
namespace {

struct Declared {
  std::string covariance = "full";
  std::optional<double> degrees;  ///< absent: estimate
  double initial = 10.0, min = 0.5, max = 1000.0, reg_covar = 1e-6;
};

kit::OptionTable<Declared> option_table() {
  kit::OptionTable<Declared> table;
  table.choice("covariance", &Declared::covariance, {"full", "diag"},
               "the scale matrix: full (D×D) or diag (D values, columns independent given the latent scale)")
      .custom("degrees_of_freedom", "estimate",
              "a number > 0 to fix ν for every component, or `estimate` (each component's ν by its M-step; "
              "Peel & McLachlan 2000); a very large ν is the Gaussian",
              [](const YAML::Node& value, Declared& options) {
                if (value.IsScalar() && value.Scalar() == "estimate") return;
                double number = 0.0;
                if (!value.IsScalar() || !parse_double(value.Scalar(), number) || !(number > 0.0) ||
                    !std::isfinite(number))
                  throw std::invalid_argument("expected a number > 0 or 'estimate'");
                options.degrees = number;
              })
      .number("initial_degrees_of_freedom", &Declared::initial, "ν before the first estimate", Range::greater_than(0))
      .number("min_degrees_of_freedom", &Declared::min, "the estimate's lower bound", Range::greater_than(0))
      .number("max_degrees_of_freedom", &Declared::max, "the estimate's upper bound", Range::greater_than(0))
      .rule("max_degrees_of_freedom", "min_degrees_of_freedom < max_degrees_of_freedom",
            [](const Declared& options) {
              return options.min < options.max ? std::string()
                                               : "must exceed min_degrees_of_freedom (" + format_double(options.min) +
                                                     "), got " + format_double(options.max);
            })
      .number("reg_covar", &Declared::reg_covar, "added to the scale's diagonal after every M-step", Range::at_least(0));
  return table;
}

}  // namespace

ConfigSchema student_t_options_schema() { return option_table().schema(); }

std::unique_ptr<ComponentFamily> make_student_t_family(const FamilySpec& spec) {
  const std::size_t first = spec.contiguous_storage(ColumnKind::real, "student_t");
  const Declared declared = option_table().read(spec.options);
  StudentTOptions options;
  options.diagonal = declared.covariance == "diag";
  options.fixed_degrees = declared.degrees;
  options.initial_degrees = declared.initial;
  options.min_degrees = declared.min;
  options.max_degrees = declared.max;
  options.reg_covar = declared.reg_covar;
  return std::make_unique<StudentTFamily>(spec.num_components, spec.dimension(), options, first);
}

}  // namespace mixfit::student_t
