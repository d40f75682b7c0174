// The weights, means and covariances of a mixture as the figures draw it: from the family's component_moments().
#pragma once

#include "mixfit/family/component_family.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace mixfit::plot {

/// A mixture as plotted: weight, mean and full covariance of each component (a Gaussian picture of any family
/// that reports its moments; exact for the gaussian family).
struct GaussianComponents {
  arma::vec weights;
  std::vector<arma::vec> means;
  std::vector<arma::mat> covariances;
};

/// The components of `family` with `weights` (K), from component_moments(); nullopt when some component has
/// none.
std::optional<GaussianComponents> moment_components(const ComponentFamily& family, const arma::vec& weights);

/// The same for parameters in model.yaml's shape (a trace_parameters.yaml entry: weights and the family's
/// keys), loaded into a copy of `family`. ConfigError naming `source` if they do not load.
std::optional<GaussianComponents> moment_components(const ComponentFamily& family, const YAML::Node& parameters,
                                                    const std::string& source);

}  // namespace mixfit::plot
