// StudentTFamily in model.yaml: mean, scale (matrix, or D values for diag) and degrees of freedom per component.
#include "student_t_family.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <cmath>
#include <string>

namespace mixfit::student_t {

void StudentTFamily::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw Error("student_t family: save() called before parameters were set");
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components_; ++k) {
    out << YAML::BeginMap << YAML::Key << "mean" << YAML::Value;
    emit_vector(out, means_.col(k));
    out << YAML::Key << "scale" << YAML::Value;
    if (options_.diagonal)
      emit_vector(out, scales_.slice(k).diag());
    else
      emit_matrix(out, scales_.slice(k));
    out << YAML::Key << "degrees_of_freedom" << YAML::Value;
    emit_number(out, degrees_(k));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void StudentTFamily::load(const YAML::Node& model, const std::string& source) {
  const ConfigLocation top{source, ""};
  const YAML::Node components = require_key(model, top, "components");
  const ConfigLocation list = top.child("components");
  if (!components.IsSequence() || components.size() != num_components_)
    fail_at(list, components, "expected a list of " + std::to_string(num_components_) + " components, got " +
                                  show_node(components));
  arma::mat means(dimension_, num_components_);
  arma::cube scales(dimension_, dimension_, num_components_);
  arma::vec degrees(num_components_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const ConfigLocation where = at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) fail_at(where, node, "expected a mapping with mean, scale and degrees_of_freedom");
    reject_unknown_keys(node, where, {"mean", "scale", "degrees_of_freedom"});
    means.col(k) = read_vector(require_key(node, where, "mean"), where.child("mean"), dimension_, "the mean");
    const YAML::Node scale = require_key(node, where, "scale");
    if (options_.diagonal) {
      const arma::vec variances = read_vector(scale, where.child("scale"), dimension_, "one scale per column");
      for (std::size_t d = 0; d < dimension_; ++d)
        if (!(variances(d) > 0.0)) fail_at(at_index(where.child("scale"), d), scale[d], "expected a number > 0");
      scales.slice(k) = arma::diagmat(variances);
    } else {
      scales.slice(k) = read_square_matrix(scale, where.child("scale"), dimension_, "the D×D scale matrix");
      arma::mat factor;
      if (!scales.slice(k).is_symmetric() || !arma::chol(factor, scales.slice(k), "lower"))
        fail_at(where.child("scale"), scale, "expected a symmetric positive definite matrix");
    }
    const YAML::Node nu = require_key(node, where, "degrees_of_freedom");
    degrees(k) = read_number(nu, where.child("degrees_of_freedom"));
    if (!(degrees(k) > 0.0)) fail_at(where.child("degrees_of_freedom"), nu, "expected a number > 0");
    if (options_.fixed_degrees && degrees(k) != *options_.fixed_degrees)
      fail_at(where.child("degrees_of_freedom"), nu,
              "expected the configured degrees_of_freedom " + format_double(*options_.fixed_degrees));
  }
  set_parameters(means, scales, degrees);  // everything is checked: commit
}

}  // namespace mixfit::student_t
