// Degeneracy checks over the data and over the final assignment of a fit.
#include "mixfit/inference/degeneracy_checks.hpp"

#include "mixfit/core/number_format.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mixfit {

std::vector<std::string> data_warnings(const Dataset& data, const BlockPlan& plan) {
  // Each real column's range over every block (and every process's blocks).
  std::vector<const ColumnSpec*> real_columns;
  for (const ColumnSpec& column : data.columns)
    if (column.kind == ColumnKind::real) real_columns.push_back(&column);
  if (real_columns.empty()) return {};
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> range(2 * real_columns.size());
  for (std::size_t c = 0; c < real_columns.size(); ++c) {
    range[2 * c] = inf;        // min
    range[2 * c + 1] = -inf;   // max
  }
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block(data, plan.begin(b), plan.size(b), b);
    for (std::size_t c = 0; c < real_columns.size(); ++c) {
      const arma::rowvec values = block.real().row(real_columns[c]->storage_row);
      range[2 * c] = std::min(range[2 * c], values.min());
      range[2 * c + 1] = std::max(range[2 * c + 1], values.max());
    }
  }
  const std::vector<double> all = all_gather_doubles(plan, range);
  for (std::size_t at = range.size(); at < all.size(); at += range.size())
    for (std::size_t c = 0; c < real_columns.size(); ++c) {
      range[2 * c] = std::min(range[2 * c], all[at + 2 * c]);
      range[2 * c + 1] = std::max(range[2 * c + 1], all[at + 2 * c + 1]);
    }

  std::vector<std::string> warnings;
  for (std::size_t c = 0; c < real_columns.size(); ++c) {
    const double low = range[2 * c], high = range[2 * c + 1];
    if (low > high) continue;  // no rows
    const std::string name = "column '" + real_columns[c]->name + "'";
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
  arma::uvec labels;  // this process's rows
  RowOutputs outputs;
  outputs.labels = &labels;
  statistics_pass(model, data, plan, Assignment::soft, outputs);
  const std::size_t k_count = model.num_components();
  const std::size_t width = data.numeric_width();
  // Per component, over this process's rows: how many, the first one (global
  // index and values), and whether every later row equals it.
  std::vector<double> local(k_count * (3 + width), 0.0);
  auto entry = [&](std::vector<double>& v, std::size_t at, std::size_t k) { return v.data() + at + k * (3 + width); };
  const std::size_t first_row = plan.local_first_row();
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    for (std::size_t j = 0; j < block.num_rows(); ++j) {
      const arma::uword k = labels(block.first_row() - first_row + j);
      double* e = entry(local, 0, k);  // [count, first row, identical, values of the first row]
      const double* row = block.real().colptr(j);
      if (e[0]++ == 0) {
        e[1] = static_cast<double>(block.first_row() + j);
        e[2] = 1.0;
        std::copy(row, row + width, e + 3);
      } else if (e[2] == 1.0 && !std::equal(row, row + width, e + 3)) {
        e[2] = 0.0;
      }
    }
  }
  // Combined in rank order: the first process with rows of k holds its first row.
  std::vector<double> all = all_gather_doubles(plan, local);
  std::vector<double> count(k_count, 0.0), first(k_count, 0.0);
  std::vector<bool> identical(k_count, true);
  std::vector<const double*> point(k_count, nullptr);
  for (std::size_t at = 0; at < all.size(); at += local.size())
    for (std::size_t k = 0; k < k_count; ++k) {
      const double* e = entry(all, at, k);
      if (e[0] == 0.0) continue;
      if (count[k] == 0.0) {
        first[k] = e[1];
        point[k] = e + 3;
      } else if (!std::equal(e + 3, e + 3 + width, point[k])) {
        identical[k] = false;
      }
      identical[k] = identical[k] && e[2] == 1.0;
      count[k] += e[0];
    }
  std::vector<std::string> warnings;
  for (std::size_t k = 0; k < k_count; ++k)
    if (count[k] > 0 && identical[k])
      warnings.push_back("component " + std::to_string(k) + " collapsed onto a single point (row " +
                         std::to_string(static_cast<std::size_t>(first[k]) + 1) +
                         (count[k] > 1 ? " and " + std::to_string(static_cast<std::size_t>(count[k]) - 1) +
                                                                            " identical rows"
                                                                      : std::string()) +
                         "): its spread is the family's regularisation alone");
  return warnings;
}

}  // namespace mixfit
