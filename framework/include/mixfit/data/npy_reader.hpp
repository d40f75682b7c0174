// NumPy .npy files: the binary format researchers already have their data in.
#pragma once

#include <armadillo>

#include <cstddef>
#include <string>

namespace mixfit {

/// What a .npy header says (format version 1.0, 2.0 or 3.0).
struct NpyHeader {
  bool single_precision = false;  ///< '<f4' (float32) rather than '<f8'
  std::size_t rows = 0;           ///< N, the first dimension
  std::size_t columns = 0;        ///< D, the second dimension (1 for a 1-D array)
  std::size_t data_offset = 0;    ///< bytes before the array data
};

/// True when `path` names a .npy file (by its extension).
bool is_npy_path(const std::string& path);

/// Reads and checks the header: the magic string, a little-endian float64 or
/// float32 dtype, C order (fortran_order False), a 1-D or 2-D shape, and a file
/// long enough for the data. DataError naming the file and the problem otherwise.
NpyHeader read_npy_header(const std::string& path);

/// The array as a D×N matrix (one observation per column): a C-order N×D
/// array is exactly a column-major D×N one, so float64 data are copied
/// straight in. float32 values are widened to double. Non-finite values are a
/// DataError naming the row and column.
arma::mat read_npy(const std::string& path);
/// Rows [first, first + count) only (clipped to the array), read straight from their offset.
arma::mat read_npy(const std::string& path, std::size_t first, std::size_t count);

}  // namespace mixfit
