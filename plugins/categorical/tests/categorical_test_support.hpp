// Helpers shared by the categorical family's tests: in-memory categorical data sets, families and whole-data E-steps.
#pragma once

#include "categorical_family.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/inference/e_step.hpp"
#include "support/fixtures.hpp"

#include <armadillo>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace mixfit::testing {

/// "c0", "c1", … (appended rather than `"c" + to_string(j)`, which trips GCC 12's false -Wrestrict warning).
inline std::string column_name(std::size_t j) {
  std::string name = "c";
  name += std::to_string(j);
  return name;
}

/// A data set of categorical columns named c0, c1, … with levels "0" … "L_j − 1",
/// from a D×N matrix of codes; `source` names it in messages.
inline Dataset categorical_dataset(const arma::Mat<std::uint16_t>& codes, const std::vector<std::size_t>& num_levels,
                                   const std::string& source = "data.csv") {
  Dataset data;
  data.source = source;
  for (std::size_t j = 0; j < num_levels.size(); ++j) {
    ColumnSpec column{column_name(j), ColumnKind::categorical, j, {}};
    for (std::size_t l = 0; l < num_levels[j]; ++l) column.levels.push_back(std::to_string(l));
    data.columns.push_back(column);
  }
  data.categorical = codes;
  return data;
}

/// Reproducible codes, uniform over each column's levels (D×n).
inline arma::Mat<std::uint16_t> random_codes(const std::vector<std::size_t>& num_levels, std::size_t n,
                                             std::uint64_t seed) {
  RandomStream stream(seed);
  arma::Mat<std::uint16_t> codes(num_levels.size(), n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < num_levels.size(); ++j)
      codes(j, i) = static_cast<std::uint16_t>(
          boost::random::uniform_int_distribution<std::size_t>(0, num_levels[j] - 1)(stream));
  return codes;
}

/// Reproducible positive weights, K×n, columns summing to 1 (like responsibilities).
inline arma::mat random_weights(std::size_t k_count, std::size_t n, std::uint64_t seed) {
  RandomStream stream(seed);
  boost::random::uniform_real_distribution<double> uniform(0.05, 1.0);
  arma::mat r(k_count, n);
  for (double& v : r) v = uniform(stream);
  r.each_row() /= arma::sum(r, 0);
  return r;
}

/// A LevelLayout for columns c0, c1, … with the given level counts.
inline LevelLayout layout_of(const std::vector<std::size_t>& num_levels) {
  std::vector<std::string> names;
  for (std::size_t j = 0; j < num_levels.size(); ++j) names.push_back(column_name(j));
  return LevelLayout(names, num_levels);
}

/// Statistics of rows [first, first + count) of `data` under `weights` (K×N), from accumulate() only.
inline SufficientStatistics accumulate_rows(const ComponentFamily& family, const Dataset& data,
                                            const arma::mat& weights, std::size_t first, std::size_t count) {
  SufficientStatistics stats(family.stat_layout());
  family.accumulate(DataBlock(data, first, count, 0), weights.cols(first, first + count - 1), stats);
  return stats;
}

/// Statistics with the framework's counts N_k filled in too, as the E-step would.
inline SufficientStatistics statistics_for(const ComponentFamily& family, const Dataset& data,
                                           const arma::mat& weights) {
  SufficientStatistics stats = accumulate_rows(family, data, weights, 0, data.num_rows());
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  stats.num_rows() = static_cast<double>(data.num_rows());
  return stats;
}

/// A family fitted by one M-step to random data and weights, so its
/// probabilities are "ugly" doubles (every bit matters in round trips).
inline CategoricalFamily fitted_family(std::size_t k_count, const std::vector<std::size_t>& num_levels,
                                       std::uint64_t seed, CategoricalOptions options = {}) {
  CategoricalFamily family(k_count, layout_of(num_levels), options);
  const Dataset data = categorical_dataset(random_codes(num_levels, 200, seed), num_levels);
  family.maximize(statistics_for(family, data, random_weights(k_count, 200, seed + 1)),
                  Estimator::maximum_likelihood);
  return family;
}

/// A family with a posterior from one variational update on random data and
/// weights (n rows), so its concentrations and means are "ugly" doubles.
inline CategoricalFamily posterior_family(std::size_t k_count, const std::vector<std::size_t>& num_levels,
                                          std::uint64_t seed, CategoricalOptions options = {}, std::size_t n = 60) {
  CategoricalFamily family(k_count, layout_of(num_levels), options);
  const Dataset data = categorical_dataset(random_codes(num_levels, n, seed), num_levels);
  family.update_posterior(statistics_for(family, data, random_weights(k_count, n, seed + 1)));
  return family;
}

/// The family's slots of a statistics buffer as a vector (framework slots excluded).
inline arma::vec family_slots(const SufficientStatistics& stats) {
  arma::vec all(const_cast<double*>(stats.data()), stats.size());
  return all.tail(stats.layout().num_components * stats.layout().component_width + stats.layout().shared_width);
}

/// True if both hold exactly the same doubles.
template <class A, class B>
bool identical(const A& actual, const B& expected) {
  const arma::vec a = arma::vectorise(arma::conv_to<arma::mat>::from(actual));
  const arma::vec b = arma::vectorise(arma::conv_to<arma::mat>::from(expected));
  return a.n_elem == b.n_elem && arma::all(a == b);
}

}  // namespace mixfit::testing
