// Column domains: membership, wording, and the located error for the first cell outside one.
#include "mixfit/data/column_domain.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/data/npy_reader.hpp"

#include <algorithm>

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

void check_column_domains(const Dataset& data, const std::vector<ColumnDomain>& domains, std::string_view family) {
  if (domains.empty()) return;
  if (domains.size() != data.columns.size())
    throw Error(std::string(family) + " family: column_domains() gave " + std::to_string(domains.size()) +
                " domains for " + std::to_string(data.columns.size()) + " columns");
  std::vector<std::pair<std::size_t, ColumnDomain>> checked;  // (real storage row, domain) of each column to check
  std::vector<const ColumnSpec*> named;
  for (std::size_t d = 0; d < domains.size(); ++d)
    if (data.columns[d].kind == ColumnKind::real && domains[d] != ColumnDomain::real) {
      checked.emplace_back(data.columns[d].storage_row, domains[d]);
      named.push_back(&data.columns[d]);
    }
  if (checked.empty()) return;
  const bool npy = is_npy_path(data.source);
  constexpr std::size_t kChunk = 8192;  // rows per pass over a streamed file
  for (std::size_t begin = 0; begin < data.num_rows(); begin += kChunk) {
    const std::size_t count = std::min(kChunk, data.num_rows() - begin);
    const DataBlock block(data, data.first_row + begin, count, 0);
    for (std::size_t j = 0; j < count; ++j)
      for (std::size_t c = 0; c < checked.size(); ++c) {
        const double value = block.real()(checked[c].first, j);
        if (in_domain(checked[c].second, value) || std::isnan(value)) continue;  // NaN: a missing cell
        const std::size_t row = data.first_row + begin + j;  // global, from 0
        // A CSV's data row r is on line r + 1 (the header is line 1, blank lines inside the data are errors).
        throw DataError(data.source + (npy ? ": " : ":" + std::to_string(row + 2) + ": ") + "data row " +
                        std::to_string(row + 1) + ": column '" + named[c]->name + "': expected " +
                        std::string(describe_domain(checked[c].second)) + " for the " + std::string(family) +
                        " family, got " + format_double(value));
      }
  }
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
