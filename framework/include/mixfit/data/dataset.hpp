// Dataset: the rows a model is fitted to, stored by kind, one observation per column.
#pragma once

#include "mixfit/data/column_spec.hpp"

#include <armadillo>

#include <cstdint>
#include <string>
#include <vector>

namespace mixfit {

/// In-memory data, each kind of column in its own compact matrix with one
/// observation per matrix column (the Armadillo/mlpack convention, so a block
/// of rows is a contiguous slab):
///   real         R×N doubles
///   binary       B×N bytes, 0 or 1
///   categorical  C×N level codes (uint16; kUnseenLevel for a level outside the dictionary)
/// `columns` lists the modelled columns in model order and says where each is.
struct Dataset {
  std::string source;               ///< file the data came from, for messages
  std::vector<ColumnSpec> columns;  ///< D columns in model order
  arma::mat real;
  arma::Mat<std::uint8_t> binary;
  arma::Mat<std::uint16_t> categorical;
  arma::mat encoding;  ///< numeric encoding for distances (see numeric()); empty when every column is real

  std::size_t num_rows() const;
  std::size_t dimension() const { return columns.size(); }
  std::vector<std::string> column_names() const;

  /// Every row as numbers, for k-means and k-means++ seeding: real columns
  /// as they are, binary columns as 0/1, categorical columns one-hot.
  const arma::mat& numeric() const { return encoding.is_empty() ? real : encoding; }

  /// Builds `encoding` (call after the typed matrices are filled; a no-op
  /// when every column is real).
  void build_numeric_encoding();

  /// A Dataset of real columns only.
  static Dataset from_real(std::string source, std::vector<std::string> names, arma::mat values);
};

}  // namespace mixfit
