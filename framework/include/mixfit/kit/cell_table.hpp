// CellTable: a cellwise family's parameters (one value per column per component, optionally a posterior per cell
// with the prior it came from), and their model.yaml form: a FieldTable of one field.
#pragma once

#include "mixfit/kit/field_table.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit::kit {

/// How a cellwise family spells its parameters in model.yaml.
struct CellNames {
  std::string family;                        ///< "poisson", for messages
  std::string parameter;                     ///< "rates": D values per component
  Constraint constraint = Constraint::positive;
  std::string prior;                         ///< "gamma": prefixes the posterior's keys (gamma_shape)
  std::vector<std::string> hyperparameters;  ///< {"shape", "rate"}
};

struct CellTable {
  arma::mat values;                  ///< D×K, column k = component k
  std::vector<arma::mat> posterior;  ///< one D×K matrix per hyperparameter; empty: no posterior
  std::vector<double> prior;         ///< with a posterior: the hyperparameters of the prior it came from

  bool has_posterior() const { return !posterior.empty(); }
  /// New component i is old component order[i]. Error unless `order` is a permutation of 0..K−1.
  void permute(const arma::uvec& order);
};

/// With a posterior `prior: {shape: …, rate: …}`, then `components:` with, per component,
/// `<parameter>: [D values]` and `<prior>_<hyperparameter>: [D values]`. Numbers round-trip exactly.
void save_cells(YAML::Emitter& out, const CellNames& names, const CellTable& table);

/// Says what is wrong with a cell's posterior hyperparameters and saved value, or "" when they fit together
/// (a proper distribution whose mean is the value).
using CellPosteriorCheck = std::function<std::string(const std::vector<double>& hyperparameters, double value)>;
/// Says what is wrong with a saved prior's hyperparameters, or "".
using CellPriorCheck = std::function<std::string(const std::vector<double>& hyperparameters)>;

/// Reads what save_cells writes for `num_columns` columns and `num_components` components. Throws ConfigError
/// naming `source`, the line and the key for a wrong shape, a value outside the constraint, a posterior in some
/// components only, or one the checks reject; nothing is returned half-read.
CellTable load_cells(const YAML::Node& model, const std::string& source, const CellNames& names,
                     std::size_t num_columns, std::size_t num_components, const CellPriorCheck& check_prior,
                     const CellPosteriorCheck& check_posterior);

}  // namespace mixfit::kit
