// The categorical family's posterior in model.yaml: `prior: {alpha}` and each component's `concentration`.
#pragma once

#include "level_layout.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace mixfit {

/// How far a saved probability may be from the posterior mean α_l / Σ α of
/// its saved concentration (hand-edited files); save() writes them equal.
inline constexpr double kPosteriorMeanTolerance = 1e-9;

/// Writes `prior: {alpha: α}` (exact number) into the model's open map.
void emit_saved_dirichlet_prior(YAML::Emitter& out, double alpha);

/// The top-level `prior` of a model map, if present: {alpha}, a finite number
/// > 0, nothing else. ConfigError naming `source`, the line and the key otherwise.
std::optional<double> read_saved_dirichlet_prior(const YAML::Node& model, const std::string& source);

/// Reads one component's `concentration`, nested like its probabilities
/// (`[[α_11 …], …, [α_D1 …]]`, D lists of L_j numbers > 0), as one row of Σ_j L_j
/// entries. ConfigError naming file, line and key (`components[1].concentration[0][2]`) otherwise.
arma::rowvec read_component_concentration(const YAML::Node& node, const ConfigLocation& where,
                                          const LevelLayout& layout);

}  // namespace mixfit
