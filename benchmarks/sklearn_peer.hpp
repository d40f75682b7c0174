// scikit-learn's GaussianMixture as a peer of mixfit-bench, run through benchmarks/sklearn_peer.py with Debian's
// python3-sklearn when it is installed (a benchmark-only dependency: never needed to build or test).
#pragma once

#include "bench_data.hpp"

#include <armadillo>

#include <filesystem>
#include <optional>
#include <string>

namespace mixfit::bench {

struct PeerRun {
  double seconds_per_iteration = 0.0;  ///< the fastest of the thread counts tried
  std::size_t threads = 1;             ///< the thread count that gave it
  arma::mat means;                     ///< D×K after the timed iterations
};

class SklearnPeer {
 public:
  /// Checks that /usr/bin/python3 imports scikit-learn and threadpoolctl; if not, unavailable() says why.
  SklearnPeer();
  ~SklearnPeer();
  SklearnPeer(const SklearnPeer&) = delete;
  SklearnPeer& operator=(const SklearnPeer&) = delete;

  /// Empty when the peer runs; otherwise the reason it is skipped, for printing.
  const std::string& unavailable() const { return unavailable_; }

  /// Writes the data (D×N) and the start for the runs that follow into this peer's scratch folder.
  void set_problem(const arma::mat& points, const StartingPoint& start);

  /// `iterations` EM iterations from the start (tol 0, mixfit-bench's reg_covar 1e-10), timed with 1 and with
  /// `threads` BLAS threads; the faster is returned. Throws std::runtime_error if the script fails.
  PeerRun run(const std::string& covariance, std::size_t iterations, std::size_t threads) const;

 private:
  std::string unavailable_;
  std::filesystem::path folder_;  ///< scratch: points.npy, means.npy, variances.npy, weights.npy
};

}  // namespace mixfit::bench
