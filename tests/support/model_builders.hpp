// Building models for tests through the real plugin registry (the same path the CLI takes).
#pragma once

#include "mixfit/data/dataset.hpp"
#include "mixfit/model/mixture_model.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace mixfit::testing {

/// A registry filled from the build tree's plugin folder.
FamilyRegistry build_tree_registry();

/// A Gaussian mixture model (no parameters yet) with the given options.
MixtureModel make_gaussian_model(const FamilyRegistry& registry, std::size_t num_components,
                                 const std::vector<std::string>& columns, const std::string& covariance,
                                 double reg_covar);

/// A model.yaml-shaped node for Gaussian parameters: means D×K; covariances
/// as the fixtures shape them (full: K×d×d list, diag: K×d, spherical: K, tied: d×d).
YAML::Node gaussian_parameters_node(const arma::vec& weights, const arma::mat& means_dk,
                                    const YAML::Node& covariances, const std::string& covariance);

/// The fixtures' three_blobs.csv as a Dataset (columns x, y).
Dataset three_blobs();

}  // namespace mixfit::testing
