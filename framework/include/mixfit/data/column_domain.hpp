// ColumnDomain: the values a family's real columns may take (counts, positive reals, …), checked where data are read.
#pragma once

#include <armadillo>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit {

class DataBlock;

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

/// Throws DataError "<source>: data row R: column 'name': expected <domain> for the <family> family, got V"
/// for the first cell of `cells` (the family's D×n rows of `block`) outside `domain`.
void check_domain(ColumnDomain domain, const arma::mat& cells, const DataBlock& block,
                  const std::vector<std::string>& column_names, std::string_view family);

}  // namespace mixfit
