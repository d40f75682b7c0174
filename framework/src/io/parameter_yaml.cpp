// Exact, located reading and writing of the numbers in model files.
#include "mixfit/io/parameter_yaml.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <algorithm>
#include <cmath>

namespace mixfit {
namespace {
constexpr std::size_t kMaxShownChars = 120;
}  // namespace

ConfigLocation at_index(const ConfigLocation& where, std::size_t index) {
  return {where.file, where.key_path + "[" + std::to_string(index) + "]"};
}

void fail_at(const ConfigLocation& where, const YAML::Node& node, const std::string& message) {
  throw ConfigError(describe_location(where, node) + message);
}

std::string show_node(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  // One line, however the file wrote it: a message must not spill a block of YAML.
  YAML::Emitter out;
  out.SetSeqFormat(YAML::Flow);
  out.SetMapFormat(YAML::Flow);
  out << node;
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

void emit_number(YAML::Emitter& out, double value) { out << format_yaml_double(value); }

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

}  // namespace mixfit
