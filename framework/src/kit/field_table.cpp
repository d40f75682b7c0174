// A family's declared parameters in model.yaml: writing them exactly, reading them back with located errors.
#include "mixfit/kit/field_table.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <cmath>
#include <numbers>

namespace mixfit::kit {
namespace {

std::string posterior_key(const FieldNames& names, std::size_t h) { return names.prior + "_" + names.hyperparameters[h]; }

bool has_any_key(const YAML::Node& map, const std::vector<std::string>& keys) {
  for (const std::string& key : keys)
    if (map[key]) return true;
  return false;
}

// Keys of a map other than `allowed`: the first one is an error.
void reject_other_keys(const YAML::Node& map, const ConfigLocation& where, const std::vector<std::string>& allowed) {
  for (const auto& item : map) {
    const std::string key = item.first.Scalar();
    bool known = false;
    for (const std::string& name : allowed) known = known || name == key;
    if (!known) {
      std::string list;
      for (const std::string& name : allowed) list += (list.empty() ? "" : ", ") + name;
      fail_at(where.child(key), item.first, "unknown key '" + key + "' (known keys: " + list + ")");
    }
  }
}

// One field of one component in its shape, inside its constraint (a simplex summing to 1, a matrix symmetric
// positive definite).
arma::vec read_field(const YAML::Node& node, const ConfigLocation& where, const FieldSpec& spec,
                     std::size_t num_columns) {
  const std::string& name = spec.name;
  const Constraint constraint = spec.constraint;
  const YAML::Node values = require_key(node, where, name);
  const ConfigLocation at = where.child(name);
  if (spec.shape == FieldShape::one) {
    const double value = read_number(values, at);
    if (!satisfies(constraint, value))
      fail_at(at, values, "expected " + std::string(describe_constraint(constraint)) + ", got " + values.Scalar());
    return arma::vec{value};
  }
  if (spec.shape == FieldShape::matrix) {
    const arma::mat matrix = read_square_matrix(values, at, num_columns, "the D×D " + name + " matrix");
    arma::mat factor;
    if (constraint == Constraint::positive_definite && (!matrix.is_symmetric() || !arma::chol(factor, matrix, "lower")))
      fail_at(at, values, "expected a symmetric positive definite matrix");
    return arma::vectorise(matrix);
  }
  arma::vec field = read_vector(values, at, num_columns, "a list of " + std::to_string(num_columns) + " " + name);
  for (std::size_t d = 0; d < num_columns; ++d)
    if (!satisfies(constraint, field(d)))
      fail_at(at_index(at, d), values[d],
              "expected " + std::string(describe_constraint(constraint)) + ", got " + values[d].Scalar());
  if (constraint == Constraint::simplex && !(std::abs(arma::accu(field) - 1.0) <= kSimplexTolerance))
    fail_at(at, values, "expected probabilities that sum to 1, got a sum of " + format_double(arma::accu(field)));
  return field;
}

// A problem with one component's field: at the value for a column field, at the field otherwise.
[[noreturn]] void fail_located(const FieldNames& names, const YAML::Node& node, const ConfigLocation& where,
                               const FieldProblem& problem) {
  const FieldSpec& field = names.fields.at(problem.field);
  const YAML::Node values = node[field.name];
  if (field.shape == FieldShape::columns)
    fail_at(at_index(where.child(field.name), problem.index), values[problem.index], problem.message);
  fail_at(where.child(field.name), values, problem.message);
}

}  // namespace

bool satisfies(Constraint constraint, double value) {
  switch (constraint) {
    case Constraint::positive: return value > 0.0 && std::isfinite(value);
    case Constraint::probability: return value > 0.0 && value < 1.0;
    case Constraint::real: return std::isfinite(value);
    case Constraint::simplex: return value > 0.0 && value <= 1.0;
    case Constraint::nonnegative: return value >= 0.0 && std::isfinite(value);
    case Constraint::angle: return value > -std::numbers::pi && value <= std::numbers::pi;
    case Constraint::positive_definite: return std::isfinite(value);  // the matrix is checked as a whole
  }
  return false;
}

std::string_view describe_constraint(Constraint constraint) {
  switch (constraint) {
    case Constraint::positive: return "a number > 0";
    case Constraint::probability: return "a probability strictly between 0 and 1";
    case Constraint::real: return "a finite number";
    case Constraint::simplex: return "a probability in (0, 1]";
    case Constraint::nonnegative: return "a number >= 0";
    case Constraint::angle: return "an angle in (-pi, pi]";
    case Constraint::positive_definite: return "a symmetric positive definite matrix";
  }
  return "a value";
}

std::size_t field_length(FieldShape shape, std::size_t num_columns) {
  switch (shape) {
    case FieldShape::columns: return num_columns;
    case FieldShape::matrix: return num_columns * num_columns;
    case FieldShape::one: return 1;
  }
  return 0;
}

void FieldTable::permute(const arma::uvec& order) {
  const std::size_t k_count = values.empty() ? 0 : values.front().n_cols;
  if (order.n_elem != k_count ||
      (order.n_elem > 0 && arma::any(arma::sort(order) != arma::regspace<arma::uvec>(0, k_count - 1))))
    throw Error("permute_components() needs a permutation of the " + std::to_string(k_count) + " components");
  for (arma::mat& field : values) field = field.cols(order);
  if (side.n_rows > 0) side = side.cols(order);
  for (arma::mat& hyperparameter : posterior) hyperparameter = hyperparameter.cols(order);
}

void save_fields(YAML::Emitter& out, const FieldNames& names, const FieldTable& table) {
  if (table.has_posterior()) {
    out << YAML::Key << "prior" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (std::size_t h = 0; h < names.hyperparameters.size(); ++h) {
      out << YAML::Key << names.hyperparameters[h] << YAML::Value;
      emit_number(out, table.prior[h]);
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  const std::size_t k_count = table.values.front().n_cols;
  for (std::size_t k = 0; k < k_count; ++k) {
    out << YAML::BeginMap;
    for (std::size_t f = 0; f < names.fields.size(); ++f) {
      out << YAML::Key << names.fields[f].name << YAML::Value;
      const arma::vec values = table.values[f].col(k);
      switch (names.fields[f].shape) {
        case FieldShape::columns: emit_vector(out, values); break;
        case FieldShape::one: emit_number(out, values(0)); break;
        case FieldShape::matrix: {
          const auto d = static_cast<arma::uword>(std::lround(std::sqrt(static_cast<double>(values.n_elem))));
          emit_matrix(out, arma::reshape(values, d, d));
          break;
        }
      }
    }
    for (std::size_t s = 0; s < names.side_fields.size(); ++s) {
      out << YAML::Key << names.side_fields[s] << YAML::Value;
      emit_number(out, table.side(s, k));
    }
    for (std::size_t h = 0; h < table.posterior.size(); ++h) {
      out << YAML::Key << posterior_key(names, h) << YAML::Value;
      emit_vector(out, table.posterior[h].col(k));
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

FieldTable load_fields(const YAML::Node& model, const std::string& source, const FieldNames& names,
                       std::size_t num_columns, std::size_t num_components, const FieldPriorCheck& check_prior,
                       const FieldPosteriorCheck& check_posterior, const FieldValueCheck& check_values) {
  const ConfigLocation top{source, ""};
  const std::size_t f_count = names.fields.size(), h_count = names.hyperparameters.size();
  std::vector<std::string> posterior_keys;
  for (std::size_t h = 0; h < h_count; ++h) posterior_keys.push_back(posterior_key(names, h));
  std::vector<std::string> keys;
  for (const FieldSpec& field : names.fields) keys.push_back(field.name);
  keys.insert(keys.end(), names.side_fields.begin(), names.side_fields.end());
  keys.insert(keys.end(), posterior_keys.begin(), posterior_keys.end());

  FieldTable table;
  const YAML::Node prior = model["prior"];
  if (prior.IsDefined()) {
    const ConfigLocation where = top.child("prior");
    if (!prior.IsMap()) fail_at(where, prior, "expected the " + names.prior + " prior as a mapping, got " + show_node(prior));
    reject_other_keys(prior, where, names.hyperparameters);
    for (const std::string& name : names.hyperparameters)
      table.prior.push_back(read_number(require_key(prior, where, name), where.child(name)));
    if (const std::string problem = check_prior(table.prior); !problem.empty()) fail_at(where, prior, problem);
  }

  const YAML::Node components = require_key(model, top, "components");
  const ConfigLocation list = top.child("components");
  if (!components.IsSequence() || components.size() != num_components)
    fail_at(list, components, "expected a list of " + std::to_string(num_components) + " components, got " +
                                  show_node(components));
  for (const FieldSpec& field : names.fields)
    table.values.emplace_back(field_length(field.shape, num_columns), num_components);
  table.side.set_size(names.side_fields.size(), num_components);
  std::vector<arma::mat> posterior(h_count, arma::mat(num_columns, num_components));
  std::size_t with_posterior = 0;
  for (std::size_t k = 0; k < num_components; ++k) {
    const ConfigLocation where = at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) fail_at(where, node, "expected a mapping with " + keys.front() + ", got " + show_node(node));
    reject_other_keys(node, where, keys);
    std::vector<arma::vec> fields;
    for (std::size_t f = 0; f < f_count; ++f) {
      fields.push_back(read_field(node, where, names.fields[f], num_columns));
      table.values[f].col(k) = fields.back();
    }
    if (check_values)
      if (const std::optional<FieldProblem> problem = check_values(fields)) fail_located(names, node, where, *problem);
    for (std::size_t s = 0; s < names.side_fields.size(); ++s) {
      const YAML::Node value = require_key(node, where, names.side_fields[s]);
      table.side(s, k) = read_number(value, where.child(names.side_fields[s]));
      if (!(table.side(s, k) >= 0.0)) fail_at(where.child(names.side_fields[s]), value, "expected a number >= 0");
    }
    if (!has_any_key(node, posterior_keys)) continue;
    std::vector<arma::vec> hyperparameters;
    for (std::size_t h = 0; h < h_count; ++h) {
      hyperparameters.push_back(read_vector(require_key(node, where, posterior_keys[h]),
                                            where.child(posterior_keys[h]), num_columns,
                                            "a list of " + std::to_string(num_columns) + " numbers"));
      posterior[h].col(k) = hyperparameters.back();
    }
    if (const std::optional<FieldProblem> problem = check_posterior(hyperparameters, fields))
      fail_located(names, node, where, *problem);
    ++with_posterior;
  }
  if (with_posterior != 0 && with_posterior != num_components)
    for (std::size_t k = 0; k < num_components; ++k)
      if (!has_any_key(components[k], posterior_keys))
        fail_at(at_index(list, k), components[k],
                "expected " + posterior_keys.front() + (h_count > 1 ? " and the other posterior keys" : "") +
                    " as in the other components (a saved posterior has them in every component, or in none)");
  if (with_posterior == num_components) {
    table.posterior = std::move(posterior);
    if (table.prior.empty())
      fail_at(top, model, "a saved posterior needs the prior it came from: prior: {" + names.hyperparameters.front() +
                              ": ..., ...}");
  }
  return table;
}

}  // namespace mixfit::kit
