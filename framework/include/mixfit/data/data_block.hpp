// DataBlock: a non-owning view of a fixed range of rows handed to a family.
#pragma once

#include "mixfit/data/dataset.hpp"

#include <armadillo>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mixfit {

/// Rows [first_row, first_row + n) of a data set, every kind of column
/// (R×n reals, B×n bytes, C×n level codes), aliasing the data set's memory.
/// `index` is the block's position in the fixed block grid, so per-block
/// results can be combined in a fixed order.
class DataBlock {
 public:
  /// Real rows from data.real_rows are read (widened to double) into the block.
  DataBlock(const Dataset& data, std::size_t first_row, std::size_t num_rows, std::size_t index);
  /// A block of real columns only (tests, library users without a Dataset).
  DataBlock(const arma::mat& real, std::size_t first_row, std::size_t num_rows, std::size_t index);

  /// The same rows of the data's numeric encoding (Dataset::numeric()) as the
  /// block's real matrix, for distance-based passes (k-means, seeding).
  static DataBlock numeric(const Dataset& data, std::size_t first_row, std::size_t num_rows, std::size_t index);

  const arma::mat& real() const { return real_; }
  const arma::Mat<std::uint8_t>& binary() const { return binary_; }
  const arma::Mat<std::uint16_t>& categorical() const { return categorical_; }

  /// Rows [first, first + count) of real(): real() itself when that is all of
  /// it (no copy), otherwise a copy in `scratch`.
  const arma::mat& real_rows(std::size_t first, std::size_t count, arma::mat& scratch) const;
  /// A copy of this block whose missing real cells (NaN) are `fill(i)` for
  /// real row i, the other kinds unchanged.
  DataBlock with_missing_real_filled(const arma::vec& fill) const;
  /// True if any real cell of rows [first, first + count) is missing (NaN).
  bool has_missing_real(std::size_t first, std::size_t count) const;

  /// Rows [first, first + count) of binary() as doubles 0/1 in `out` (for matrix products).
  void binary_rows_as_double(std::size_t first, std::size_t count, arma::mat& out) const;

  /// False when the rows come from a data set read with data.missing off, where no cell can be missing,
  /// so a family need not scan the block for missing cells; true otherwise (and for a bare real matrix).
  bool may_have_missing() const { return may_have_missing_; }

  std::size_t num_rows() const { return num_rows_; }
  std::size_t first_row() const { return first_row_; }
  std::size_t index() const { return index_; }
  /// The data file, for messages ("row 17 of data.csv").
  std::string_view source() const { return source_ ? std::string_view(*source_) : std::string_view(); }

 private:
  arma::mat real_;
  arma::Mat<std::uint8_t> binary_;
  arma::Mat<std::uint16_t> categorical_;
  std::size_t num_rows_;
  std::size_t first_row_;
  std::size_t index_;
  const std::string* source_;
  bool may_have_missing_ = true;
};

}  // namespace mixfit
