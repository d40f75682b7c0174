// The weights, means and covariances of a Gaussian mixture, read from model.yaml or a parameter-trace entry.
#pragma once

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace mixfit::plot {

/// A Gaussian mixture as plotted: weight, mean and full covariance of each
/// component (diag, spherical and tied covariances expanded to full).
struct GaussianComponents {
  arma::vec weights;
  std::vector<arma::vec> means;
  std::vector<arma::mat> covariances;
};

/// Reads `parameters` (a map with weights, components and, for tied
/// covariance, shared: model.yaml or one trace_parameters.yaml entry) of a
/// Gaussian model with covariance type `covariance` (full | diag |
/// spherical | tied) in `dimension` dimensions. ConfigError naming `source`,
/// line and key if a value is missing or malformed.
GaussianComponents read_gaussian_components(const YAML::Node& parameters, const std::string& covariance,
                                            std::size_t dimension, const std::string& source);

}  // namespace mixfit::plot
