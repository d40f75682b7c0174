// Dataset: the rows a model is fitted to, stored by kind, one observation per column.
#pragma once

#include "mixfit/data/column_spec.hpp"
#include "mixfit/data/row_source.hpp"

#include <armadillo>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mixfit {

/// A row of data.labels whose cell is empty: its component is estimated.
inline constexpr arma::uword kUnknownLabel = static_cast<arma::uword>(-1);

/// In-memory data, each kind of column in its own compact matrix with one
/// observation per matrix column (the Armadillo/mlpack convention, so a block
/// of rows is a contiguous slab):
///   real         R×N doubles
///   binary       B×N bytes, 0 or 1
///   categorical  C×N level codes (uint16; kUnseenLevel for a level outside the dictionary)
/// `columns` lists the modelled columns in model order and says where each is.
/// The real columns may instead come from `real_rows` (float32 storage, a
/// streamed file): then `real` is empty and every DataBlock reads its rows
/// from there. Code that walks the data goes through DataBlocks, so it works
/// for both.
struct Dataset {
  std::string source;               ///< file the data came from, for messages
  std::vector<ColumnSpec> columns;  ///< D columns in model order
  arma::mat real;
  arma::Mat<std::uint8_t> binary;
  arma::Mat<std::uint16_t> categorical;
  arma::mat encoding;  ///< numeric encoding for distances (see numeric()); empty when every column is real
  std::shared_ptr<const RowSource> real_rows;  ///< where the real columns are when `real` is empty
  /// The global index of the first row held: a process of a distributed fit
  /// holds only its rows [first_row, first_row + num_rows()) of all_rows.
  std::size_t first_row = 0;
  std::size_t all_rows = 0;  ///< N over every process; 0: num_rows() (not sharded)
  /// data.weights: each held row's sample weight (finite, ≥ 0), or empty: every row weighs 1.
  /// Not a model column; every pass multiplies a row's assignment weights by it.
  arma::vec row_weights;
  bool weighted_rows = false;  ///< data.weights is set (the same on every process, even one holding no rows)
  /// data.labels: each held row's known component, or kUnknownLabel; empty: no label is known.
  arma::uvec known_labels;
  bool labelled_rows = false;  ///< data.labels is set

  /// data.missing: marginalize (the same on every process, whether or not its rows have a missing cell).
  bool missing_allowed = false;
  /// data.missing: marginalize: missing cells and rows with at least one, among the rows held here.
  std::size_t missing_cells = 0;
  std::size_t missing_rows = 0;
  /// Counts missing_cells and missing_rows (call once the typed matrices are filled).
  void count_missing();

  /// The weight of held row `local` (0-based among the rows held here).
  double weight(std::size_t local) const { return weighted_rows ? row_weights(local) : 1.0; }
  /// The known component of held row `local`, or kUnknownLabel.
  arma::uword known_label(std::size_t local) const { return labelled_rows ? known_labels(local) : kUnknownLabel; }

  /// Rows held here.
  std::size_t num_rows() const;
  /// N, the rows of the whole data set (over every process).
  std::size_t total_rows() const { return all_rows ? all_rows : num_rows(); }
  std::size_t dimension() const { return columns.size(); }
  std::vector<std::string> column_names() const;

  /// Every row as numbers, for k-means and k-means++ seeding: real columns
  /// as they are, binary columns as 0/1, categorical columns one-hot.
  /// Only for data held in memory as doubles (holds_real_in_memory()); passes use numeric_block().
  const arma::mat& numeric() const { return encoding.is_empty() ? real : encoding; }
  /// Width of the numeric encoding.
  std::size_t numeric_width() const;
  /// Row `row` (a global index of a row held here) of the numeric encoding.
  arma::vec numeric_row(std::size_t row) const;
  /// False when the real columns come from `real_rows`.
  bool holds_real_in_memory() const { return real_rows == nullptr; }

  /// Moves the real columns into single precision (data.dtype: float32).
  void store_real_as_float32();

  /// Builds `encoding` (call after the typed matrices are filled; a no-op
  /// when every column is real).
  void build_numeric_encoding();

  /// A Dataset of real columns only.
  static Dataset from_real(std::string source, std::vector<std::string> names, arma::mat values);
};

}  // namespace mixfit
