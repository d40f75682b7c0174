// What the conformance checks share: drawn data sets, statistics from weights, saved text, comparisons.
#pragma once

#include "mixfit/conformance/family_conformance.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace mixfit::conformance::detail {

/// Rows drawn from a family, component by component (rows_per_component each,
/// component 0 first), with the component that drew each row.
struct DrawnSample {
  Dataset data;
  arma::uvec labels;  ///< N
};

/// What every check starts from: the family at the generating parameters and data drawn from it.
struct Fixture {
  std::unique_ptr<ComponentFamily> truth;
  DrawnSample sample;
};

/// A family from the case's factory with the case's parameters loaded.
std::unique_ptr<ComponentFamily> family_with_parameters(const FamilyCase& family_case);

/// Draws n rows from component k on the stream derived from (seed, "conformance", k).
arma::mat draw_component(const ComponentFamily& family, std::size_t k, std::size_t n, std::uint64_t seed);

/// rows_per_component draws from every component of `family`.
DrawnSample draw_sample(const ComponentFamily& family, const FamilyCase& family_case);

/// A Dataset holding D×n draws (rows in the family's column order) in the
/// matrices and storage rows that `columns` name.
Dataset dataset_from_draws(const std::vector<ColumnSpec>& columns, const arma::mat& draws);

/// Every point of a support made only of binary and categorical columns, or
/// nothing when a column is real or there are more than 65536 points.
std::optional<Dataset> enumerate_discrete_support(const std::vector<ColumnSpec>& columns);

/// Reproducible positive K×n weights, columns summing to 1, on the stream (seed, "conformance weights", index).
arma::mat random_weights(std::size_t num_components, std::size_t n, std::uint64_t seed, std::uint64_t index);

/// The family's accumulate() over rows [first, first + count) alone (framework slots zero).
SufficientStatistics accumulate_rows(const ComponentFamily& family, const Dataset& data, const arma::mat& weights,
                                     std::size_t first, std::size_t count);

/// Statistics as the framework builds them from weights (K×N): counts, row count and accumulate().
SufficientStatistics statistics_for(const ComponentFamily& family, const Dataset& data, const arma::mat& weights);

/// The family's slots of a statistics buffer (framework slots excluded).
arma::vec family_slots(const SufficientStatistics& stats);

/// scores(k, j) from log_likelihood() over the whole data set as one block.
arma::mat scores_of(const ComponentFamily& family, const Dataset& data);
/// The same from expected_log_likelihood().
arma::mat expected_scores_of(const ComponentFamily& family, const Dataset& data);

/// Σ_j scores(labels_j, j): the complete-data log-likelihood.
double complete_log_likelihood(const arma::mat& scores, const arma::uvec& labels);

/// The family's save() inside an open map, as text.
std::string saved_text(const ComponentFamily& family);

/// Largest |a − b| and largest |a|, |b| (a and b of equal size); NaN anywhere gives NaN.
double max_abs_difference(const arma::vec& a, const arma::vec& b);
double max_abs(const arma::vec& a);

/// True if both hold the same doubles, bit for bit (NaN never equal).
bool identical(const arma::mat& a, const arma::mat& b);

/// "%g"-style short text of a number for details.
std::string number_text(double value);

}  // namespace mixfit::conformance::detail
