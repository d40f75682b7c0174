// Reads numeric CSV files into a Dataset, with errors that name file, line and column.
#pragma once

#include "mixfit/data/dataset.hpp"

#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace mixfit {

/// The rows of a data file that one process of a distributed fit reads: data
/// rows [first, first + count) (0-based, after the header). Other rows are
/// skipped without being parsed. A process holding only some rows sees only
/// some levels of a categorical column: `merge_levels` (collective; every
/// process calls it once per categorical column, in column order) turns the
/// levels seen here, in order of first appearance, and this process's read
/// error if any, into every process's levels in global order of first
/// appearance, or rethrows the first process's error.
struct RowWindow {
  std::size_t first = 0;
  std::size_t count = static_cast<std::size_t>(-1);
  std::function<std::vector<std::string>(const std::vector<std::string>& seen, const std::exception_ptr& failure)>
      merge_levels;
};

/// Data rows of a CSV file (lines after the header; trailing blank lines not counted).
std::size_t count_csv_rows(const std::string& path);

/// Reads a comma-separated file with one header line.
///
/// `columns` picks and orders the columns by header name; empty means every
/// column. Throws DataError naming the file, the 1-based line and the column
/// for: a missing/unreadable/empty file, a header without a requested column
/// (with a "did you mean"), a duplicated header name, a ragged row, a cell
/// that is not a number, NaN or ±Inf. Blank lines at the end are ignored.
/// With MissingCells::marginalize an empty, NA or NaN cell (any case) is read
/// as missing (NaN) instead of an error; a row with every requested cell
/// missing is still an error naming its line.
Dataset read_csv(const std::string& path, const std::vector<std::string>& columns = {}, const RowWindow& window = {},
                 MissingCells missing = MissingCells::error);

/// One column to read by name, and how: real (numbers), binary (0/1,
/// true/false, yes/no, any case) or categorical (any text; integers too).
/// A categorical column's level dictionary is discovered from the data
/// (integer levels sorted numerically, other text in order of first
/// appearance) unless `levels` is given, in which case exactly that order is
/// used and a cell outside it becomes kUnseenLevel.
struct ColumnRequest {
  std::string name;
  ColumnKind kind = ColumnKind::real;
  std::vector<std::string> levels;
};

/// Reads the requested columns, each stored by its kind (see Dataset), in
/// request order, with the numeric encoding built. The same errors as
/// read_csv, plus a binary cell that is not 0/1/true/false/yes/no, and a
/// categorical column with more than 65,533 levels.
/// Missing cells as read_csv; a binary one is kMissingBinary, a categorical one kMissingLevel.
Dataset read_table(const std::string& path, const std::vector<ColumnRequest>& requests, const RowWindow& window = {},
                   MissingCells missing = MissingCells::error);

/// The column names of a CSV file's header line (same errors as read_csv for
/// a missing, empty or badly formed file).
std::vector<std::string> read_csv_header(const std::string& path);

/// Reads an N×K matrix of numbers (a responsibilities file, say) with a header
/// line; returns it N×K (one row per line). Same errors as read_csv.
arma::mat read_csv_matrix(const std::string& path);

}  // namespace mixfit
