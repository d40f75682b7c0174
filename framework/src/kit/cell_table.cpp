// A cellwise family's parameters in model.yaml: writing them exactly, reading them back with located errors.
#include "mixfit/kit/cell_table.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <cmath>

namespace mixfit::kit {
namespace {

std::string posterior_key(const CellNames& names, std::size_t h) { return names.prior + "_" + names.hyperparameters[h]; }

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

}  // namespace

bool satisfies(Constraint constraint, double value) {
  switch (constraint) {
    case Constraint::positive: return value > 0.0 && std::isfinite(value);
    case Constraint::probability: return value > 0.0 && value < 1.0;
  }
  return false;
}

std::string_view describe_constraint(Constraint constraint) {
  switch (constraint) {
    case Constraint::positive: return "a number > 0";
    case Constraint::probability: return "a probability strictly between 0 and 1";
  }
  return "a value";
}

void CellTable::permute(const arma::uvec& order) {
  if (order.n_elem != values.n_cols ||
      (order.n_elem > 0 && arma::any(arma::sort(order) != arma::regspace<arma::uvec>(0, values.n_cols - 1))))
    throw Error("permute_components() needs a permutation of the " + std::to_string(values.n_cols) + " components");
  values = values.cols(order);
  for (arma::mat& hyperparameter : posterior) hyperparameter = hyperparameter.cols(order);
}

void save_cells(YAML::Emitter& out, const CellNames& names, const CellTable& table) {
  if (table.has_posterior()) {
    out << YAML::Key << "prior" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (std::size_t h = 0; h < names.hyperparameters.size(); ++h) {
      out << YAML::Key << names.hyperparameters[h] << YAML::Value;
      emit_number(out, table.prior[h]);
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < table.values.n_cols; ++k) {
    out << YAML::BeginMap << YAML::Key << names.parameter << YAML::Value;
    emit_vector(out, table.values.col(k));
    for (std::size_t h = 0; h < table.posterior.size(); ++h) {
      out << YAML::Key << posterior_key(names, h) << YAML::Value;
      emit_vector(out, table.posterior[h].col(k));
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

CellTable load_cells(const YAML::Node& model, const std::string& source, const CellNames& names,
                     std::size_t num_columns, std::size_t num_components, const CellPriorCheck& check_prior,
                     const CellPosteriorCheck& check_posterior) {
  const ConfigLocation top{source, ""};
  const std::size_t h_count = names.hyperparameters.size();
  std::vector<std::string> keys{names.parameter};
  for (std::size_t h = 0; h < h_count; ++h) keys.push_back(posterior_key(names, h));
  const std::vector<std::string> posterior_keys(keys.begin() + 1, keys.end());

  CellTable table;
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
  table.values.set_size(num_columns, num_components);
  std::vector<arma::mat> posterior(h_count, arma::mat(num_columns, num_components));
  std::size_t with_posterior = 0;
  for (std::size_t k = 0; k < num_components; ++k) {
    const ConfigLocation where = at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) fail_at(where, node, "expected a mapping with " + names.parameter + ", got " + show_node(node));
    reject_other_keys(node, where, keys);
    const YAML::Node values = require_key(node, where, names.parameter);
    const ConfigLocation at = where.child(names.parameter);
    table.values.col(k) = read_vector(values, at, num_columns, "a list of " + std::to_string(num_columns) + " " +
                                                                   names.parameter);
    for (std::size_t d = 0; d < num_columns; ++d)
      if (!satisfies(names.constraint, table.values(d, k)))
        fail_at(at_index(at, d), values[d],
                "expected " + std::string(describe_constraint(names.constraint)) + ", got " + values[d].Scalar());
    if (!has_any_key(node, posterior_keys)) continue;
    for (std::size_t h = 0; h < h_count; ++h)
      posterior[h].col(k) = read_vector(require_key(node, where, posterior_keys[h]), where.child(posterior_keys[h]),
                                        num_columns, "a list of " + std::to_string(num_columns) + " numbers");
    for (std::size_t d = 0; d < num_columns; ++d) {
      std::vector<double> cell(h_count);
      for (std::size_t h = 0; h < h_count; ++h) cell[h] = posterior[h](d, k);
      if (const std::string problem = check_posterior(cell, table.values(d, k)); !problem.empty())
        fail_at(at_index(at, d), values[d], problem);
    }
    ++with_posterior;
  }
  if (with_posterior != 0 && with_posterior != num_components)
    for (std::size_t k = 0; k < num_components; ++k)
      if (!has_any_key(components[k], posterior_keys))
        fail_at(at_index(list, k), components[k],
                "expected " + posterior_keys.front() + " and the other posterior keys as in the other components (a "
                "saved posterior has them in every component, or in none)");
  if (with_posterior == num_components) {
    table.posterior = std::move(posterior);
    if (table.prior.empty())
      fail_at(top, model, "a saved posterior needs the prior it came from: prior: {" + names.hyperparameters.front() +
                              ": ..., ...}");
  }
  return table;
}

}  // namespace mixfit::kit
