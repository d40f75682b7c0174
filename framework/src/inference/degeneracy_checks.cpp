// Degeneracy checks over the data and over the final assignment of a fit.
#include "mixfit/inference/degeneracy_checks.hpp"

#include "mixfit/core/number_format.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/init/column_scale.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/parallel/for_each_block.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

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

namespace {

// A row's cells as doubles, exactly: real values, then binary cells, then categorical codes.
void copy_row(const DataBlock& block, std::size_t j, double* out) {
  for (std::size_t c = 0; c < block.real().n_rows; ++c) *out++ = block.real()(c, j);
  for (std::size_t c = 0; c < block.binary().n_rows; ++c) *out++ = block.binary()(c, j);
  for (std::size_t c = 0; c < block.categorical().n_rows; ++c) *out++ = block.categorical()(c, j);
}

bool same_row(const DataBlock& block, std::size_t j, const double* point) {
  for (std::size_t c = 0; c < block.real().n_rows; ++c)
    if (*point++ != block.real()(c, j)) return false;
  for (std::size_t c = 0; c < block.binary().n_rows; ++c)
    if (*point++ != block.binary()(c, j)) return false;
  for (std::size_t c = 0; c < block.categorical().n_rows; ++c)
    if (*point++ != block.categorical()(c, j)) return false;
  return true;
}

std::string short_number(double value) {
  std::ostringstream text;
  text << std::setprecision(3) << value;
  return text.str();
}

}  // namespace

