// CSV result tables.
#include "mixfit/io/csv_output.hpp"

#include "mixfit/core/number_format.hpp"

#include <charconv>
#include <cmath>

namespace mixfit {

namespace {

// csv_number(value) appended to `line`, written in place: a result table has N×K numbers (3.2e7 for 1e6
// rows and K = 32), and a std::string per number was a heap allocation each for most of them.
void append_csv_number(std::string& line, double value) {
  if (!std::isfinite(value)) {
    line += csv_number(value);
    return;
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  line.append(buffer, result.ptr);
}

}  // namespace

std::string csv_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return format_double(value);
}

void write_columns_csv(std::ostream& out, const std::vector<std::string>& header, const arma::mat& values) {
  for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << header[i];
  out << '\n';
  std::string line;
  for (arma::uword n = 0; n < values.n_cols; ++n) {
    line.clear();
    for (arma::uword k = 0; k < values.n_rows; ++k) {
      if (k) line += ',';
      append_csv_number(line, values(k, n));
    }
    line += '\n';
    out << line;
  }
}

std::vector<std::string> responsibility_header(std::size_t num_components) {
  std::vector<std::string> header;
  for (std::size_t k = 0; k < num_components; ++k) header.push_back("r" + std::to_string(k));
  return header;
}

}  // namespace mixfit
