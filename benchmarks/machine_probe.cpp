// Machine figures through OpenBLAS's own entry points (found with dlsym, so
// the benchmark still runs against another BLAS) and Linux's /proc.
#include "machine_probe.hpp"

#include "mixfit/math/vector_math.hpp"

#include <armadillo>

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <numeric>
#include <sstream>
#include <thread>
#include <vector>

namespace mixfit::bench {

namespace {
template <class Function>
Function* openblas_symbol(const char* name) {
  return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
}

/// Seconds for `threads` threads each running work(thread), best of `repeats`.
template <class Work>
double best_parallel_seconds(std::size_t threads, int repeats, Work work) {
  double best = 1e300;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (std::thread& thread : pool) thread.join();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
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

double measure_read_bandwidth(std::size_t threads) {
  threads = std::max<std::size_t>(threads, 1);
  const std::size_t count = (std::size_t{512} << 20) / sizeof(double);
  std::vector<double> data(count, 1.0);  // written once: pages mapped before the timing
  std::vector<double> sums(threads);
  const double seconds = best_parallel_seconds(threads, 3, [&](std::size_t t) {
    const std::size_t first = count * t / threads, last = count * (t + 1) / threads;
    sums[t] = std::accumulate(data.begin() + static_cast<std::ptrdiff_t>(first),
                              data.begin() + static_cast<std::ptrdiff_t>(last), 0.0);
  });
  if (std::accumulate(sums.begin(), sums.end(), 0.0) != static_cast<double>(count)) return 0.0;  // keeps the sums
  return static_cast<double>(count * sizeof(double)) / seconds / 1e9;
}

double measure_exp_rate(std::size_t threads) {
  threads = std::max<std::size_t>(threads, 1);
  const std::size_t count = 2048, rounds = 20000;  // 16 KiB per thread: the E-step's tile
  const double seconds = best_parallel_seconds(threads, 3, [&](std::size_t) {
    std::vector<double> values(count);
    for (std::size_t i = 0; i < count; ++i) values[i] = -static_cast<double>(i % 64) / 64.0;
    for (std::size_t round = 0; round < rounds; ++round) {
      for (std::size_t i = 0; i < count; ++i) values[i] = -values[i];  // back to [−1, 0]: one negation each
      mixfit::exp_nonpositive_in_place(values.data(), count);
    }
  });
  return static_cast<double>(threads * count * rounds) / seconds;
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
