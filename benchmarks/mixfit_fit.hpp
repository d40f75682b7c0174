// Timing mixfit's own EM through the plugin registry, as `mixfit run` would fit.
#pragma once

#include "bench_data.hpp"

#include "mixfit/plugin/family_registry.hpp"

#include <armadillo>

#include <string>

namespace mixfit::bench {

struct MixfitRun {
  double seconds_per_iteration = 0.0;
  arma::mat means;  ///< D×K after the timed iterations (k-means: the centroids)
};

/// Fits with the Gaussian plugin found where the mixfit executable finds it.
class MixfitFitter {
 public:
  MixfitFitter();

  /// `iterations` EM iterations (tol 0) from `start`, on `threads` threads,
  /// with the data stored as `dtype` (float64 | float32). Covariance `kmeans`: Lloyd's k-means from the
  /// start's means instead (at most `iterations`; it stops when no label changes); `kmeans++`: seconds per
  /// k-means++ seeding of as many centroids (the median of three), the seeds as the means.
  MixfitRun run(const arma::mat& points, const StartingPoint& start, const std::string& covariance,
                const std::string& dtype, std::size_t iterations, std::size_t threads) const;

 private:
  MixfitRun run_k_means(const arma::mat& points, const StartingPoint& start, const std::string& method,
                        const std::string& dtype, std::size_t iterations, std::size_t threads) const;

  FamilyRegistry registry_;
};

}  // namespace mixfit::bench
