// Reading and writing one component's per-level numbers in model.yaml (probabilities, concentrations), with located errors.
#pragma once

#include "level_layout.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

namespace mixfit {

/// How far a column's probabilities may sum from 1 in a model file (numpy or
/// hand-written numbers, printed to a few digits less than exact).
inline constexpr double kProbabilitySumTolerance = 1e-9;

/// Reads `[[v_1 …], …, [v_D …]]`: D lists of finite numbers, list j holding
/// L_j of them (`what` names them in messages: "probabilities",
/// "concentrations"), as one row of Σ_j L_j entries in the layout's order.
/// Throws ConfigError naming the file, line, column and key otherwise.
arma::rowvec read_per_column(const YAML::Node& node, const ConfigLocation& where, const LevelLayout& layout,
                             const std::string& what);

/// Writes one component's row of Σ_j L_j numbers as `[[…], …, […]]`, one flow list per column, exact numbers.
void emit_per_column(YAML::Emitter& out, const arma::rowvec& values, const LevelLayout& layout);

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
