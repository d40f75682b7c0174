// Helpers shared by the product family's tests: families built through the build tree's registry, data, fits.
#pragma once

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/e_step.hpp"
#include "mixfit/plugin/family_registry.hpp"
#include "product_family.hpp"
#include "product_options.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

#include <armadillo>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/test/unit_test.hpp>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

namespace mixfit::testing {

/// The build tree's plugins (gaussian, product, and bernoulli/categorical once built).
inline const FamilyRegistry& plugins() {
  static const FamilyRegistry registry = build_tree_registry();
  return registry;
}

/// Precondition for tests that need a family another plugin provides.
struct FamilyAvailable {
  std::string name;
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result result(plugins().contains(name));
    result.message() << "family '" << name << "' is not built in this tree";
    return result;
  }
};

/// Precondition for tests with a Gaussian part that needs variational Bayes
/// (the gaussian plugin gained it separately from the discrete families).
struct GaussianIsVariational {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const;
};

/// Real columns named `names`, storage rows 0, 1, ...
inline std::vector<ColumnSpec> real_columns(const std::vector<std::string>& names) {
  std::vector<ColumnSpec> columns;
  for (const std::string& name : names) columns.push_back({name, ColumnKind::real, 0, {}});
  assign_storage_rows(columns);
  return columns;
}

/// A family of any registered name, its options given as YAML text (resolved
/// through the registry, as the framework does).
inline std::unique_ptr<ComponentFamily> make_family(const std::string& family, std::size_t k_count,
                                                    const std::vector<ColumnSpec>& columns,
                                                    const std::string& options_yaml = "{}") {
  const YAML::Node options = plugins().resolve_options(family, YAML::Load(options_yaml), {"test", "model.options"});
  return plugins().create(family, FamilySpec{k_count, columns, options, "test", &plugins()});
}

/// A product built by this tree's product code (not the plugin's copy), so the
/// tests can see ProductFamily itself. `parts_yaml` is the YAML list of parts.
inline std::unique_ptr<ProductFamily> make_product(std::size_t k_count, const std::vector<ColumnSpec>& columns,
                                                   const std::string& parts_yaml) {
  const YAML::Node options = YAML::Load("parts: " + parts_yaml);
  std::unique_ptr<ComponentFamily> family =
      make_product_family(FamilySpec{k_count, columns, options, "test", &plugins()});
  std::unique_ptr<ProductFamily> product(dynamic_cast<ProductFamily*>(family.release()));
  if (!product) throw std::logic_error("make_product_family did not build a ProductFamily");
  return product;
}

/// n points from a K-blob mixture in D dimensions, blob k centred at 4k in every coordinate.
inline arma::mat blob_points(std::size_t dimension, std::size_t n, std::size_t k_count, std::uint64_t seed) {
  RandomStream stream(seed);
  boost::random::normal_distribution<double> normal;
  arma::mat x(dimension, n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t d = 0; d < dimension; ++d) x(d, j) = 4.0 * static_cast<double>(j % k_count) + (1.0 + d) * normal(stream);
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

/// Statistics of one block under `weights`, with the counts set as the framework's pass sets them.
inline SufficientStatistics weighted_statistics(const ComponentFamily& family, const DataBlock& block,
                                                const arma::mat& weights) {
  SufficientStatistics stats(family.stat_layout());
  stats.num_rows() = static_cast<double>(block.num_rows());
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  family.accumulate(block, weights, stats);
  return stats;
}

/// One M-step from `weights`: gives the family "ugly" parameters (every bit matters in comparisons).
inline void fit_once(ComponentFamily& family, const DataBlock& block, const arma::mat& weights) {
  family.maximize(weighted_statistics(family, block, weights), Estimator::maximum_likelihood);
}

/// What the framework writes around save(): an open map with family and weights first.
inline std::string model_text(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "family" << YAML::Value << std::string(family.name());
  out << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginSeq << 0.25 << 0.75 << YAML::EndSeq;
  family.save(out);
  out << YAML::EndMap;
  if (!out.good()) throw std::runtime_error(out.GetLastError());
  return out.c_str();
}

/// K×n log densities of a family on a block.
inline arma::mat scores_of(const ComponentFamily& family, const DataBlock& block) {
  arma::mat scores;
  family.log_likelihood(block, scores);
  return scores;
}

/// True if both hold exactly the same doubles.
inline bool identical(const arma::mat& a, const arma::mat& b) {
  return a.n_rows == b.n_rows && a.n_cols == b.n_cols && arma::all(arma::vectorise(a) == arma::vectorise(b));
}

/// A ConfigError's message from `action`, or "" if it threw none.
template <class Action>
std::string config_error(Action action) {
  try {
    action();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

inline bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

inline boost::test_tools::assertion_result GaussianIsVariational::operator()(boost::unit_test::test_unit_id) const {
  const bool variational =
      plugins().contains("gaussian") && make_family("gaussian", 2, real_columns({"x"}))->capabilities().variational;
  boost::test_tools::assertion_result result(variational);
  result.message() << "the gaussian plugin in this tree does not implement variational Bayes";
  return result;
}

}  // namespace mixfit::testing

namespace mixfit::testing {

/// True if `message` contains "FILE:LINE:COL: KEY..." with the given line, or "FILE: KEY..." with no
/// line (the framework's copy of model.parts has lost its marks; see README.md, "Framework note").
/// Never true for a wrong line. `key_and_text` is what follows the location.
inline bool located(const std::string& message, const std::string& file, std::size_t line,
                    const std::string& key_and_text) {
  if (contains(message, file + ": " + key_and_text)) return true;
  const std::string prefix = file + ":" + std::to_string(line) + ":";
  const std::size_t at = message.find(prefix);
  if (at == std::string::npos) return false;
  const std::size_t rest = message.find(": ", at + prefix.size());
  return rest != std::string::npos && message.compare(rest + 2, key_and_text.size(), key_and_text) == 0;
}

}  // namespace mixfit::testing
