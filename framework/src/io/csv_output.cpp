// CSV result tables.
#include "mixfit/io/csv_output.hpp"

#include "mixfit/core/number_format.hpp"

#include <cmath>

namespace mixfit {

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
      line += csv_number(values(k, n));
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
