// Exact, located reading and writing of the numbers in a Gaussian model.yaml.
#include "parameter_yaml.hpp"

#include "cholesky_factor.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <algorithm>
#include <cmath>

namespace mixfit::detail {
namespace {

// A hand-written or foreign (numpy) covariance may be asymmetric in the last
// bits; anything larger than this, relative to the largest entry, is a typo.
constexpr double kSymmetryTolerance = 1e-12;
constexpr std::size_t kMaxShownChars = 120;

std::string dimensions_text(std::size_t rows) { return std::to_string(rows) + "×" + std::to_string(rows); }

}  // namespace

ConfigLocation at_index(const ConfigLocation& where, std::size_t index) {
  return {where.file, where.key_path + "[" + std::to_string(index) + "]"};
}

void fail_at(const ConfigLocation& where, const YAML::Node& node, const std::string& message) {
  throw ConfigError(describe_location(where, node) + message);
}

std::string show_node(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  YAML::Emitter out;
  out << YAML::Flow << node;
  std::string text = out.c_str();
  if (text.size() > kMaxShownChars) text = text.substr(0, kMaxShownChars - 3) + "...";
  return text;
}

YAML::Node require_key(const YAML::Node& map, const ConfigLocation& where, const std::string& key) {
  if (!map.IsMap()) fail_at(where, map, "expected a mapping with key '" + key + "', got " + show_node(map));
  YAML::Node value = map[key];
  if (!value.IsDefined()) fail_at(where.child(key), map, "required key is missing");
  return value;
}

void reject_unknown_keys(const YAML::Node& map, const ConfigLocation& where, std::initializer_list<const char*> allowed,
                         const std::string& hint) {
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }))
      fail_at(where.child(key), entry.first, "unknown key '" + key + "'" + (hint.empty() ? "" : " (" + hint + ")"));
  }
}

double read_number(const YAML::Node& node, const ConfigLocation& where) {
  double value = 0.0;
  if (!node.IsScalar() || !parse_double(node.Scalar(), value))
    fail_at(where, node, "expected a number, got " + show_node(node));
  if (!std::isfinite(value)) fail_at(where, node, "expected a finite number, got " + node.Scalar());
  return value;
}

double read_variance(const YAML::Node& node, const ConfigLocation& where) {
  const double value = read_number(node, where);
  if (!(value > 0.0)) fail_at(where, node, "expected a positive variance, got " + node.Scalar());
  return value;
}

arma::vec read_vector(const YAML::Node& node, const ConfigLocation& where, std::size_t length,
                      const std::string& expected) {
  if (!node.IsSequence() || node.size() != length)
    fail_at(where, node, "expected " + expected + ", got " + show_node(node));
  arma::vec values(length);
  for (std::size_t i = 0; i < length; ++i) values(i) = read_number(node[i], at_index(where, i));
  return values;
}

arma::mat read_square_matrix(const YAML::Node& node, const ConfigLocation& where, std::size_t rows,
                             const std::string& expected) {
  bool shape_ok = node.IsSequence() && node.size() == rows;
  for (std::size_t i = 0; shape_ok && i < rows; ++i) shape_ok = node[i].IsSequence() && node[i].size() == rows;
  if (!shape_ok) fail_at(where, node, "expected " + expected + ", got " + show_node(node));
  arma::mat values(rows, rows);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < rows; ++j) values(i, j) = read_number(node[i][j], at_index(at_index(where, i), j));
  return values;
}

arma::mat read_covariance_matrix(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension) {
  const std::string expected = "a " + dimensions_text(dimension) + " symmetric positive-definite matrix";
  arma::mat covariance = read_square_matrix(node, where, dimension, expected + " (a list of " +
                                                                        std::to_string(dimension) + " rows)");
  const double scale = arma::abs(covariance).max();
  if (arma::abs(covariance - covariance.t()).max() > kSymmetryTolerance * scale)
    fail_at(where, node, "expected " + expected + ", got " + show_node(node) + " (not symmetric)");
  covariance = 0.5 * (covariance + covariance.t());  // exact for an exactly symmetric input
  if (!factor_covariance(covariance))
    fail_at(where, node, "expected " + expected + ", got " + show_node(node) + " (not positive definite)");
  return covariance;
}

void emit_number(YAML::Emitter& out, double value) { out << format_double(value); }

void emit_vector(YAML::Emitter& out, const arma::vec& values) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const double v : values) emit_number(out, v);
  out << YAML::EndSeq;
}

void emit_matrix(YAML::Emitter& out, const arma::mat& values) {
  out << YAML::Flow << YAML::BeginSeq;
  for (arma::uword i = 0; i < values.n_rows; ++i) emit_vector(out, values.row(i).t());
  out << YAML::EndSeq;
}

}  // namespace mixfit::detail
