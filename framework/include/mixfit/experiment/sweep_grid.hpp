// SweepPlan: the points of an experiment's `sweep:` grid, each a list of key assignments.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace mixfit {

/// One point of the grid: which value each swept key takes.
struct SweepPoint {
  std::size_t index = 0;  ///< 0-based, in grid order
  std::vector<std::pair<std::string, YAML::Node>> assignments;  ///< (dotted key, value), in key order
  std::string name;       ///< filesystem-safe and unique: "components=3,covariance=full"
};

struct SweepPlan {
  std::vector<std::string> keys;  ///< the swept keys, as written
  std::vector<SweepPoint> points;
  std::string select = "bic";     ///< bic | aic | icl: the criterion sweep.yaml minimises
};

/// Expands
///   sweep:
///     grid: {model.components: [1, 2, 3], model.options.covariance: [full, diag]}
///     select: bic
/// into the Cartesian product of the lists, in the order the keys are
/// written with the last key varying fastest. A point's name joins
/// `leaf=value` for every key (the key's last component, or the whole dotted
/// key when two keys share a last component); characters other than
/// [A-Za-z0-9._=,+-] become '_'. Throws ConfigError (file:line:col and key)
/// for: a `sweep` that is not a mapping, unknown keys in it, a missing or
/// empty `grid`, keys that are not dotted identifiers or that may not be
/// swept (sweep.*, output.dir, experiment.name: the sweep names each point's
/// run itself), values that are not non-empty lists of scalars, an unknown
/// `select`, and more than 10,000 points.
SweepPlan expand_sweep(const YAML::Node& sweep, const ConfigLocation& where);

/// "3/72 components=3 covariance=full" for progress lines (1-based).
std::string describe_point(const SweepPlan& plan, const SweepPoint& point);

}  // namespace mixfit
