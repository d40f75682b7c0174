// Helpers shared by the bernoulli family's tests: binary data sets, random weights, models through the registry.
#pragma once

#include "bernoulli_family.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/model/mixture_model.hpp"
#include "mixfit/plugin/family_registry.hpp"
#include "support/fixtures.hpp"

#include <armadillo>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mixfit::testing {

/// Binary columns c0 … c{D−1}, stored at rows 0 … D−1.
inline std::vector<ColumnSpec> binary_columns(std::size_t dimension) {
  std::vector<ColumnSpec> columns;
  for (std::size_t d = 0; d < dimension; ++d) {
    std::string name = "c";  // not "c" + to_string(d): GCC 12 warns falsely on that (-Wrestrict, GCC bug 105329)
    name += std::to_string(d);
    columns.push_back({name, ColumnKind::binary, d, {}});
  }
  return columns;
}

/// A data set of binary columns only (D×N 0/1 bytes).
inline Dataset binary_dataset(const arma::Mat<std::uint8_t>& x) {
  Dataset data;
  data.source = "test.csv";
  data.columns = binary_columns(x.n_rows);
  data.binary = x;
  data.build_numeric_encoding();
  return data;
}

/// Reproducible D×N 0/1 cells, each 1 with probability `p_one`.
inline arma::Mat<std::uint8_t> random_binary(std::size_t dimension, std::size_t n, std::uint64_t seed,
                                             double p_one = 0.4) {
  RandomStream stream(seed);
  boost::random::bernoulli_distribution<double> cell(p_one);
  arma::Mat<std::uint8_t> x(dimension, n);
  for (auto& v : x) v = cell(stream) ? 1 : 0;
  return x;
}

/// Reproducible positive weights, K×n, columns summing to 1 (like responsibilities).
inline arma::mat random_responsibilities(std::size_t k_count, std::size_t n, std::uint64_t seed) {
  RandomStream stream(seed);
  boost::random::uniform_real_distribution<double> uniform(0.05, 1.0);
  arma::mat r(k_count, n);
  for (double& v : r) v = uniform(stream);
  r.each_row() /= arma::sum(r, 0);
  return r;
}

/// Statistics of rows [first, first + count) from the family's accumulate() alone.
inline SufficientStatistics accumulate_range(const ComponentFamily& family, const Dataset& data,
                                             const arma::mat& weights, std::size_t first, std::size_t count) {
  SufficientStatistics stats(family.stat_layout());
  const arma::mat block_weights = count ? arma::mat(weights.cols(first, first + count - 1)) : arma::mat(weights.n_rows, 0);
  family.accumulate(DataBlock(data, first, count, 0), block_weights, stats);
  return stats;
}

/// Statistics as the framework builds them from weights: counts plus accumulate().
inline SufficientStatistics statistics_for(const ComponentFamily& family, const Dataset& data,
                                           const arma::mat& weights) {
  SufficientStatistics stats = accumulate_range(family, data, weights, 0, data.num_rows());
  stats.num_rows() = static_cast<double>(data.num_rows());
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  return stats;
}

/// The family's slots of a statistics buffer (framework slots excluded).
inline arma::vec family_slots(const SufficientStatistics& stats) {
  arma::vec all(const_cast<double*>(stats.data()), stats.size());
  return all.tail(stats.layout().num_components * stats.layout().component_width + stats.layout().shared_width);
}

/// A family with "ugly" probabilities in (0.05, 0.95): every bit matters in round trips.
inline BernoulliFamily random_family(std::size_t k_count, std::size_t dimension, std::uint64_t seed,
                                     double eps = 1e-10) {
  RandomStream stream(seed);
  boost::random::uniform_real_distribution<double> uniform(0.05, 0.95);
  arma::mat p(dimension, k_count);
  for (double& v : p) v = uniform(stream);
  BernoulliFamily family(k_count, dimension, eps);
  family.set_probabilities(p);
  return family;
}

/// A family with a posterior from one variational update on random data and
/// weights (n rows), so a, b and the means are "ugly" doubles.
inline BernoulliFamily posterior_family(std::size_t k_count, std::size_t dimension, std::uint64_t seed,
                                        std::optional<BetaPrior> prior = std::nullopt, std::size_t n = 40) {
  BernoulliFamily family(k_count, dimension, 1e-10, prior);
  const Dataset data = binary_dataset(random_binary(dimension, n, seed));
  family.update_posterior(statistics_for(family, data, random_responsibilities(k_count, n, seed + 1)));
  return family;
}

/// A bernoulli model (no parameters yet) built through the registry, as the CLI builds it.
inline MixtureModel make_bernoulli_model(const FamilyRegistry& registry, std::size_t k_count,
                                         const std::vector<ColumnSpec>& columns, const std::string& options_yaml) {
  const YAML::Node options = registry.resolve_options("bernoulli", YAML::Load(options_yaml), {"test", "model.options"});
  const FamilySpec spec{k_count, columns, options, "test", &registry};
  return MixtureModel(std::make_unique<MaximumLikelihoodWeights>(k_count), registry.create("bernoulli", spec), options,
                      columns);
}

/// Any bernoulli family's probabilities (D×K) through its save(): the
/// numbers are written exactly, so this is bit-exact, and it works on a
/// family from the plugin library too (no dynamic_cast across libraries).
inline arma::mat saved_probabilities(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  family.save(out);
  out << YAML::EndMap;
  const YAML::Node components = YAML::Load(out.c_str())["components"];
  arma::mat p(family.dimension(), family.num_components());
  for (std::size_t k = 0; k < family.num_components(); ++k) p.col(k) = to_vec(components[k]["probabilities"]);
  return p;
}

/// A model.yaml-shaped node with `components: [{probabilities: …}]` from D×K probabilities.
inline YAML::Node probabilities_node(const arma::mat& p) {
  YAML::Node root;
  YAML::Node components(YAML::NodeType::Sequence);
  for (arma::uword k = 0; k < p.n_cols; ++k) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (double v : arma::vec(p.col(k))) list.push_back(format_double(v));
    YAML::Node component;
    component["probabilities"] = list;
    components.push_back(component);
  }
  root["components"] = components;
  return root;
}

/// True if every entry is exactly 0 or 1.
inline bool all_zero_or_one(const arma::mat& m) {
  return std::all_of(m.begin(), m.end(), [](double v) { return v == 0.0 || v == 1.0; });
}

/// True if both hold exactly the same doubles.
template <class A, class B>
bool identical(const A& actual, const B& expected) {
  const arma::vec a = arma::vectorise(arma::conv_to<arma::mat>::from(actual));
  const arma::vec b = arma::vectorise(arma::conv_to<arma::mat>::from(expected));
  return a.n_elem == b.n_elem && arma::all(a == b);
}

}  // namespace mixfit::testing
