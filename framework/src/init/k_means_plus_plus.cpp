// Seeding rules over the rows of a data set.
#include "mixfit/init/k_means_plus_plus.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/parallel/for_each_block.hpp"
#include "mixfit/parallel/process_collectives.hpp"
#include "mixfit/inference/k_means.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <cmath>

namespace mixfit {

namespace {

// Σ D(x)² of every block of the grid, each summed in row order by the process
// holding it, so the potential and the sampling walk blocks in one fixed
// order however the rows are held or spread. `values` covers the local rows.
arma::vec block_sums(const arma::vec& values, const BlockPlan& plan) {
  std::vector<double> local;
  const std::size_t first_row = plan.local_first_row();
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    double total = 0.0;
    for (std::size_t n = plan.begin(b); n < plan.end(b); ++n) total += values(n - first_row);
    local.push_back(total);
  }
  return arma::vec(all_block_values(plan, local));
}

double ordered_total(const arma::vec& sums) {
  double total = 0.0;
  for (double s : sums) total += s;
  return total;
}

// The first row whose running sum of D(x)² reaches `target` (numpy's
// searchsorted, side='left', on the cumulative sum): the block is found from
// the block sums on every process, the row by the process holding the block
// (the block's last row if rounding leaves the target just out of reach).
std::size_t row_at(const arma::vec& closest, const arma::vec& sums, const BlockPlan& plan, double target) {
  std::size_t block = 0;
  double before = 0.0;
  while (block + 1 < plan.num_blocks() && before + sums(block) < target) before += sums(block++);
  double found = -1.0;
  if (block >= plan.local_first_block() && block < plan.local_end_block()) {
    const std::size_t first_row = plan.local_first_row();
    std::size_t row = plan.end(block) - 1;
    double running = before;
    for (std::size_t n = plan.begin(block); n < plan.end(block); ++n) {
      running += closest(n - first_row);
      if (running >= target) {
        row = n;
        break;
      }
    }
    found = static_cast<double>(row);
  }
  double row = -1.0;
  for (double value : all_gather_doubles(plan, {found})) row = std::max(row, value);
  return static_cast<std::size_t>(row);
}

// D(x)² to each of `points`, for the local rows (points × local rows), block by block on the plan's threads
// (each block writes only its own columns).
void distances_to(const Dataset& data, const BlockPlan& plan, const arma::mat& points, const arma::vec& column_weights,
                  arma::mat& out) {
  out.set_size(points.n_cols, plan.local_num_rows());
  const std::size_t first_row = plan.local_first_row();
  for_each_block(plan, [&](std::size_t b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    thread_local arma::mat distances;
    // Without data.missing no cell is missing (the readers reject non-finite cells): skip the scan for them.
    if (data.missing_allowed) squared_distances(block.real(), points, distances, column_weights);
    else complete_squared_distances(block.real(), points, distances, column_weights);
    out.cols(plan.begin(b) - first_row, plan.end(b) - 1 - first_row) = distances;
  });
}

// For each trial t (row t of `distances`, trials × local rows) and each block of the grid: Σ of the block's
// w·min(closest, D_t(x)) in row order, the potential were trial t chosen (blocks × trials, on every process).
// Each block sums on one of the plan's threads; the same sums as block_sums of each trial's vector, without
// a vector of N per trial.
arma::mat trial_block_sums(const Dataset& data, const BlockPlan& plan, const arma::vec& closest,
                           const arma::mat& distances) {
  const std::size_t trials = distances.n_rows;
  const std::size_t first = plan.local_first_block(), end = plan.local_end_block();
  const std::size_t first_row = plan.local_first_row();
  std::vector<std::vector<double>> local(trials, std::vector<double>(end - first));
  for_each_block(plan, [&](std::size_t b) {
    for (std::size_t t = 0; t < trials; ++t) {
      double total = 0.0;
      for (std::size_t n = plan.begin(b) - first_row; n < plan.end(b) - first_row; ++n) {
        const double d = std::min(closest(n), distances(t, n));
        total += data.weighted_rows ? d * data.row_weights(n) : d;
      }
      local[t][b - first] = total;
    }
  });
  arma::mat sums(plan.num_blocks(), trials);
  for (std::size_t t = 0; t < trials; ++t) sums.col(t) = arma::vec(all_block_values(plan, local[t]));
  return sums;
}

// closest = min(closest, D_t(x)) for the chosen trial t, on the plan's threads.
void keep_closer(const BlockPlan& plan, const arma::mat& distances, std::size_t t, arma::vec& closest) {
  const std::size_t first_row = plan.local_first_row();
  for_each_block(plan, [&](std::size_t b) {
    for (std::size_t n = plan.begin(b) - first_row; n < plan.end(b) - first_row; ++n)
      closest(n) = std::min(closest(n), distances(t, n));
  });
}

}  // namespace

