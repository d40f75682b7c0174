// mclust's model-based agglomerative hierarchical clustering (hc), the deterministic start of its EM.
#pragma once

#include <armadillo>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace mixfit {

/// The merge criterion: the classification likelihood of a Gaussian mixture
/// whose clusters have covariance structure VVV (unrestricted), EEE (one
/// covariance for all), VII (spherical, varying volume) or EII (spherical,
/// equal volume: Ward's criterion). Fraley (1998), "Algorithms for
/// model-based Gaussian hierarchical clustering", SIAM J. Sci. Comput. 20, 270–281.
enum class MergeCriterion { VVV, EEE, VII, EII };

/// mclust's `hcUse`: the coordinates the merges are computed on.
/// VARS the data; STD centred and scaled; PCS principal components of the
/// centred data; PCR of the standardised data; SPH the centred data
/// sphered by its covariance (ddof 0); SVD the standardised data's
/// principal components scaled by 1/√(singular value) (mclust 6's default).
enum class MergeCoordinates { VARS, STD, SPH, PCS, PCR, SVD };

/// Parses "VVV", "EEE", "VII", "EII" / "VARS", ..., "SVD"; throws Error otherwise.
MergeCriterion parse_merge_criterion(const std::string& name);
MergeCoordinates parse_merge_coordinates(const std::string& name);

/// The rows as mclust's hc() transforms them for `use` (D×n in, D'×n out;
/// columns that are not finite after scaling, constant ones, are dropped as
/// mclust drops them).
arma::mat merge_coordinates(const arma::mat& rows, MergeCoordinates use);

/// The whole merge sequence of n singletons down to one cluster. A cluster
/// is named by the smallest row index in it, so merges[m] = (a, b), a < b,
/// means "the cluster named b joins the one named a" (mclust's hclass reads
/// its pairs the same way).
struct MergeTree {
  std::size_t num_rows = 0;
  std::vector<std::pair<std::size_t, std::size_t>> merges;  ///< n − 1 merges, first to last
};

/// Agglomerates the columns of `rows` (D×n), each its own cluster at first,
/// always merging the pair whose merge costs the least classification
/// likelihood; ties go to the pair mclust's Fortran would take (the last
/// minimum in its slot order). VVV and VII use mclust's regularisation:
/// α = traceW(X / √(nD)) (the mean squared deviation), β = 1. O(n²) memory
/// and O(n³) time in the minimum search, as mclust's; EEE rescores every pair
/// at every merge against the pooled scatter, O(n³D²) (as mclust's hceee).
/// Use a subset for large n.
MergeTree agglomerate(const arma::mat& rows, MergeCriterion criterion);

/// The partition into `num_clusters` clusters: the tree cut after
/// n − num_clusters merges, labels 0.. numbered by first appearance in row
/// order (mclust's hclass followed by partconv).
arma::uvec cut_tree(const MergeTree& tree, std::size_t num_clusters);

}  // namespace mixfit
