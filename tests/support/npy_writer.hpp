// Writing .npy files in tests, byte for byte as numpy.save writes them.
#pragma once

#include <fstream>
#include <string>
#include <vector>

namespace mixfit::testing {

/// A version-1.0 .npy file: the header padded so the data start at a multiple of 64.
template <class T>
void write_npy(const std::string& path, const std::string& descr, const std::string& shape, const std::vector<T>& data,
               const std::string& order = "False") {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const unsigned char length[2] = {static_cast<unsigned char>(header.size() & 0xff),
                                   static_cast<unsigned char>(header.size() >> 8)};
  out.write(reinterpret_cast<const char*>(length), 2);
  out << header;
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size() * sizeof(T)));
}

}  // namespace mixfit::testing