arma::mat numeric_rows(const Dataset& data, const BlockPlan& plan, const arma::uvec& rows) {
  const std::size_t width = data.numeric_width();
  arma::mat values(width, rows.n_elem, arma::fill::zeros);
  const std::size_t first_row = plan.local_first_row(), end_row = first_row + plan.local_num_rows();
  arma::vec held(rows.n_elem, arma::fill::zeros);
  for (arma::uword i = 0; i < rows.n_elem; ++i)
    if (rows(i) >= first_row && rows(i) < end_row) {
      values.col(i) = data.numeric_row(rows(i));
      held(i) = 1.0;
    }
  if (!plan.distributed()) return values;
  // Each row comes from the one process that holds it: the others send zeros, flagged.
  std::vector<double> local(values.begin(), values.end());
  local.insert(local.end(), held.begin(), held.end());
  const std::vector<double> all = all_gather_doubles(plan, local);
  const std::size_t stride = local.size();
  for (std::size_t part = 0; part * stride < all.size(); ++part)
    for (arma::uword i = 0; i < rows.n_elem; ++i)
      if (all[part * stride + values.n_elem + i] == 1.0)
        std::copy_n(all.begin() + static_cast<std::ptrdiff_t>(part * stride + i * width), width, values.colptr(i));
  return values;
}

arma::uvec k_means_plus_plus(const Dataset& data, std::size_t num_components, RandomStream& stream,
                             const arma::vec& column_weights) {
  return k_means_plus_plus(data, BlockPlan{data.num_rows()}, num_components, stream, column_weights);
}

arma::uvec k_means_plus_plus(const Dataset& data, const BlockPlan& plan, std::size_t num_components,
                             RandomStream& stream, const arma::vec& column_weights, const arma::mat& fixed_points) {
  const std::size_t n = plan.num_rows;
  if (num_components == 0 || num_components > n)
    throw Error("k-means++: need 1 <= K <= N, got K = " + std::to_string(num_components) + ", N = " + std::to_string(n));
  const std::size_t local_trials = 2 + static_cast<std::size_t>(std::log(static_cast<double>(num_components)));
  const std::size_t fixed = fixed_points.n_cols;
  arma::uvec chosen(num_components - fixed);
  if (chosen.is_empty()) return chosen;
  // A row of weight w is w copies of it: its share of every draw and of every potential is w D(x)².
  const auto weigh = [&data](arma::vec values) {
    if (data.weighted_rows) values %= data.row_weights;
    return values;
  };

  arma::mat distances;
  arma::vec closest;
  std::size_t first_drawn = 0;
  if (fixed > 0) {
    distances_to(data, plan, fixed_points, column_weights, distances);
    closest = arma::min(distances, 0).t();
  } else {
    if (data.weighted_rows) {
      const arma::vec w = weigh(arma::ones(plan.local_num_rows()));
      const arma::vec w_sums = block_sums(w, plan);
      boost::random::uniform_real_distribution<double> unit(0.0, 1.0);
      chosen(0) = row_at(w, w_sums, plan, unit(stream) * ordered_total(w_sums));
    } else {
      boost::random::uniform_int_distribution<std::size_t> pick_row(0, n - 1);
      chosen(0) = pick_row(stream);
    }
    distances_to(data, plan, numeric_rows(data, plan, arma::uvec{chosen(0)}), column_weights, distances);
    closest = distances.row(0).t();
    first_drawn = 1;
  }
  arma::vec sums = block_sums(weigh(closest), plan);

  boost::random::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t c = first_drawn; c < chosen.n_elem; ++c) {
    const double potential = ordered_total(sums);
    arma::uvec candidates(local_trials);
    const arma::vec shares = weigh(closest);
    for (std::size_t t = 0; t < local_trials; ++t) candidates(t) = row_at(shares, sums, plan, unit(stream) * potential);
    distances_to(data, plan, numeric_rows(data, plan, candidates), column_weights, distances);  // trials × local rows
    const arma::mat trial_sums = trial_block_sums(data, plan, closest, distances);
    double best_potential = 0.0;
    std::size_t best = 0;
    for (std::size_t t = 0; t < local_trials; ++t) {
      const double trial_potential = ordered_total(trial_sums.col(t));
      if (t == 0 || trial_potential < best_potential) {
        best_potential = trial_potential;
        best = t;
      }
    }
    chosen(c) = candidates(best);
    keep_closer(plan, distances, best, closest);
    sums = trial_sums.col(best);
  }
  return chosen;
}

arma::uvec random_rows(const Dataset& data, std::size_t num_components, RandomStream& stream) {
  if (data.weighted_rows && data.num_rows() != data.total_rows())
    throw ConfigError("inference.init: random_from_data with data.weights needs every row's weight in one process; "
                      "under MPI use kmeans++ (which draws by weight) instead");
  // Partial Fisher–Yates over row indices: K distinct rows, uniformly (rows of weight 0 are not data).
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < data.total_rows(); ++i)
    if (!data.weighted_rows || data.row_weights(i) > 0.0) rows.push_back(i);
  const std::size_t n = rows.size();
  if (num_components == 0 || num_components > n)
    throw Error("random_from_data: need 1 <= K <= N, got K = " + std::to_string(num_components));
  arma::uvec chosen(num_components);
  for (std::size_t k = 0; k < num_components; ++k) {
    boost::random::uniform_int_distribution<std::size_t> pick(k, n - 1);
    std::swap(rows[k], rows[pick(stream)]);
    chosen(k) = rows[k];
  }
  return chosen;
}

}  // namespace mixfit
