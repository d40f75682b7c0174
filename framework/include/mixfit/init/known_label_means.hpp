// The means of the rows whose component data.labels fixes: where starts begin for those components.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"

#include <armadillo>

#include <cstddef>

namespace mixfit {

/// Per component k, the (sample-weighted) mean of the numeric encoding over
/// the rows known to belong to k, each coordinate over the rows observing it
/// (NaN if none does), summed block by block in grid order.
struct KnownLabelMeans {
  arma::mat means;     ///< numeric width × K; columns of components with no known row are unset
  arma::uvec present;  ///< the components with known rows of positive total weight, ascending
};

/// Empty `present` when the data have no known labels.
KnownLabelMeans known_label_means(const Dataset& data, const BlockPlan& plan, std::size_t num_components);

}  // namespace mixfit
