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

// The constant-column figure (BENCHMARKS.md, "Constant columns").

/// rows × dimension standard normal numbers (D×N), from the seed.
arma::mat standard_normal_points(std::size_t rows, std::size_t dimension, std::uint64_t seed);

/// rows points of `components` clusters with unit diagonal covariance about
/// centres drawn N(0, 4² I) (so clusters sit ~20 apart in D = 16), D×N;
/// `labels` gets each point's cluster (point n is in cluster n mod K).
arma::mat separated_clusters(std::size_t rows, std::size_t dimension, std::size_t components, std::uint64_t seed,
                             arma::uvec& labels);

/// scikit-learn's digits.csv (1797 rows of 64 pixels and a label, comma
/// separated; decompress sklearn/datasets/data/digits.csv.gz first) as 64×1797,
/// the label column dropped. Throws naming the file and line on a malformed row.
arma::mat read_digits_csv(const std::string& path);

/// The start at the given data points (means), every covariance the data's
/// per-column variance, where that is 0 (a constant column) 1, equal weights.
StartingPoint starting_point_at(const arma::mat& points, const arma::uvec& rows);

}  // namespace mixfit::bench
