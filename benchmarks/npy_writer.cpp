// numpy.lib.format version 1.0: magic, header length, a dict padded to 64 bytes, raw data.
#include "npy_writer.hpp"

#include <fstream>
#include <stdexcept>

namespace mixfit::bench {

void write_npy(const std::string& path, const arma::mat& points) {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(points.n_cols) + ", " +
                       std::to_string(points.n_rows) + "), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  const unsigned char length[2] = {static_cast<unsigned char>(header.size() & 0xff),
                                   static_cast<unsigned char>(header.size() >> 8)};
  out.write("\x93NUMPY\x01\x00", 8);
  out.write(reinterpret_cast<const char*>(length), 2);
  out << header;
  out.write(reinterpret_cast<const char*>(points.memptr()), static_cast<std::streamsize>(points.n_elem * sizeof(double)));
  if (!out) throw std::runtime_error(path + ": cannot write");
}

}  // namespace mixfit::bench