std::vector<std::string> collapsed_component_warnings(const MixtureModel& model, const Dataset& data,
                                                      const BlockPlan& plan, SpreadSource source) {
  arma::mat responsibilities;  // K × this process's rows
  RowOutputs outputs;
  outputs.responsibilities = &responsibilities;
  statistics_pass(model, data, plan, Assignment::soft, outputs,
                  source == SpreadSource::prior ? Scoring::variational : Scoring::point);
  const std::size_t k_count = model.num_components();
  const std::size_t first_row = plan.local_first_row();
  auto block_at = [&](std::size_t b) { return DataBlock(data, plan.begin(b), plan.size(b), b); };
  // A row's cells, as copy_row lays them out (every process has the same columns).
  const std::size_t width = data.columns.size();

  // Each component's anchor: the row it weighs most (the first such row), [weight, row, cells...].
  const std::size_t anchor_size = 2 + width;
  // Each block finds its own anchors on one of the plan's threads; blocks then join in order, a later block
  // winning only with a strictly larger weight, which is the first row of the largest weight over all rows.
  std::vector<double> local(k_count * anchor_size, 0.0);
  // Anchors from a later block or process replace earlier ones only when strictly heavier: earlier rows win ties.
  const auto adopt_heavier = [&](const double* candidates, std::vector<double>& anchors) {
    for (std::size_t k = 0; k < k_count; ++k)
      if (candidates[k * anchor_size] > anchors[k * anchor_size])
        std::copy_n(candidates + k * anchor_size, anchor_size,
                    anchors.begin() + static_cast<std::ptrdiff_t>(k * anchor_size));
  };
  for_each_block_into_slots(
      plan, std::vector<double>(local.size(), 0.0), local.size() * sizeof(double),
      [&](std::size_t b, std::vector<double>& block_anchors) {
        const DataBlock block = block_at(b);
        for (std::size_t j = 0; j < block.num_rows(); ++j)
          for (std::size_t k = 0; k < k_count; ++k) {
            double* anchor = block_anchors.data() + k * anchor_size;
            // A row of sample weight w weighs w r: w copies of it.
            const double weight = responsibilities(k, block.first_row() - first_row + j) *
                                  data.weight(block.first_row() - first_row + j);
            if (weight <= anchor[0]) continue;
            anchor[0] = weight;
            anchor[1] = static_cast<double>(block.first_row() + j);
            copy_row(block, j, anchor + 2);
          }
      },
      [&](std::size_t, const std::vector<double>& block_anchors) { adopt_heavier(block_anchors.data(), local); });
  const std::vector<double> gathered = all_gather_doubles(plan, local);
  std::vector<double> anchors(local.size(), 0.0);
  for (std::size_t at = 0; at < gathered.size(); at += local.size())  // in rank order
    adopt_heavier(gathered.data() + at, anchors);

  // Per component: its mass N_k = Σ r, the mass off the anchor point and, per real column, off the anchor's value;
  // then, once, each real column's Σ (x − a) and Σ (x − a)² about component 0's anchor a (for its variance).
  std::vector<std::size_t> real_position;  // position of each real column in a row as copy_row lays it out
  for (const ColumnSpec& column : data.columns)
    if (column.kind == ColumnKind::real) real_position.push_back(column.storage_row);
  const std::size_t real_width = real_position.size();
  const std::size_t mass_size = 2 + real_width;
  std::vector<double> masses(k_count * mass_size + 2 * real_width, 0.0);
  double* column_sums = masses.data() + k_count * mass_size;
  // Per block on the plan's threads, the blocks' sums then added in block order (the same for any thread count).
  for_each_block_into_slots(
      plan, std::vector<double>(masses.size(), 0.0), masses.size() * sizeof(double),
      [&](std::size_t b, std::vector<double>& block_masses) {
        const DataBlock block = block_at(b);
        double* block_column_sums = block_masses.data() + k_count * mass_size;
        for (std::size_t j = 0; j < block.num_rows(); ++j) {
          for (std::size_t k = 0; k < k_count; ++k) {
            const double weight = responsibilities(k, block.first_row() - first_row + j) *
                                  data.weight(block.first_row() - first_row + j);
            const double* point = anchors.data() + k * anchor_size + 2;
            double* mass = block_masses.data() + k * mass_size;
            mass[0] += weight;
            if (!same_row(block, j, point)) mass[1] += weight;
            for (std::size_t c = 0; c < real_width; ++c)
              if (block.real()(c, j) != point[c]) mass[2 + c] += weight;
          }
          const double row_weight = data.weight(block.first_row() - first_row + j);
          if (row_weight == 0.0) continue;
          for (std::size_t c = 0; c < real_width; ++c) {
            const double deviation = block.real()(c, j) - anchors[2 + c];
            block_column_sums[2 * c] += row_weight * deviation;
            block_column_sums[2 * c + 1] += row_weight * deviation * deviation;
          }
        }
      },
      [&](std::size_t, const std::vector<double>& block_masses) {
        for (std::size_t i = 0; i < masses.size(); ++i) masses[i] += block_masses[i];
      });
  const std::vector<double> all_masses = all_gather_doubles(plan, masses);
  std::fill(masses.begin(), masses.end(), 0.0);
  for (std::size_t at = 0; at < all_masses.size(); at += masses.size())
    for (std::size_t i = 0; i < masses.size(); ++i) masses[i] += all_masses[at + i];
  const double rows = total_weight(data, plan);
  std::vector<double> column_variance(real_width, 0.0);
  for (std::size_t c = 0; c < real_width; ++c)
    column_variance[c] = column_sums[2 * c + 1] / rows - std::pow(column_sums[2 * c] / rows, 2);

  // The family's own spread per real column (its moments), when it reports them: a component whose weight sits
  // on one value of a column but whose spread there is shared (tied covariance) or otherwise wide is no spike.
  const auto tiny_spread = [&](const std::optional<DistributionMoments>& moments, std::size_t c) {
    return moments && c < moments->covariance.n_rows &&
           moments->covariance(c, c) <= kCollapsedSpread * column_variance[c];
  };
  std::vector<std::size_t> family_position(real_width, 0);  // real column c is the family's column d
  for (std::size_t d = 0, c = 0; d < data.columns.size(); ++d)
    if (data.columns[d].kind == ColumnKind::real) family_position[c++] = d;

  const std::string spread = source == SpreadSource::prior ? "comes from the prior alone"
                                                           : "is the family's regularisation alone";
  std::vector<std::string> warnings;
  for (std::size_t k = 0; k < k_count; ++k) {
    const double* mass = masses.data() + k * mass_size;
    const double* anchor = anchors.data() + k * anchor_size;
    if (mass[0] <= 0.0 || anchor[0] <= 0.0) continue;  // empty: reported by the empty-component policy
    const std::optional<DistributionMoments> moments = model.family().component_moments(k);
    const std::string component = "component " + std::to_string(k);
    const std::string row = std::to_string(static_cast<std::size_t>(anchor[1]) + 1);
    if (mass[1] <= kCollapsedShare * mass[0]) {
      warnings.push_back(component + " collapsed onto a single point (row " + row + "): rows equal to it carry all "
                         "but " + short_number(mass[1]) + " of its " + short_number(mass[0]) +
                         " effective rows, so its spread " + spread);
      continue;
    }
    // One real column: a spike on a value (a rounded column), its spread there far below the column's.
    std::string values;
    for (std::size_t c = 0; c < real_width; ++c)
      if (mass[2 + c] <= kCollapsedShare * mass[0] && tiny_spread(moments, family_position[c]))
        values += (values.empty() ? "" : ", ") + std::string("'") + data.columns[family_position[c]].name +
                  "' = " + format_double(anchor[2 + real_position[c]]);
    if (!values.empty())
      warnings.push_back(component + " collapsed onto one value of a column (" + values + ", as in row " + row +
                         "): rows off that value carry a share below " + short_number(kCollapsedShare) + " of its " +
                         short_number(mass[0]) + " effective rows; its spread there, below 1% of the column's, " +
                         spread);
  }
  return warnings;
}

}  // namespace mixfit
