// FieldTable: a family's parameters declared once — named fields of D, D×D or one number per component, side
// fields, optionally a posterior per component with the prior it came from — and their model.yaml form with
// located, all-or-nothing loading. The kit's families store theirs here; a hand-written family (student_t)
// declares its fields and gets the same save and load.
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
  positive_definite,  ///< a symmetric positive definite D×D matrix (a FieldShape::matrix field)
};

/// How far from 1 a simplex field's sum may be when it is loaded or set.
inline constexpr double kSimplexTolerance = 1e-9;

/// How many numbers a field holds per component.
enum class FieldShape {
  columns,  ///< D, one per column: `rates: [1, 2, 3]`
  matrix,   ///< D×D, row by row: `scale: [[1, 0], [0, 1]]`
  one,      ///< one number: `degrees_of_freedom: 4`
};

/// One declared parameter: its model.yaml key, range and shape.
struct FieldSpec {
  std::string name;
  Constraint constraint = Constraint::real;
  FieldShape shape = FieldShape::columns;
};

bool satisfies(Constraint constraint, double value);
/// "a number > 0", for messages.
std::string_view describe_constraint(Constraint constraint);

/// How a kit family spells its parameters in model.yaml.
struct FieldNames {
  std::string family;                        ///< "multinomial", for messages
  std::vector<FieldSpec> fields;             ///< θ's fields ("probabilities"), in model.yaml order
  std::vector<std::string> side_fields;      ///< numbers ≥ 0 kept beside θ ("mean_total"), one per component
  std::string prior;                         ///< "dirichlet": prefixes the posterior's keys (dirichlet_alpha)
  std::vector<std::string> hyperparameters;  ///< {"alpha"}
};

struct FieldTable {
  std::vector<arma::mat> values;     ///< per field, column k = component k: D rows, D² (column-major) or 1
  arma::mat side;                    ///< side fields × K (no rows without side fields)
  std::vector<arma::mat> posterior;  ///< one D×K matrix per hyperparameter; empty: no posterior
  std::vector<double> prior;         ///< with a posterior: the configured hyperparameters it came from

  bool has_posterior() const { return !posterior.empty(); }
  /// New component i is old component order[i]. Error unless `order` is a permutation of 0..K−1.
  void permute(const arma::uvec& order);
};

/// What is wrong with one component's loaded posterior or parameters, and where: field `field`, value `index` (a
/// column field's; the whole field for the other shapes).
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
/// Checks one component's parameters beyond their constraints (a fixed value the options configure).
using FieldValueCheck = std::function<std::optional<FieldProblem>(const std::vector<arma::vec>& values)>;

/// With a posterior `prior: {alpha: …}`, then `components:` with, per component, each field in its shape
/// (`[D values]`, `[[row], …]` or a number), `<side field>: number` and `<prior>_<hyperparameter>: [D values]`.
/// Numbers round-trip exactly.
void save_fields(YAML::Emitter& out, const FieldNames& names, const FieldTable& table);

/// Reads what save_fields writes for `num_columns` columns and `num_components` components. Throws ConfigError
/// naming `source`, the line and the key for a wrong shape, a value outside its constraint, a posterior in some
/// components only, or one the checks reject; nothing is returned half-read.
FieldTable load_fields(const YAML::Node& model, const std::string& source, const FieldNames& names,
                       std::size_t num_columns, std::size_t num_components, const FieldPriorCheck& check_prior,
                       const FieldPosteriorCheck& check_posterior, const FieldValueCheck& check_values = {});

/// The rows a field of `shape` takes per component in FieldTable::values.
std::size_t field_length(FieldShape shape, std::size_t num_columns);

}  // namespace mixfit::kit
