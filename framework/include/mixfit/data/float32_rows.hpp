// Float32Rows: real data held in single precision (data.dtype: float32).
#pragma once

#include "mixfit/data/row_source.hpp"

namespace mixfit {

/// Halves the memory and the bandwidth of the data; every block is widened to
/// double before a family sees it, so all arithmetic and accumulation stays
/// in double precision. The data are rounded to float once, when stored.
class Float32Rows final : public RowSource {
 public:
  explicit Float32Rows(arma::fmat values) : values_(std::move(values)) {}

  std::size_t num_rows() const override { return values_.n_cols; }
  std::size_t num_columns() const override { return values_.n_rows; }
  void read_rows(std::size_t first, std::size_t count, arma::mat& out) const override;
  std::string description() const override { return "float32 in memory"; }
  std::size_t resident_bytes() const override { return values_.n_elem * sizeof(float); }

 private:
  arma::fmat values_;
};

}  // namespace mixfit
