// DataBlock: a non-owning view of a fixed range of rows handed to a family.
#pragma once

#include <armadillo>

#include <cstddef>

namespace mixfit {

/// Rows [first_row, first_row + n) of a data set. `values` is D×n and aliases
/// the data set's memory (no copy); `index` is the block's position in the
/// fixed block grid, so per-block results can be combined in a fixed order.
class DataBlock {
 public:
  DataBlock(const arma::mat& all_values, std::size_t first_row, std::size_t num_rows, std::size_t index)
      : values_(const_cast<double*>(all_values.colptr(first_row)), all_values.n_rows, num_rows, false, true),
        first_row_(first_row),
        index_(index) {}

  /// D×n observations, one per column.
  const arma::mat& values() const { return values_; }
  std::size_t num_rows() const { return values_.n_cols; }
  std::size_t dimension() const { return values_.n_rows; }
  std::size_t first_row() const { return first_row_; }
  std::size_t index() const { return index_; }

 private:
  arma::mat values_;
  std::size_t first_row_;
  std::size_t index_;
};

}  // namespace mixfit
