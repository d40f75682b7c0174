// The fuzzers' committed corpora, replayed in every test build: each input, including every crash a fuzzer
// once found, must still give a data set, an experiment config or a mixfit::Error. Fuzzing itself (new inputs,
// under AddressSanitizer) needs clang and libFuzzer: scripts/sanitize-and-fuzz.sh.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

// The two harnesses' entry points, renamed by tests/fuzz/tests.cmake so that both link here.
extern "C" int replay_csv_reader_input(const std::uint8_t* data, std::size_t size);
extern "C" int replay_experiment_parser_input(const std::uint8_t* data, std::size_t size);

BOOST_AUTO_TEST_SUITE(corpus_replay_test)

namespace {

using Entry = int (*)(const std::uint8_t*, std::size_t);

std::vector<std::filesystem::path> corpus_files(const std::string& harness) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(MIXFIT_SOURCE_DIR) / "tests" /
                                                               "fuzz" / "corpus" / harness))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

void replay(const std::string& harness, Entry entry, const std::string& scratch_suffix) {
  const std::vector<std::filesystem::path> files = corpus_files(harness);
  BOOST_TEST_REQUIRE(!files.empty(), "no corpus for " << harness);
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    BOOST_TEST_CONTEXT(file.string()) {
      // The harness swallows mixfit::Error; anything else escaping is the bug a fuzzer would report.
      BOOST_CHECK_NO_THROW(entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    }
  }
  // The harness's scratch file (tests/fuzz/input_file.cpp).
  std::filesystem::remove(std::filesystem::temp_directory_path() /
                          ("mixfit-fuzz-" + std::to_string(::getpid()) + scratch_suffix));
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_csv_reader_input_still_reads_or_fails_cleanly) {
  replay("csv_reader", replay_csv_reader_input, ".csv");
}

BOOST_AUTO_TEST_CASE(every_experiment_parser_input_still_parses_or_fails_cleanly) {
  replay("experiment_parser", replay_experiment_parser_input, ".yaml");
}

BOOST_AUTO_TEST_SUITE_END()
