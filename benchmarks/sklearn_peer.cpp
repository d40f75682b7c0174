// SklearnPeer: the scratch folder, the script's command line and the parsing of its output.
#include "sklearn_peer.hpp"

#include "npy_writer.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

namespace mixfit::bench {

namespace {

// Debian's interpreter, where python3-sklearn installs: another python3 first on PATH may lack numpy.
constexpr const char* kPython = "/usr/bin/python3";

std::string run_command(const std::string& command) {
  const std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string output;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get())) output.append(buffer, n);
  return output;
}

}  // namespace

SklearnPeer::SklearnPeer() {
  const std::string probe = std::string(kPython) + " -c 'import sklearn, threadpoolctl' > /dev/null 2>&1";
  if (std::system(probe.c_str()) != 0) {
    unavailable_ = std::string("scikit-learn skipped: ") + kPython +
                   " cannot import sklearn and threadpoolctl (apt-get install python3-sklearn)";
    return;
  }
  folder_ = std::filesystem::temp_directory_path() / ("mixfit-bench-sklearn-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder_);
}

SklearnPeer::~SklearnPeer() {
  std::error_code ignored;  // a scratch folder left behind is not worth an exception from a destructor
  if (!folder_.empty()) std::filesystem::remove_all(folder_, ignored);
}

void SklearnPeer::set_problem(const arma::mat& points, const StartingPoint& start) {
  if (!unavailable_.empty()) return;
  write_npy((folder_ / "points.npy").string(), points);  // D×N out as N×D
  write_npy((folder_ / "means.npy").string(), start.means);  // D×K out as K×D
  write_npy((folder_ / "variances.npy").string(), start.variances);
  write_npy((folder_ / "weights.npy").string(), start.weights);
}

PeerRun SklearnPeer::run(const std::string& covariance, std::size_t iterations, std::size_t threads) const {
  if (!unavailable_.empty()) throw std::logic_error(unavailable_);
  const std::string thread_counts = threads > 1 ? "1," + std::to_string(threads) : "1";
  const std::string command = std::string(kPython) + " '" + MIXFIT_BENCH_SOURCE_DIR + "/sklearn_peer.py' '" +
                              folder_.string() + "' --covariance " + covariance + " --iterations " +
                              std::to_string(iterations) + " --threads " + thread_counts + " --reg-covar 1e-10";
  std::istringstream out(run_command(command));
  PeerRun best;
  best.seconds_per_iteration = -1.0;
  bool have_means = false;
  for (std::string line; std::getline(out, line);) {
    std::istringstream fields(line);
    std::string word;
    fields >> word;
    if (word == "threads") {
      std::size_t count = 0;
      double seconds = 0.0;
      fields >> count >> word >> seconds;
      if (best.seconds_per_iteration < 0.0 || seconds < best.seconds_per_iteration) {
        best.seconds_per_iteration = seconds;
        best.threads = count;
      }
    } else if (word == "means") {
      std::size_t k = 0, d = 0;
      fields >> k >> d;
      best.means.set_size(d, k);
      for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < d; ++j) fields >> best.means(j, c);
      have_means = static_cast<bool>(fields);
    }
  }
  if (best.seconds_per_iteration < 0.0 || !have_means)
    throw std::runtime_error("scikit-learn peer gave no timing or no means; its command was: " + command);
  return best;
}

}  // namespace mixfit::bench
