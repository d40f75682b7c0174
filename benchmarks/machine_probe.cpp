// Machine figures through OpenBLAS's own entry points (found with dlsym, so
// the benchmark still runs against another BLAS) and Linux's /proc.
#include "machine_probe.hpp"

#include <armadillo>

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace mixfit::bench {

namespace {
template <class Function>
Function* openblas_symbol(const char* name) {
  return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
}
}  // namespace

std::string blas_description() {
  auto* config = openblas_symbol<char*()>("openblas_get_config");
  auto* core = openblas_symbol<char*()>("openblas_get_corename");
  if (config == nullptr || core == nullptr) return "not OpenBLAS (no openblas_get_config)";
  return std::string(config()) + ", kernel " + core();
}

void set_blas_threads(std::size_t threads) {
  if (auto* set = openblas_symbol<void(int)>("openblas_set_num_threads")) set(static_cast<int>(threads));
}

double measure_dgemm_peak(std::size_t threads) {
  set_blas_threads(threads);
  const arma::uword n = 2048;
  arma::arma_rng::set_seed(1);
  const arma::mat a(n, n, arma::fill::randu);
  const arma::mat b(n, n, arma::fill::randu);
  arma::mat c = a * b;  // warm-up: page in, spin up the threads
  double best = 1e300;
  for (int repeat = 0; repeat < 4; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    c = a * b;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return 2.0 * static_cast<double>(n) * n * n / best / 1e9;
}

void reset_peak_memory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // "5" resets VmHWM to the current RSS (proc(5))
}

double peak_memory_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      double kib = 0.0;
      fields >> kib;
      return kib / 1024.0;
    }
  }
  return 0.0;
}

}  // namespace mixfit::bench
