// The scratch file of a fuzzing process: created once under the temp folder, rewritten for every input.
#include "input_file.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace mixfit::fuzzing {

std::string write_input(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("mixfit-fuzz-" + std::to_string(::getpid()) + suffix)).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) throw std::runtime_error("cannot write the fuzz input to " + path);
  return path;
}

}  // namespace mixfit::fuzzing
