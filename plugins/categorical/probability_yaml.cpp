// Located reading and exact writing of categorical per-level numbers (probabilities, concentrations).
#include "probability_yaml.hpp"

#include "mixfit/core/number_format.hpp"

#include <cmath>
#include <string>

namespace mixfit {

arma::rowvec read_per_column(const YAML::Node& node, const ConfigLocation& where, const LevelLayout& layout,
                             const std::string& what) {
  const std::size_t d_count = layout.num_columns();
  if (!node.IsSequence() || node.size() != d_count) {
    std::string shape;
    for (std::size_t j = 0; j < d_count; ++j) shape += (j ? ", " : "") + std::to_string(layout.num_levels(j));
    fail_at(where, node,
            "expected " + std::to_string(d_count) + " lists of level " + what + ", one per column (with " + shape +
                " levels), got " + show_node(node));
  }
  arma::rowvec row(layout.total_levels());
  for (std::size_t j = 0; j < d_count; ++j) {
    const std::size_t levels = layout.num_levels(j);
    const arma::vec values = read_vector(node[j], at_index(where, j), levels,
                                         "a list of " + std::to_string(levels) + " " + what + " (the levels of column '" +
                                             layout.name(j) + "')");
    row.cols(layout.offset(j), layout.offset(j) + levels - 1) = values.t();
  }
  return row;
}

void emit_per_column(YAML::Emitter& out, const arma::rowvec& values, const LevelLayout& layout) {
  out << YAML::Flow << YAML::BeginSeq;
  for (std::size_t j = 0; j < layout.num_columns(); ++j)
    emit_vector(out, values.cols(layout.offset(j), layout.offset(j) + layout.num_levels(j) - 1).t());
  out << YAML::EndSeq;
}

arma::rowvec read_component_probabilities(const YAML::Node& node, const ConfigLocation& where,
                                          const LevelLayout& layout) {
  const arma::rowvec row = read_per_column(node, where, layout, "probabilities");
  for (std::size_t j = 0; j < layout.num_columns(); ++j) {
    const ConfigLocation column = at_index(where, j);
    const arma::vec theta = row.cols(layout.offset(j), layout.offset(j) + layout.num_levels(j) - 1).t();
    for (std::size_t l = 0; l < theta.n_elem; ++l)
      if (theta(l) < 0.0 || theta(l) > 1.0)
        fail_at(at_index(column, l), node[j][l], "expected a probability in [0, 1], got " + node[j][l].Scalar());
    const double total = arma::accu(theta);
    if (std::abs(total - 1.0) > kProbabilitySumTolerance)
      fail_at(column, node[j],
              "the probabilities of column '" + layout.name(j) + "' sum to " + format_double(total) +
                  ", expected 1 (within " + format_double(kProbabilitySumTolerance) + ")");
  }
  return row;
}

void emit_component_probabilities(YAML::Emitter& out, const arma::rowvec& probabilities, const LevelLayout& layout) {
  emit_per_column(out, probabilities, layout);
}

}  // namespace mixfit
