// Reads numeric CSV files into a Dataset, with errors that name file, line and column.
#pragma once

#include "mixfit/data/dataset.hpp"

#include <string>
#include <vector>

namespace mixfit {

/// Reads a comma-separated file with one header line.
///
/// `columns` picks and orders the columns by header name; empty means every
/// column. Throws DataError naming the file, the 1-based line and the column
/// for: a missing/unreadable/empty file, a header without a requested column
/// (with a "did you mean"), a duplicated header name, a ragged row, a cell
/// that is not a number, NaN or ±Inf. Blank lines at the end are ignored.
Dataset read_csv(const std::string& path, const std::vector<std::string>& columns = {});

/// Reads an N×K matrix of numbers (a responsibilities file, say) with a header
/// line; returns it N×K (one row per line). Same errors as read_csv.
arma::mat read_csv_matrix(const std::string& path);

}  // namespace mixfit
