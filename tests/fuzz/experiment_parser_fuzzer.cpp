// Fuzzes the experiment-file reader (YAML parsing, ConfigSchema validation, overrides, path resolution):
// any text must give either an ExperimentConfig or a mixfit::Error, never a crash or a foreign exception.
#include "input_file.hpp"

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/core/error.hpp"

#include <cstddef>
#include <cstdint>

// libFuzzer's entry point; fuzz_replay_tests (tests/fuzz/tests.cmake) links both harnesses under names of their own.
#ifndef MIXFIT_FUZZ_ENTRY
#define MIXFIT_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

extern "C" int MIXFIT_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
  const std::string path = mixfit::fuzzing::write_input(data, size, ".yaml");
  try {
    mixfit::load_experiment(path);
  } catch (const mixfit::Error&) {
    // A located, user-facing error: the expected outcome for most inputs.
  }
  return 0;
}
