// FieldTable: a kit family's parameters — named fields of D values per component, side fields of one number per
// component, optionally a posterior per component with the prior it came from — and their model.yaml form with
// located, all-or-nothing loading. CellTable (one field) and VectorCellFamily (several) both store theirs here.
#pragma once

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit::kit {

/// The range of a parameter; estimates are kept inside it and loaded values checked against it.
enum class Constraint {
  positive,     ///< θ > 0 (rates, scales, variances)
  probability,  ///< 0 < θ < 1
  real,         ///< any finite number (a location)
  simplex,      ///< a field of probabilities in (0, 1] summing to 1 (one component's D values together)
  nonnegative,  ///< θ ≥ 0 (a concentration that may be 0)
  angle,        ///< an angle in radians in (−π, π]
};

bool satisfies(Constraint constraint, double value);
/// "a number > 0", for messages.
std::string_view describe_constraint(Constraint constraint);

/// How a kit family spells its parameters in model.yaml.
struct FieldNames {
  std::string family;                        ///< "multinomial", for messages
  std::vector<std::string> fields;           ///< θ's fields ("probabilities"), D values per component each
  std::vector<Constraint> constraints;       ///< one per field
  std::vector<std::string> side_fields;      ///< numbers ≥ 0 kept beside θ ("mean_total"), one per component
  std::string prior;                         ///< "dirichlet": prefixes the posterior's keys (dirichlet_alpha)
  std::vector<std::string> hyperparameters;  ///< {"alpha"}
};

struct FieldTable {
  std::vector<arma::mat> values;     ///< one D×K matrix per field, column k = component k
  arma::mat side;                    ///< side fields × K (no rows without side fields)
  std::vector<arma::mat> posterior;  ///< one D×K matrix per hyperparameter; empty: no posterior
  std::vector<double> prior;         ///< with a posterior: the configured hyperparameters it came from

  bool has_posterior() const { return !posterior.empty(); }
  /// New component i is old component order[i]. Error unless `order` is a permutation of 0..K−1.
  void permute(const arma::uvec& order);
};

/// What is wrong with one component's loaded posterior and parameters, and where: field `field`, value `index`.
struct FieldProblem {
  std::string message;
  std::size_t field = 0;
  std::size_t index = 0;
};

/// Checks one component's posterior (one D-vector per hyperparameter) against its parameters (one D-vector per
/// field): nothing when they fit together (a proper distribution whose point estimate is the parameters).
using FieldPosteriorCheck = std::function<std::optional<FieldProblem>(const std::vector<arma::vec>& hyperparameters,
                                                                      const std::vector<arma::vec>& values)>;
/// Says what is wrong with a saved prior's hyperparameters, or "".
using FieldPriorCheck = std::function<std::string(const std::vector<double>& hyperparameters)>;

/// With a posterior `prior: {alpha: …}`, then `components:` with, per component, `<field>: [D values]` for each
/// field, `<side field>: number` and `<prior>_<hyperparameter>: [D values]`. Numbers round-trip exactly.
void save_fields(YAML::Emitter& out, const FieldNames& names, const FieldTable& table);

/// Reads what save_fields writes for `num_columns` columns and `num_components` components. Throws ConfigError
/// naming `source`, the line and the key for a wrong shape, a value outside its constraint, a posterior in some
/// components only, or one the checks reject; nothing is returned half-read.
FieldTable load_fields(const YAML::Node& model, const std::string& source, const FieldNames& names,
                       std::size_t num_columns, std::size_t num_components, const FieldPriorCheck& check_prior,
                       const FieldPosteriorCheck& check_posterior);

}  // namespace mixfit::kit
