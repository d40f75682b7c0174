// A scratch file holding the current fuzz input, for readers that take a path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace mixfit::fuzzing {

/// Writes `size` bytes to this process's scratch file for `suffix` (one per
/// process and suffix, reused for every input) and returns its path.
std::string write_input(const std::uint8_t* data, std::size_t size, const std::string& suffix);

}  // namespace mixfit::fuzzing
