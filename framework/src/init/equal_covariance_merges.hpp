// hc()'s EEE merge criterion (one covariance for all clusters), behind agglomerate().
#pragma once

#include "mixfit/init/hierarchical_clustering.hpp"

#include <armadillo>

namespace mixfit::detail {

/// The merge sequence of the columns of `rows` (D×n) under mclust's EEE criterion (equal_covariance_merges.cpp).
MergeTree agglomerate_equal_covariance(const arma::mat& rows);

}  // namespace mixfit::detail
