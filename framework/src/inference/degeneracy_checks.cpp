// Degeneracy checks over the data and over the final assignment of a fit.
#include "mixfit/inference/degeneracy_checks.hpp"

#include "mixfit/core/number_format.hpp"
#include "mixfit/inference/statistics_pass.hpp"

#include <cmath>

namespace mixfit {

std::vector<std::string> data_warnings(const Dataset& data) {
  std::vector<std::string> warnings;
  for (const ColumnSpec& column : data.columns) {
    if (column.kind != ColumnKind::real || data.real.n_cols == 0) continue;
    const arma::rowvec values = data.real.row(column.storage_row);
    const double low = values.min(), high = values.max();
    const std::string name = "column '" + column.name + "'";
    if (low == high) {
      warnings.push_back(name + " is constant (every row " + format_double(low) +
                         "): it carries no information, and a spread fitted on it is the family's regularisation");
    } else if (std::max(std::abs(low), std::abs(high)) > kHugeMagnitude) {
      warnings.push_back(name + " reaches " + format_double(std::max(std::abs(low), std::abs(high))) +
                         ": squared values come near the range of a double; rescale it for accurate statistics");
    } else if (high - low < kTinySpread) {
      warnings.push_back(name + " spans only " + format_double(high - low) +
                         ": absolute floors (such as gaussian reg_covar) swamp a spread that small; rescale it");
    }
  }
  return warnings;
}

std::vector<std::string> collapsed_component_warnings(const MixtureModel& model, const Dataset& data,
                                                      const BlockPlan& plan) {
  arma::uvec labels;
  RowOutputs outputs;
  outputs.labels = &labels;
  statistics_pass(model, data, plan, Assignment::soft, outputs);
  const arma::mat& values = data.numeric();
  const std::size_t k_count = model.num_components();
  // Per component: its first row and whether every later row equals it.
  std::vector<arma::uword> first(k_count, values.n_cols), count(k_count, 0);
  std::vector<bool> identical(k_count, true);
  for (arma::uword n = 0; n < labels.n_elem; ++n) {
    const arma::uword k = labels(n);
    if (count[k]++ == 0) {
      first[k] = n;
    } else if (identical[k] && !arma::approx_equal(values.col(n), values.col(first[k]), "absdiff", 0.0)) {
      identical[k] = false;
    }
  }
  std::vector<std::string> warnings;
  for (std::size_t k = 0; k < k_count; ++k)
    if (count[k] > 0 && identical[k])
      warnings.push_back("component " + std::to_string(k) + " collapsed onto a single point (row " +
                         std::to_string(first[k] + 1) + (count[k] > 1 ? " and " + std::to_string(count[k] - 1) +
                                                                            " identical rows"
                                                                      : std::string()) +
                         "): its spread is the family's regularisation alone");
  return warnings;
}

}  // namespace mixfit
