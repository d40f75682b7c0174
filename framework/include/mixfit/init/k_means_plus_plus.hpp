// k-means++ seeding (Arthur & Vassilvitskii 2007), greedy variant as in scikit-learn.
#pragma once

#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"

#include <armadillo>

namespace mixfit {

/// Chooses K distinct-by-construction seed rows: the first uniformly, each
/// next one among 2 + ⌊ln K⌋ candidates drawn with probability ∝ D(x)²,
/// keeping the candidate that lowers the potential Σ D(x)² most
/// (scikit-learn's _kmeans_plusplus). Returns the row indices.
/// Distances are computed by the process holding each row; the draws, the
/// potentials and so the chosen rows are the same for any number of processes.
/// `column_weights` (empty: none) weigh them as squared_distances does
/// (standardising_weights(): seeding on standardised columns).
/// With data.weights, a row of weight w counts as w copies of it: the first
/// row is drawn ∝ w and the later ones ∝ w D(x)².
/// `fixed_points` (numeric encoding, one per column) are centres already
/// chosen (the means of known labels): D(x) starts from them, no first row
/// is drawn uniformly, and K − fixed_points.n_cols rows are returned.
arma::uvec k_means_plus_plus(const Dataset& data, const BlockPlan& plan, std::size_t num_components,
                             RandomStream& stream, const arma::vec& column_weights = {},
                             const arma::mat& fixed_points = {});
/// The same over all rows of an unsharded data set.
arma::uvec k_means_plus_plus(const Dataset& data, std::size_t num_components, RandomStream& stream,
                             const arma::vec& column_weights = {});

/// Rows (global indices) of the numeric encoding, each from the process
/// holding it, on every process (D × rows).
arma::mat numeric_rows(const Dataset& data, const BlockPlan& plan, const arma::uvec& rows);

/// K distinct rows drawn uniformly without replacement (among rows of
/// positive weight, with data.weights). Not for a distributed data set with
/// weights (the weights of other processes' rows are not held here).
arma::uvec random_rows(const Dataset& data, std::size_t num_components, RandomStream& stream);

}  // namespace mixfit
