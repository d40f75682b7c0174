// Dataset: the rows a model is fitted to, stored one observation per column.
#pragma once

#include <armadillo>

#include <string>
#include <vector>

namespace mixfit {

/// In-memory numeric data: `values` is D×N, one observation per column (the
/// Armadillo/mlpack convention, so a block of rows is a contiguous slab).
struct Dataset {
  std::string source;                      ///< file the data came from, for messages
  std::vector<std::string> column_names;   ///< D names, in the order of `values`' rows
  arma::mat values;                        ///< D×N

  std::size_t num_rows() const { return values.n_cols; }
  std::size_t dimension() const { return values.n_rows; }
};

}  // namespace mixfit
