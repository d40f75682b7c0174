// Writing a D×N matrix as an N×D float64 .npy file (numpy.save's format 1.0).
#pragma once

#include <armadillo>

#include <string>

namespace mixfit::bench {

/// Column-major D×N doubles are exactly a C-order N×D array, so the data go out unchanged.
void write_npy(const std::string& path, const arma::mat& points);

}  // namespace mixfit::bench
