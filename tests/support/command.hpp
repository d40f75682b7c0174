// Running the mixfit executable from tests and capturing what it prints.
#pragma once

#include <string>
#include <vector>

namespace mixfit::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built mixfit executable with `args` (no shell quoting needed for
/// plain arguments) and returns its exit code, stdout and stderr.
CommandResult run_mixfit(const std::vector<std::string>& args);

}  // namespace mixfit::testing
