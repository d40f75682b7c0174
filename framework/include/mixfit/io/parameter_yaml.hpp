// Reading and writing the numbers of model files: exact text, and errors that name file, line and key.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <initializer_list>
#include <string>

namespace mixfit {


/// `where` with "[index]" appended to its key path ("components" → "components[2]").
ConfigLocation at_index(const ConfigLocation& where, std::size_t index);

/// Throws ConfigError "FILE:LINE:COL: KEY: message" for `node`.
[[noreturn]] void fail_at(const ConfigLocation& where, const YAML::Node& node, const std::string& message);

/// A short one-line rendering of a node for "got ..." (flow style, truncated).
std::string show_node(const YAML::Node& node);

/// The value of `key` in the mapping `map` (located at `where`), or a
/// ConfigError for a non-mapping or a missing key (reported at the mapping).
YAML::Node require_key(const YAML::Node& map, const ConfigLocation& where, const std::string& key);

/// Rejects keys of the mapping `map` other than `allowed`, naming the first stray one.
void reject_unknown_keys(const YAML::Node& map, const ConfigLocation& where, std::initializer_list<const char*> allowed,
                         const std::string& hint = {});

/// A finite number, parsed exactly (std::from_chars).
double read_number(const YAML::Node& node, const ConfigLocation& where);
/// A list of exactly `length` finite numbers; `expected` describes it in the message.
arma::vec read_vector(const YAML::Node& node, const ConfigLocation& where, std::size_t length,
                      const std::string& expected);
/// A list of `rows` lists of `rows` finite numbers (a square matrix given row by row).
arma::mat read_square_matrix(const YAML::Node& node, const ConfigLocation& where, std::size_t rows,
                             const std::string& expected);

/// Writes one number as its shortest exact decimal text.
void emit_number(YAML::Emitter& out, double value);
/// Writes a vector as a flow list of exact numbers: [1.5, -2].
void emit_vector(YAML::Emitter& out, const arma::vec& values);
/// Writes a matrix as a list of its rows, each a flow list: [[1, 0], [0, 1]].
void emit_matrix(YAML::Emitter& out, const arma::mat& values);

}  // namespace mixfit
