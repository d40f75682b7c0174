// StudentTFamily in model.yaml: its fields declared once (kit::FieldTable) — mean, scale (a matrix, or D values
// for diag) and degrees of freedom per component — which give save and the located, all-or-nothing load.
#include "student_t_family.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/kit/field_table.hpp"

#include <string>

namespace mixfit::student_t {
namespace {

enum Field : std::size_t { kMean, kScale, kDegrees };

kit::FieldNames field_names(bool diagonal) {
  kit::FieldNames names;
  names.family = "student_t";
  names.fields = {{"mean", kit::Constraint::real, kit::FieldShape::columns},
                  diagonal ? kit::FieldSpec{"scale", kit::Constraint::positive, kit::FieldShape::columns}
                           : kit::FieldSpec{"scale", kit::Constraint::positive_definite, kit::FieldShape::matrix},
                  {"degrees_of_freedom", kit::Constraint::positive, kit::FieldShape::one}};
  return names;
}

}  // namespace

void StudentTFamily::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw Error("student_t family: save() called before parameters were set");
  kit::FieldTable table;
  table.values = {means_, arma::mat(options_.diagonal ? dimension_ : dimension_ * dimension_, num_components_),
                  arma::mat(degrees_.t())};
  for (std::size_t k = 0; k < num_components_; ++k)
    table.values[kScale].col(k) = options_.diagonal ? arma::vec(scales_.slice(k).diag()) : arma::vectorise(scales_.slice(k));
  kit::save_fields(out, field_names(options_.diagonal), table);
}

void StudentTFamily::load(const YAML::Node& model, const std::string& source) {
  const kit::FieldTable table = kit::load_fields(
      model, source, field_names(options_.diagonal), dimension_, num_components_,
      [](const std::vector<double>&) { return std::string(); },
      [](const std::vector<arma::vec>&, const std::vector<arma::vec>&) { return std::optional<kit::FieldProblem>(); },
      [&](const std::vector<arma::vec>& values) -> std::optional<kit::FieldProblem> {
        if (options_.fixed_degrees && values[kDegrees](0) != *options_.fixed_degrees)
          return kit::FieldProblem{"expected the configured degrees_of_freedom " +
                                       format_double(*options_.fixed_degrees),
                                   kDegrees, 0};
        return std::nullopt;
      });
  arma::cube scales(dimension_, dimension_, num_components_);
  for (std::size_t k = 0; k < num_components_; ++k)
    scales.slice(k) = options_.diagonal ? arma::mat(arma::diagmat(table.values[kScale].col(k)))
                                        : arma::mat(arma::reshape(table.values[kScale].col(k), dimension_, dimension_));
  set_parameters(table.values[kMean], scales, table.values[kDegrees].row(0).t());  // everything is checked: commit
}

}  // namespace mixfit::student_t
