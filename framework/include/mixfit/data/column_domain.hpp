// ColumnDomain: the values a family's real columns may take (counts, positive reals, …), checked once where data
// are read.
#pragma once

#include <armadillo>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit {

class DataBlock;
struct Dataset;

/// The support of a family's columns, beyond their kind (binary and
/// categorical columns are kinds of their own).
enum class ColumnDomain {
  real,           ///< any finite number
  nonnegative,    ///< x ≥ 0
  positive,       ///< x > 0
  count,          ///< an integer ≥ 0
  unit_interval,  ///< 0 ≤ x ≤ 1
  angle,          ///< radians, −π ≤ x ≤ 2π (either convention)
};

/// True if `value` (finite) lies in `domain`.
bool in_domain(ColumnDomain domain, double value);

/// "a count (an integer >= 0)", for messages and `mixfit describe`.
std::string_view describe_domain(ColumnDomain domain);

/// Checks every real cell of `data` (in memory or streamed) once against its column's domain (`domains`: one per
/// data.columns entry, as ComponentFamily::column_domains() gives them; empty: nothing to check). Throws
/// DataError for the first cell outside, naming the file and line (a CSV) or row (a .npy), the data row, the
/// column, the domain and the family:
///   "counts.csv:3: data row 2: column 'calls': expected a count (an integer >= 0) for the poisson family, got 2.5"
void check_column_domains(const Dataset& data, const std::vector<ColumnDomain>& domains, std::string_view family);

/// The same check for a block a family is handed directly (library use, tests): the family's D×n `cells` of
/// `block`, all in one domain; the message names the data row.
void check_domain(ColumnDomain domain, const arma::mat& cells, const DataBlock& block,
                  const std::vector<std::string>& column_names, std::string_view family);

}  // namespace mixfit
