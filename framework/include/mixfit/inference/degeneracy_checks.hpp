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

/// A component counts as collapsed onto a point (or onto one value of a real
/// column) when less than this share of its responsibility mass lies
/// elsewhere: off-point rows then add at most ~√ε of a squared data distance
/// to its spread, which is left to the family's floor (or the prior).
inline constexpr double kCollapsedShare = 1e-8;
/// ... and when the family's own variance there (ComponentFamily::component_moments) is at most this share of
/// the column's variance (a standard deviation below 1% of the column's): then it is the regularisation's (or
/// the prior's), not a spread shared with other components (tied covariance) or otherwise wide.
inline constexpr double kCollapsedSpread = 1e-4;

/// Where a component's spread comes from when its rows are all one point,
/// which words the warning: EM, MAP-EM and k-means' saved fit rest on the
/// family's regularisation; VB's posterior on the prior.
enum class SpreadSource { regularisation, prior };

/// Warnings about a fitted model, from the soft responsibilities (under the
/// posterior for VB): a component whose responsibility mass lies on one
/// point — the row it weighs most and the rows identical to it — except for
/// a share below kCollapsedShare (duplicate rows, a component collapsed onto
/// an outlier; under a tied covariance its spread is the shared one, which
/// the message then overstates); failing that, a component that does so in one
/// real column with a spread there below kCollapsedSpread of the column's (a
/// spike on one value of a rounded column; needs the family's moments).
std::vector<std::string> collapsed_component_warnings(const MixtureModel& model, const Dataset& data,
                                                      const BlockPlan& plan,
                                                      SpreadSource source = SpreadSource::regularisation);

}  // namespace mixfit
