// Located reading and exact writing of the Bernoulli family's saved prior and Beta posteriors.
#include "beta_posterior_yaml.hpp"

#include <string>

namespace mixfit {
namespace {

/// A finite number > 0 at `where` (ConfigError otherwise).
double read_positive(const YAML::Node& node, const ConfigLocation& where) {
  const double value = read_number(node, where);
  if (!(value > 0.0)) fail_at(where, node, "expected a number > 0, got " + node.Scalar());
  return value;
}

}  // namespace

void emit_saved_beta_prior(YAML::Emitter& out, const BetaPrior& prior) {
  out << YAML::Key << "prior" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "alpha" << YAML::Value;
  emit_number(out, prior.alpha);
  out << YAML::Key << "beta" << YAML::Value;
  emit_number(out, prior.beta);
  out << YAML::EndMap;
}

std::optional<BetaPrior> read_saved_beta_prior(const YAML::Node& model, const std::string& source) {
  const YAML::Node& view = model;  // a const view: looking up a missing key must not insert it
  const YAML::Node node = view["prior"];
  if (!node.IsDefined()) return std::nullopt;
  const ConfigLocation where{source, "prior"};
  if (!node.IsMap()) fail_at(where, node, "expected the Beta prior {alpha: a, beta: b}, got " + show_node(node));
  reject_unknown_keys(node, where, {"alpha", "beta"});
  BetaPrior prior;
  prior.alpha = read_positive(require_key(node, where, "alpha"), where.child("alpha"));
  prior.beta = read_positive(require_key(node, where, "beta"), where.child("beta"));
  return prior;
}

void emit_beta_concentration(YAML::Emitter& out, const arma::vec& alpha, const arma::vec& beta) {
  out << YAML::Flow << YAML::BeginSeq;
  emit_vector(out, alpha);
  emit_vector(out, beta);
  out << YAML::EndSeq;
}

BetaConcentration read_beta_concentration(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension) {
  const std::string list = "a list of " + std::to_string(dimension) + " numbers > 0";
  if (!node.IsSequence() || node.size() != 2)
    fail_at(where, node, "expected two lists, [[a_1 … a_D], [b_1 … b_D]], each " + list + ", got " + show_node(node));
  BetaConcentration result;
  for (std::size_t row = 0; row < 2; ++row) {
    const ConfigLocation at = at_index(where, row);
    arma::vec values = read_vector(node[row], at, dimension, list);
    for (std::size_t d = 0; d < dimension; ++d)
      if (!(values(d) > 0.0)) fail_at(at_index(at, d), node[row][d], "expected a number > 0, got " + node[row][d].Scalar());
    (row == 0 ? result.alpha : result.beta) = std::move(values);
  }
  return result;
}

}  // namespace mixfit
