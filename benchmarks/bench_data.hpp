// The benchmark's synthetic data sets and the common starting point of every fit.
#pragma once

#include <armadillo>

#include <cstddef>
#include <cstdint>
#include <string>

namespace mixfit::bench {

/// A named problem size (the M, L and H).
struct ProblemSize {
  std::string name;
  std::size_t rows = 0;
  std::size_t dimension = 0;
  std::size_t components = 0;
};

/// M, L or H; throws on another name.
ProblemSize problem_size(const std::string& name);

/// rows × dimension points from `components` well-separated Gaussian clusters
/// with random correlated covariances, as a D×N matrix (one point per column).
/// Depends only on the size and the seed.
arma::mat generate_points(const ProblemSize& size, std::uint64_t seed);

/// Where every fit starts: means at K distinct data points chosen by the seed,
/// each covariance the diagonal of the data's variance, equal weights.
struct StartingPoint {
  arma::mat means;      ///< D×K
  arma::vec variances;  ///< D, the data's per-column variance
  arma::vec weights;    ///< K, all 1/K
};

StartingPoint starting_point(const arma::mat& points, std::size_t components, std::uint64_t seed);

}  // namespace mixfit::bench
