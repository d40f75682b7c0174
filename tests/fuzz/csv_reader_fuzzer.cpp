// Fuzzes the CSV readers: the numeric reader over every column, and the typed reader with the header's
// columns read in turn as real, binary and categorical. Any bytes must give a data set or a mixfit::Error.
#include "input_file.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/data/csv_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

// libFuzzer's entry point; fuzz_replay_tests (tests/fuzz/tests.cmake) links both harnesses under names of their own.
#ifndef MIXFIT_FUZZ_ENTRY
#define MIXFIT_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

extern "C" int MIXFIT_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
  const std::string path = mixfit::fuzzing::write_input(data, size, ".csv");
  try {
    mixfit::read_csv(path);
  } catch (const mixfit::Error&) {
  }
  try {
    std::vector<mixfit::ColumnRequest> requests;
    const std::vector<std::string> names = mixfit::read_csv_header(path);
    constexpr mixfit::ColumnKind kinds[] = {mixfit::ColumnKind::real, mixfit::ColumnKind::binary,
                                            mixfit::ColumnKind::categorical};
    for (std::size_t i = 0; i < names.size(); ++i) requests.push_back({names[i], kinds[i % 3], {}});
    mixfit::read_table(path, requests);
  } catch (const mixfit::Error&) {
  }
  return 0;
}
