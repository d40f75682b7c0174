// Lloyd's k-means on the numeric data: an algorithm of its own and an initialiser.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/empty_components.hpp"
#include "mixfit/inference/fit_report.hpp"

#include <armadillo>

namespace mixfit {

struct KMeansResult {
  arma::mat centroids;  ///< D×K, the means computed in the last iteration
  arma::uvec labels;    ///< N, the last iteration's assignment
  double inertia = 0.0; ///< Σ_n ‖x_n − c_label(n)‖² with the final centroids
  FitReport report;     ///< inertia trace (inertia of each assignment under the centroids that made it)
};

/// Squared Euclidean distance of every observation to every centroid (K×n),
/// computed as Σ_d (x_d − c_d)², which is exact enough that labels match any
/// other careful implementation (the expanded ‖x‖² − 2x·c + ‖c‖² is not).
/// With `column_weights` (D, empty: none) it is Σ_d (w_d (x_d − c_d))², the
/// distance between rescaled columns without rescaling the data
/// (inference.init.scale: standardize).
void squared_distances(const arma::mat& values, const arma::mat& centroids, arma::mat& distances,
                       const arma::vec& column_weights = {});

/// squared_distances for rows and points without a missing (NaN) coordinate, which it does not check:
/// the same numbers, four rows × eight points at a time (each distance still adds its D terms in
/// coordinate order from 0).
void complete_squared_distances(const arma::mat& values, const arma::mat& points, arma::mat& distances,
                                const arma::vec& column_weights = {});

/// Nearest centroid of every row (ties to the lowest index), walking `plan`.
arma::uvec nearest_centroid(const Dataset& data, const BlockPlan& plan, const arma::mat& centroids,
                            const arma::vec& column_weights = {});

/// Lloyd's algorithm from `initial_centroids` (D×K). Iteration i assigns every
/// point to its nearest centroid, records that assignment's inertia under the
/// centroids that made it, and moves each centroid to the mean of its points;
/// it stops when an assignment repeats the previous one, or after max_iter.
/// A cluster that loses all its points is, as `empty_cluster` says, moved to
/// the point farthest from its centroid (reseed: scikit-learn's relocation
/// rule), removed (drop: the result then has fewer centroids) or an error.
/// `column_weights` weigh the distances as in squared_distances (inertia
/// included); the centroids stay means in the data's units.
KMeansResult lloyd_k_means(const Dataset& data, const BlockPlan& plan, arma::mat initial_centroids,
                           std::size_t max_iter, IterationObserver* observer = nullptr,
                           EmptyComponentPolicy empty_cluster = EmptyComponentPolicy::reseed,
                           const arma::vec& column_weights = {});

}  // namespace mixfit
