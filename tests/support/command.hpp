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

/// The same for any program, by absolute path (mpirun, say).
CommandResult run_program(const std::string& program, const std::vector<std::string>& args);

/// Starts the mixfit executable in the background, its output discarded, and
/// returns its process id (for tests that kill a run mid-way).
int start_mixfit(const std::vector<std::string>& args);

/// Sends SIGKILL to a process from start_mixfit and reaps it; returns false
/// if it had already exited by itself.
bool kill_process(int pid);

}  // namespace mixfit::testing
