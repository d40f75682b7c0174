// Per-column weights that make the initialisers' distances those of standardised columns.
#pragma once

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"

#include <armadillo>

namespace mixfit {

/// 1/σ_d for every column d of the numeric encoding (σ the population
/// standard deviation, ddof = 0 as scikit-learn's StandardScaler), so that
/// Σ_d (w_d (x_d − c_d))² is the squared distance between the standardised
/// rows (x − μ)/σ and (c − μ)/σ: centring cancels in a difference, so the
/// means are needed only for σ. A column with zero spread (a variance within
/// the rounding error of computing it, scikit-learn's test) keeps w_d = 1:
/// it is left unscaled, as StandardScaler leaves it.
/// Means and variances are two passes over `plan`'s blocks summed in the
/// block tree (BlockTreeSum), so the weights are the same bits for any
/// thread count, process count or streaming.
/// With data.weights the means and variances are weighted (a row of weight
/// w counts w times).
arma::vec standardising_weights(const Dataset& data, const BlockPlan& plan);

/// Σ_n w_n over every row of `plan` (N without data.weights), summed in the
/// block tree on every process.
double total_weight(const Dataset& data, const BlockPlan& plan);

/// The column weights the distance-based initialisers use under `scale`:
/// empty (raw Euclidean distances) for none, standardising_weights() for
/// standardize.
arma::vec distance_weights(const Dataset& data, const BlockPlan& plan, InitScale scale);

}  // namespace mixfit
