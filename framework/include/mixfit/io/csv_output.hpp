// Writing result tables (labels, responsibilities, traces, samples) as CSV with exact numbers.
#pragma once

#include <armadillo>

#include <ostream>
#include <string>
#include <vector>

namespace mixfit {

/// A double as a CSV cell: shortest exact round-trip text, with nan/inf/-inf
/// spelled the way numpy, pandas and R read them.
std::string csv_number(double value);

/// Writes `header` then one line per column of `values` (K×N → N lines of K cells).
void write_columns_csv(std::ostream& out, const std::vector<std::string>& header, const arma::mat& values);

/// "r0,r1,...,r{K-1}".
std::vector<std::string> responsibility_header(std::size_t num_components);

}  // namespace mixfit
