// fork/exec of the mixfit executable with captured output.
#include "support/command.hpp"

#include "support/fixtures.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <signal.h>

#include <stdexcept>

namespace mixfit::testing {
namespace {

[[noreturn]] void exec_program(std::string exe, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(exe.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(exe.c_str(), argv.data());
  ::_exit(127);
}

[[noreturn]] void exec_mixfit(const std::vector<std::string>& args) { exec_program(MIXFIT_EXECUTABLE, args); }

}  // namespace

int start_mixfit(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    exec_mixfit(args);
  }
  return pid;
}

bool kill_process(int pid) {
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // already gone
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status);
}

CommandResult run_mixfit(const std::vector<std::string>& args) { return run_program(MIXFIT_EXECUTABLE, args); }

CommandResult run_program(const std::string& program, const std::vector<std::string>& args) {
  TempDir dir;
  const std::string out_path = dir.file("out"), err_path = dir.file("err");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    exec_program(program, args);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  return result;
}

}  // namespace mixfit::testing
