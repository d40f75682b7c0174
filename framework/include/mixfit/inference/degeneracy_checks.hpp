// Degeneracy checks: data and fits that finish with finite numbers but deserve a warning in summary.yaml.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <string>
#include <vector>

namespace mixfit {

/// Real columns beyond these magnitudes have squares and cross-products
/// (sufficient statistics) within ~1e100 of a double's range (1e±308), and
/// absolute floors such as the Gaussian's reg_covar (1e-6) swamp their spread.
inline constexpr double kHugeMagnitude = 1e100;
inline constexpr double kTinySpread = 1e-100;

/// Warnings about the data themselves: constant real columns (no spread:
/// a variance there rests entirely on the family's regularisation), columns
/// with values beyond ±kHugeMagnitude, and non-constant columns whose spread
/// (max − min) is below kTinySpread.
std::vector<std::string> data_warnings(const Dataset& data, const BlockPlan& plan);

/// Warnings about a fitted model: components whose rows (by arg max of the
/// responsibilities) are all one and the same point in the numeric encoding,
/// so that their spread is the family's regularisation alone (duplicate rows,
/// a component collapsed onto an outlier).
std::vector<std::string> collapsed_component_warnings(const MixtureModel& model, const Dataset& data,
                                                      const BlockPlan& plan);

}  // namespace mixfit
