// fork/exec of gnuplot with its output captured for error messages.
#include "mixfit/plot/gnuplot_runner.hpp"

#include "mixfit/core/error.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace mixfit::plot {
namespace fs = std::filesystem;

namespace {

bool is_executable(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string find_gnuplot(const std::string& requested) {
  const std::string install = "; install it with `apt-get install gnuplot-nox` (scripts/install-deps.sh does)";
  if (requested.find('/') != std::string::npos) {
    if (!is_executable(requested)) throw Error("gnuplot not found: " + requested + " is not an executable file" + install);
    return requested;
  }
  const char* path = std::getenv("PATH");
  std::istringstream folders(path ? path : "");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const fs::path candidate = fs::path(folder.empty() ? "." : folder) / requested;
    if (is_executable(candidate)) return candidate.string();
  }
  throw Error("gnuplot not found: no '" + requested + "' on PATH" + install);
}

void run_gnuplot(const std::string& gnuplot, const std::string& working_directory, const std::string& script) {
  const std::string messages = (fs::path(working_directory) / (script + ".log")).string();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error("cannot start gnuplot: fork failed");
  if (pid == 0) {
    const int log = ::open(messages.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = ::open("/dev/null", O_RDONLY);
    if (log < 0 || null < 0 || ::chdir(working_directory.c_str()) != 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    std::vector<std::string> args{gnuplot, script};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(gnuplot.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw Error("cannot wait for gnuplot: " + std::string(std::strerror(errno)));
  std::string log = read_all(messages);
  std::error_code ignored;
  fs::remove(messages, ignored);
  // gnuplot run on a script file stops at the first error with a non-zero
  // status; warnings alone leave it 0.
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) log = "could not execute " + gnuplot;
    throw Error("gnuplot failed on " + (fs::path(working_directory) / script).string() + ": " + log);
  }
}

std::string gnuplot_string(const std::string& text) {
  // Double-quoted, where gnuplot reads backslash escapes: \\, \" and \n are the only ones produced.
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '\\' || c == '"') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      quoted += ' ';
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

}  // namespace mixfit::plot
