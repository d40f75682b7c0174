// The .npy format (numpy.lib.format): magic, version, a Python-literal header dict, raw data.
#include "mixfit/data/npy_reader.hpp"

#include "mixfit/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <vector>

namespace mixfit {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw DataError(path + ": " + message);
}

// The value text of `key` in the header dict ('descr': '<f8', 'shape': (3, 2), ...).
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
  const std::regex pattern("'" + key + "'\\s*:\\s*('[^']*'|\\([^)]*\\)|True|False)");
  std::smatch match;
  if (!std::regex_search(header, match, pattern)) fail(path, "the .npy header has no '" + key + "' entry: " + header);
  return match[1].str();
}

}  // namespace

bool is_npy_path(const std::string& path) { return std::filesystem::path(path).extension() == ".npy"; }

NpyHeader read_npy_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open the file");
  char prefix[10] = {};
  in.read(prefix, 8);
  if (in.gcount() != 8 || std::memcmp(prefix, "\x93NUMPY", 6) != 0)
    fail(path, "not a NumPy .npy file (it does not start with \\x93NUMPY)");
  const int major = static_cast<unsigned char>(prefix[6]);
  std::size_t header_length = 0, offset = 0;
  if (major == 1) {
    unsigned char bytes[2];
    in.read(reinterpret_cast<char*>(bytes), 2);
    header_length = bytes[0] | (bytes[1] << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    unsigned char bytes[4];
    in.read(reinterpret_cast<char*>(bytes), 4);
    header_length = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (static_cast<std::size_t>(bytes[3]) << 24);
    offset = 12;
  } else {
    fail(path, "unsupported .npy format version " + std::to_string(major));
  }
  std::string header(header_length, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_length));
  if (static_cast<std::size_t>(in.gcount()) != header_length) fail(path, "the .npy header is cut short");

  NpyHeader result;
  result.data_offset = offset + header_length;
  const std::string descr = dict_value(header, "descr", path);
  if (descr == "'<f8'" || descr == "'=f8'") {
    result.single_precision = false;
  } else if (descr == "'<f4'" || descr == "'=f4'") {
    result.single_precision = true;
  } else {
    fail(path, "expected a float64 ('<f8') or float32 ('<f4') array, the file holds dtype " + descr +
                   " (convert with array.astype(numpy.float64))");
  }
  if (dict_value(header, "fortran_order", path) != "False")
    fail(path, "expected a C-order array (fortran_order False); save numpy.ascontiguousarray(array)");
  std::string shape = dict_value(header, "shape", path);
  std::vector<std::size_t> dims;
  const std::regex number("[0-9]+");
  for (auto it = std::sregex_iterator(shape.begin(), shape.end(), number); it != std::sregex_iterator(); ++it)
    dims.push_back(std::stoull(it->str()));
  if (dims.empty() || dims.size() > 2)
    fail(path, "expected a 1-D or 2-D array (rows × columns), the shape is " + shape);
  result.rows = dims[0];
  result.columns = dims.size() == 2 ? dims[1] : 1;
  const std::size_t bytes = result.rows * result.columns * (result.single_precision ? 4 : 8);
  if (std::filesystem::file_size(path) < result.data_offset + bytes)
    fail(path, "the file is shorter than its header says (" + std::to_string(result.rows) + "×" +
                   std::to_string(result.columns) + " values)");
  return result;
}

arma::mat read_npy(const std::string& path) { return read_npy(path, 0, static_cast<std::size_t>(-1)); }

arma::mat read_npy(const std::string& path, std::size_t first, std::size_t count) {
  const NpyHeader header = read_npy_header(path);
  first = std::min(first, header.rows);
  count = std::min(count, header.rows - first);
  const std::size_t width = header.single_precision ? sizeof(float) : sizeof(double);
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(header.data_offset + first * header.columns * width));
  arma::mat values(header.columns, count);
  if (header.single_precision) {
    std::vector<float> buffer(values.n_elem);
    in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(buffer.size() * sizeof(float)));
    for (std::size_t i = 0; i < buffer.size(); ++i) values(i) = static_cast<double>(buffer[i]);
  } else {
    in.read(reinterpret_cast<char*>(values.memptr()), static_cast<std::streamsize>(values.n_elem * sizeof(double)));
  }
  if (!in) fail(path, "read error in the array data");
  if (!values.is_finite()) {
    const arma::uvec bad = arma::find_nonfinite(values);
    const std::size_t row = first + bad(0) / header.columns, column = bad(0) % header.columns;
    fail(path, "row " + std::to_string(row) + ", column " + std::to_string(column) +
                   ": expected a finite number, got " + std::to_string(values(bad(0))));
  }
  return values;
}

}  // namespace mixfit
