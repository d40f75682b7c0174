// Located reading and exact writing of the categorical family's saved prior and Dirichlet posteriors.
#include "dirichlet_posterior_yaml.hpp"

#include "probability_yaml.hpp"

namespace mixfit {

void emit_saved_dirichlet_prior(YAML::Emitter& out, double alpha) {
  out << YAML::Key << "prior" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "alpha" << YAML::Value;
  emit_number(out, alpha);
  out << YAML::EndMap;
}

std::optional<double> read_saved_dirichlet_prior(const YAML::Node& model, const std::string& source) {
  const YAML::Node& view = model;  // a const view: looking up a missing key must not insert it
  const YAML::Node node = view["prior"];
  if (!node.IsDefined()) return std::nullopt;
  const ConfigLocation where{source, "prior"};
  if (!node.IsMap()) fail_at(where, node, "expected the Dirichlet prior {alpha: a}, got " + show_node(node));
  reject_unknown_keys(node, where, {"alpha"});
  const YAML::Node value = require_key(node, where, "alpha");
  const double alpha = read_number(value, where.child("alpha"));
  if (!(alpha > 0.0)) fail_at(where.child("alpha"), value, "expected a number > 0, got " + value.Scalar());
  return alpha;
}

arma::rowvec read_component_concentration(const YAML::Node& node, const ConfigLocation& where,
                                          const LevelLayout& layout) {
  const arma::rowvec row = read_per_column(node, where, layout, "concentrations");
  for (std::size_t j = 0; j < layout.num_columns(); ++j)
    for (std::size_t l = 0; l < layout.num_levels(j); ++l)
      if (!(row(layout.offset(j) + l) > 0.0))
        fail_at(at_index(at_index(where, j), l), node[j][l], "expected a concentration > 0, got " + node[j][l].Scalar());
  return row;
}

}  // namespace mixfit
