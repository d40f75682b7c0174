// Reading and writing one component's level probabilities in model.yaml, with located errors.
#pragma once

#include "level_layout.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

namespace mixfit {

/// How far a column's probabilities may sum from 1 in a model file (numpy or
/// hand-written numbers, printed to a few digits less than exact).
inline constexpr double kProbabilitySumTolerance = 1e-9;

/// Reads `[[θ_1 …], …, [θ_D …]]`: D lists, list j holding L_j numbers in
/// [0, 1] that sum to 1 within kProbabilitySumTolerance. The numbers are
/// kept exactly as written (not renormalised). Returns them as one row of
/// Σ_j L_j entries in the layout's order. Throws ConfigError naming the file,
/// line, column and key (`components[1].probabilities[2][0]`) otherwise.
arma::rowvec read_component_probabilities(const YAML::Node& node, const ConfigLocation& where,
                                          const LevelLayout& layout);

/// Writes one component's row of Σ_j L_j probabilities as `[[…], …, […]]`, exact numbers.
void emit_component_probabilities(YAML::Emitter& out, const arma::rowvec& probabilities, const LevelLayout& layout);

}  // namespace mixfit
