// DataBlock: aliasing views over each typed matrix.
#include "mixfit/data/data_block.hpp"

#include <cmath>

namespace mixfit {

namespace {
// An aliasing (no-copy, fixed-size) view of columns [first, first + n) of `m`,
// or an empty matrix when `m` has no rows.
template <typename T>
arma::Mat<T> alias_columns(const arma::Mat<T>& m, std::size_t first, std::size_t n) {
  if (m.n_rows == 0) return arma::Mat<T>();
  return arma::Mat<T>(const_cast<T*>(m.colptr(first)), m.n_rows, n, false, true);
}
}  // namespace

// `first_row` is global; a sharded data set holds rows from data.first_row on.
DataBlock::DataBlock(const Dataset& data, std::size_t first_row, std::size_t num_rows, std::size_t index)
    : real_(data.real_rows ? arma::mat() : alias_columns(data.real, first_row - data.first_row, num_rows)),
      binary_(alias_columns(data.binary, first_row - data.first_row, num_rows)),
      categorical_(alias_columns(data.categorical, first_row - data.first_row, num_rows)),
      num_rows_(num_rows),
      first_row_(first_row),
      index_(index),
      source_(&data.source),
      may_have_missing_(data.missing_allowed) {
  if (data.real_rows && num_rows > 0) data.real_rows->read_rows(first_row - data.first_row, num_rows, real_);
}

DataBlock DataBlock::numeric(const Dataset& data, std::size_t first_row, std::size_t num_rows, std::size_t index) {
  if (!data.encoding.is_empty() || !data.real_rows) {
    DataBlock block(data.encoding.is_empty() ? data.real : data.encoding, first_row - data.first_row, num_rows, index);
    block.first_row_ = first_row;
    block.may_have_missing_ = data.missing_allowed;
    return block;
  }
  DataBlock block(data, first_row, num_rows, index);
  block.binary_.reset();
  block.categorical_.reset();
  return block;
}

DataBlock::DataBlock(const arma::mat& real, std::size_t first_row, std::size_t num_rows, std::size_t index)
    : real_(alias_columns(real, first_row, num_rows)),
      num_rows_(num_rows),
      first_row_(first_row),
      index_(index),
      source_(nullptr) {}

const arma::mat& DataBlock::real_rows(std::size_t first, std::size_t count, arma::mat& scratch) const {
  if (first == 0 && count == real_.n_rows) return real_;
  scratch = real_.rows(first, first + count - 1);
  return scratch;
}

DataBlock DataBlock::with_missing_real_filled(const arma::vec& fill) const {
  DataBlock copy(*this);  // Armadillo's copy constructor copies aliased memory into the copy's own
  for (arma::uword j = 0; j < copy.real_.n_cols; ++j)
    for (arma::uword i = 0; i < copy.real_.n_rows; ++i)
      if (std::isnan(copy.real_(i, j))) copy.real_(i, j) = fill(i);
  return copy;
}

bool DataBlock::has_missing_real(std::size_t first, std::size_t count) const {
  for (arma::uword j = 0; j < real_.n_cols; ++j)
    for (std::size_t i = first; i < first + count; ++i)
      if (std::isnan(real_(i, j))) return true;
  return false;
}

void DataBlock::binary_rows_as_double(std::size_t first, std::size_t count, arma::mat& out) const {
  out = arma::conv_to<arma::mat>::from(binary_.rows(first, first + count - 1));
}

}  // namespace mixfit
