// Parsing mclust's model names, counting their parameters, and persisting their decomposition in model.yaml.
#include "eigen_model.hpp"

#include "parameter_yaml.hpp"

#include <cmath>
#include <string>

namespace mixfit {
namespace {

bool is_letter(char c, bool identity_allowed) { return c == 'E' || c == 'V' || (identity_allowed && c == 'I'); }

/// How many of a part's values are free: 'E' one copy, 'V' one per component, 'I' none.
std::size_t copies(char letter, std::size_t num_components) {
  return letter == 'E' ? 1 : letter == 'V' ? num_components : 0;
}

void emit_part(YAML::Emitter& out, const char* key, char part, const EigenDecomposition& parts, std::size_t k) {
  out << YAML::Key << key << YAML::Value;
  if (part == 'l') detail::emit_number(out, parts.volumes(k));
  if (part == 's') detail::emit_vector(out, parts.shapes.col(k));
  if (part == 'o') detail::emit_matrix(out, parts.orientations.slice(k));
}

/// The map a part of letter `letter` lives in: component k's, or shared:.
YAML::Node holder(const YAML::Node& model_node, char letter, std::size_t k) {
  return letter == 'V' ? model_node["components"][k] : model_node["shared"];
}

ConfigLocation holder_where(const ConfigLocation& where, char letter, std::size_t k) {
  return letter == 'V' ? detail::at_index(where.child("components"), k) : where.child("shared");
}

}  // namespace

std::optional<EigenModel> EigenModel::parse(std::string_view name) {
  if (name.size() != 3) return std::nullopt;
  const EigenModel model{name[0], name[1], name[2]};
  if (!is_letter(model.volume, false) || !is_letter(model.shape, true) || !is_letter(model.orientation, true))
    return std::nullopt;
  // mclust has no model with a varying orientation and an identity shape (xIV), nor EIE-like names.
  if (model.shape == 'I' && model.orientation != 'I') return std::nullopt;
  return model;
}

std::size_t EigenModel::num_free_parameters(std::size_t dimension, std::size_t num_components) const {
  // λ: 1 or K; A: D − 1 per copy (det A = 1); D: D(D−1)/2 per copy (an orthogonal matrix).
  return copies(volume, num_components) + copies(shape, num_components) * (dimension - 1) +
         copies(orientation, num_components) * dimension * (dimension - 1) / 2;
}

arma::mat EigenDecomposition::covariance(std::size_t k) const {
  if (orientations.is_empty()) return arma::diagmat(variances(k));
  const arma::mat& d = orientations.slice(k);
  arma::mat sigma = d * arma::diagmat(variances(k)) * d.t();
  return 0.5 * (sigma + sigma.t());
}

EigenDecomposition EigenDecomposition::permuted(const arma::uvec& order) const {
  EigenDecomposition result;
  result.volumes = volumes.elem(order);
  result.shapes = shapes.cols(order);
  if (!orientations.is_empty()) {
    result.orientations.set_size(arma::size(orientations));
    for (arma::uword i = 0; i < order.n_elem; ++i) result.orientations.slice(i) = orientations.slice(order(i));
  }
  return result;
}

bool has_equal_parts(const EigenModel& model) {
  return model.volume == 'E' || model.shape == 'E' || model.orientation == 'E';
}

void save_varying_parts(YAML::Emitter& out, const EigenModel& model, const EigenDecomposition& parts, std::size_t k) {
  if (model.volume == 'V') emit_part(out, "volume", 'l', parts, k);
  if (model.shape == 'V') emit_part(out, "shape", 's', parts, k);
  if (model.orientation == 'V') emit_part(out, "orientation", 'o', parts, k);
}

void save_equal_parts(YAML::Emitter& out, const EigenModel& model, const EigenDecomposition& parts) {
  if (model.volume == 'E') emit_part(out, "volume", 'l', parts, 0);
  if (model.shape == 'E') emit_part(out, "shape", 's', parts, 0);
  if (model.orientation == 'E') emit_part(out, "orientation", 'o', parts, 0);
}

EigenDecomposition load_decomposition(const YAML::Node& model_node, const ConfigLocation& where,
                                      const EigenModel& model, std::size_t dimension, std::size_t num_components) {
  const std::string d_text = std::to_string(dimension);
  if (has_equal_parts(model)) {
    const YAML::Node shared = detail::require_key(model_node, where, "shared");
    detail::reject_unknown_keys(shared, where.child("shared"), {"volume", "shape", "orientation"});
  }
  EigenDecomposition parts;
  parts.volumes.set_size(num_components);
  parts.shapes.ones(dimension, num_components);
  if (!model.diagonal()) parts.orientations.set_size(dimension, dimension, num_components);
  for (std::size_t k = 0; k < num_components; ++k) {
    // An equal part is read once, from shared:, and copied to every component.
    if (model.volume == 'E' && k > 0) {
      parts.volumes(k) = parts.volumes(0);
    } else {
      const ConfigLocation map = holder_where(where, model.volume, k);
      const YAML::Node node = detail::require_key(holder(model_node, model.volume, k), map, "volume");
      parts.volumes(k) = detail::read_variance(node, map.child("volume"));
    }
    if (model.shape == 'E' && k > 0) {
      parts.shapes.col(k) = parts.shapes.col(0);
    } else if (model.shape != 'I') {
      const ConfigLocation map = holder_where(where, model.shape, k);
      const ConfigLocation at = map.child("shape");
      const YAML::Node node = detail::require_key(holder(model_node, model.shape, k), map, "shape");
      const std::string expected = "a list of " + d_text + " positive numbers whose product is 1";
      parts.shapes.col(k) = detail::read_vector(node, at, dimension, expected);
      if (!parts.shapes.col(k).is_finite() || arma::any(parts.shapes.col(k) <= 0.0) ||
          std::abs(arma::accu(arma::log(parts.shapes.col(k)))) > 1e-10 * static_cast<double>(dimension))
        detail::fail_at(at, node, "expected " + expected + " (det A = 1), got " + detail::show_node(node));
    }
    if (model.orientation == 'E' && k > 0) {
      parts.orientations.slice(k) = parts.orientations.slice(0);
    } else if (model.orientation != 'I') {
      const ConfigLocation map = holder_where(where, model.orientation, k);
      const ConfigLocation at = map.child("orientation");
      const YAML::Node node = detail::require_key(holder(model_node, model.orientation, k), map, "orientation");
      const arma::mat d = detail::read_square_matrix(node, at, dimension, "a " + d_text + "×" + d_text + " matrix");
      if (arma::abs(d.t() * d - arma::eye(dimension, dimension)).max() > 1e-10)
        detail::fail_at(at, node, "expected an orthogonal matrix (its columns the orientation's unit eigenvectors)");
      parts.orientations.slice(k) = d;
    }
  }
  // A saved covariance is derived from the decomposition; it must agree, so the file cannot say two things.
  for (std::size_t k = 0; k < num_components; ++k) {
    const ConfigLocation component = detail::at_index(where.child("components"), k);
    const YAML::Node node = model_node["components"][k]["covariance"];
    if (!node) continue;
    const arma::mat saved = detail::read_square_matrix(node, component.child("covariance"), dimension,
                                                       "a " + d_text + "×" + d_text + " matrix");
    const arma::mat derived = parts.covariance(k);
    if (arma::abs(saved - derived).max() > 1e-10 * arma::abs(derived).max())
      detail::fail_at(component.child("covariance"), node,
                      "differs from volume × orientation × diag(shape) × orientationᵀ of the " + model.name() +
                          " model; the covariance is derived from the decomposition, so they must agree");
  }
  return parts;
}

}  // namespace mixfit
