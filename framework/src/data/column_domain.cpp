// Column domains: membership, wording, and the located error for the first cell outside one.
#include "mixfit/kit/column_domain.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/data_block.hpp"

#include <cmath>
#include <numbers>

namespace mixfit {

bool in_domain(ColumnDomain domain, double value) {
  if (!std::isfinite(value)) return false;
  switch (domain) {
    case ColumnDomain::real: return true;
    case ColumnDomain::nonnegative: return value >= 0.0;
    case ColumnDomain::positive: return value > 0.0;
    case ColumnDomain::count: return value >= 0.0 && value == std::floor(value);
    case ColumnDomain::unit_interval: return value >= 0.0 && value <= 1.0;
    case ColumnDomain::angle: return value >= -std::numbers::pi && value <= 2.0 * std::numbers::pi;
  }
  return false;
}

std::string_view describe_domain(ColumnDomain domain) {
  switch (domain) {
    case ColumnDomain::real: return "a finite number";
    case ColumnDomain::nonnegative: return "a number >= 0";
    case ColumnDomain::positive: return "a number > 0";
    case ColumnDomain::count: return "a count (an integer >= 0)";
    case ColumnDomain::unit_interval: return "a number in [0, 1]";
    case ColumnDomain::angle: return "an angle in radians in [-pi, 2 pi]";
  }
  return "a value";
}

void check_domain(ColumnDomain domain, const arma::mat& cells, const DataBlock& block,
                  const std::vector<std::string>& column_names, std::string_view family) {
  for (std::size_t j = 0; j < cells.n_cols; ++j)
    for (std::size_t d = 0; d < cells.n_rows; ++d)
      if (!in_domain(domain, cells(d, j)))
        throw DataError(std::string(block.source()) + ": data row " + std::to_string(block.first_row() + j + 1) +
                        ": column '" + (d < column_names.size() ? column_names[d] : std::to_string(d)) +
                        "': expected " + std::string(describe_domain(domain)) + " for the " + std::string(family) +
                        " family, got " + format_double(cells(d, j)));
}

}  // namespace mixfit
