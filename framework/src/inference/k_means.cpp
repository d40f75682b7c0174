// Lloyd iterations over the fixed block grid.
#include "mixfit/inference/k_means.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/inference/nearest_centroid_kernel.hpp"
#include "mixfit/init/k_means_plus_plus.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"
#include "mixfit/parallel/for_each_block.hpp"
#include "mixfit/parallel/process_collectives.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mixfit {

// With missing cells (NaN in a row or a centroid): the sum over the coordinates both observe, rescaled by
// D / (their number) to the full dimension; no shared coordinate gives +inf.
void squared_distances_over_observed(const arma::mat& values, const arma::mat& centroids, arma::mat& distances,
                                     const arma::vec& column_weights) {
  const arma::uword d = values.n_rows;
  distances.set_size(centroids.n_cols, values.n_cols);
  for (arma::uword j = 0; j < values.n_cols; ++j) {
    const double* x = values.colptr(j);
    for (arma::uword k = 0; k < centroids.n_cols; ++k) {
      const double* c = centroids.colptr(k);
      double total = 0.0;
      arma::uword shared = 0;
      for (arma::uword i = 0; i < d; ++i) {
        double diff = x[i] - c[i];
        if (std::isnan(diff)) continue;
        if (!column_weights.is_empty()) diff *= column_weights[i];
        total += diff * diff;
        ++shared;
      }
      distances(k, j) = shared == d ? total
                        : shared ? total * static_cast<double>(d) / static_cast<double>(shared)
                                 : std::numeric_limits<double>::infinity();
    }
  }
}

void squared_distances(const arma::mat& values, const arma::mat& centroids, arma::mat& distances,
                       const arma::vec& column_weights) {
  if (values.has_nan() || centroids.has_nan()) {
    squared_distances_over_observed(values, centroids, distances, column_weights);
  } else {
    complete_squared_distances(values, centroids, distances, column_weights);
  }
}

arma::uvec nearest_centroid(const Dataset& data, const BlockPlan& plan, const arma::mat& centroids,
                            const arma::vec& column_weights) {
  arma::uvec labels(plan.local_num_rows());
  const std::size_t first_row = plan.local_first_row();
  arma::mat distances;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    squared_distances(block.real(), centroids, distances, column_weights);
    labels.subvec(plan.begin(b) - first_row, plan.end(b) - 1 - first_row) = arma::index_min(distances, 0).t();
  }
  for (arma::uword j = 0; j < labels.n_elem; ++j)
    if (data.known_label(j) != kUnknownLabel) labels(j) = data.known_label(j);
  return labels;
}

namespace {

// Σ of per-block values in grid order (the same on every process).
double ordered_total(const std::vector<double>& block_values) {
  double total = 0.0;
  for (double value : block_values) total += value;
  return total;
}

// What the assignment pass needs of the centroids, built once per pass; none when a centroid has a missing
// coordinate (distances then go over observed coordinates).
std::optional<NearestCentroidKernel> centroid_kernel(const arma::mat& centroids, const arma::vec& column_weights) {
  if (centroids.has_nan()) return std::nullopt;
  return NearestCentroidKernel(centroids, column_weights);
}

// Σ_i (w_i (x_i − c_i))², added in coordinate order.
double direct_squared_distance(const double* x, const double* c, const arma::vec& column_weights, arma::uword d) {
  double total = 0.0;
  for (arma::uword i = 0; i < d; ++i) {
    const double diff = column_weights.is_empty() ? x[i] - c[i] : (x[i] - c[i]) * column_weights[i];
    total += diff * diff;
  }
  return total;
}

// Row j's squared distance to centroid k, as squared_distances measures it (a row whose cluster is known).
double row_distance(const arma::mat& values, arma::uword j, const arma::mat& centroids, arma::uword k,
                    const arma::vec& column_weights) {
  arma::mat one;
  squared_distances(values.col(j), centroids.col(k), one, column_weights);
  return one(0, 0);
}

// For each row of a block: its nearest centroid and the squared distance to it. The nearest is chosen by
// the expansion ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖² (‖x‖² is the same for every c), as scikit-learn's Lloyd does,
// its cross products in registers four rows by eight centroids (NearestCentroidKernel; a BLAS product and a
// pass over its K×n result took twice as long); the distance to the chosen centroid is then computed
// directly, so inertia and the farthest-point choice keep full precision. Rows with a missing cell, or
// centroids with one, go through squared_distances over the observed coordinates; the block is scanned for
// missing cells only when the data may have them (data.missing: the readers reject any other non-finite
// cell), a scan that cost a sixth of the pass. Ties go to the lowest k.
void nearest_centroids(const arma::mat& values, const arma::mat& centroids,
                       const std::optional<NearestCentroidKernel>& kernel, const arma::vec& column_weights,
                       bool may_have_missing, arma::uvec& best, arma::vec& distance) {
  const arma::uword n = values.n_cols, d = values.n_rows;
  best.set_size(n);
  distance.set_size(n);
  if (!kernel || (may_have_missing && values.has_nan())) {
    arma::mat distances;
    squared_distances(values, centroids, distances, column_weights);
    for (arma::uword j = 0; j < n; ++j) {
      best(j) = distances.col(j).index_min();
      distance(j) = distances(best(j), j);
    }
    return;
  }
  kernel->nearest(values, best.memptr());
  for (arma::uword j = 0; j < n; ++j)
    distance(j) = direct_squared_distance(values.colptr(j), centroids.colptr(best(j)), column_weights, d);
}

// Adds block `block`'s rows to their clusters' sums and counts (one column per cluster, the count in row
// `width`). With data.missing: marginalize, rows width + 1 .. 2·width + 1 count each coordinate's observed
// weight, and a missing coordinate adds nothing to its sum.
void add_to_cluster_sums(const Dataset& data, const DataBlock& block, const arma::uvec& labels, std::size_t first_row,
                         arma::mat& block_sums) {
  const std::size_t width = data.numeric_width();
  for (std::size_t j = 0; j < block.num_rows(); ++j) {
    const std::size_t local = block.first_row() - first_row + j;
    const arma::uword label = labels(local);
    const double* x = block.real().colptr(j);
    double* column = block_sums.colptr(label);
    if (data.missing_allowed) {
      const double w = data.weight(local);
      for (std::size_t i = 0; i < width; ++i)
        if (!std::isnan(x[i])) {
          column[i] += w * x[i];
          column[width + 1 + i] += w;
        }
      column[width] += w;
    } else if (data.weighted_rows) {
      const double w = data.weight(local);
      for (std::size_t i = 0; i < width; ++i) column[i] += w * x[i];
      column[width] += w;
    } else {
      for (std::size_t i = 0; i < width; ++i) column[i] += x[i];
      column[width] += 1.0;
    }
  }
}

struct AssignmentPass {
  double inertia = 0.0;  ///< Σ of the rows' (weighted) squared distances to their clusters
  arma::mat sums;        ///< the clusters' sums and counts (add_to_cluster_sums' layout), over every process
};

// One pass over the local rows: each row's label and squared distance, the inertia summed block by block in
// grid order, and the clusters' sums of the new labels, added while the block is in cache. Each block sums
// into its own slot (for_each_block_into_slots, as statistics_pass) and the slots join the block tree in
// block order, so every total is the same for any thread count.
AssignmentPass assign_and_sum(const Dataset& data, const BlockPlan& plan, const arma::mat& centroids,
                              arma::uvec& labels, arma::vec& point_distance, const arma::vec& column_weights) {
  labels.set_size(plan.local_num_rows());
  point_distance.set_size(plan.local_num_rows());
  const std::size_t first_row = plan.local_first_row();
  const std::size_t width = data.numeric_width();
  const arma::mat zero(data.missing_allowed ? 2 * width + 1 : width + 1, centroids.n_cols, arma::fill::zeros);
  const std::optional<NearestCentroidKernel> kernel = centroid_kernel(centroids, column_weights);
  const std::size_t first_block = plan.local_first_block(), end_block = plan.local_end_block();
  std::vector<double> block_inertia(end_block - first_block);
  BlockTreeSum<arma::mat> sum;
  const auto run_block = [&](std::size_t b, arma::mat& block_sums) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    arma::uvec nearest;
    arma::vec nearest_distance;
    nearest_centroids(block.real(), centroids, kernel, column_weights, data.missing_allowed, nearest,
                      nearest_distance);
    double inertia = 0.0;
    for (arma::uword j = 0; j < nearest.n_elem; ++j) {
      const std::size_t local = block.first_row() - first_row + j;
      const arma::uword known = data.known_label(local);
      const arma::uword best = known != kUnknownLabel ? known : nearest(j);
      const double distance =
          best == nearest(j) ? nearest_distance(j) : row_distance(block.real(), j, centroids, best, column_weights);
      const double w = data.weight(local);
      labels(local) = best;
      // A row that weighs nothing or whose cluster is known is never the one an empty cluster moves to.
      point_distance(local) = w > 0.0 && known == kUnknownLabel ? distance : -1.0;
      if (w != 0.0) inertia += data.weighted_rows ? w * distance : distance;
    }
    block_inertia[b - first_block] = inertia;
    add_to_cluster_sums(data, block, labels, first_row, block_sums);
  };
  for_each_block_into_slots(plan, zero, zero.n_elem * sizeof(double), run_block,
                            [&](std::size_t b, const arma::mat& block_sums) { sum.push(b, block_sums); });
  AssignmentPass pass;
  pass.inertia = ordered_total(all_block_values(plan, block_inertia));
  pass.sums = total_over_processes(plan, sum, zero);
  return pass;
}

// The worst-explained point over every process (largest distance, ties to
// the lowest row), as a global row index.
std::size_t farthest_point(const BlockPlan& plan, const arma::vec& point_distance) {
  std::vector<double> local{-1.0, 0.0};
  if (!point_distance.is_empty()) {
    const arma::uword at = point_distance.index_max();
    local = {point_distance(at), static_cast<double>(plan.local_first_row() + at)};
  }
  const std::vector<double> all = all_gather_doubles(plan, local);
  std::size_t best = 0;
  for (std::size_t i = 2; i < all.size(); i += 2)
    if (all[i] > all[best]) best = i;
  return static_cast<std::size_t>(all[best + 1]);
}

}  // namespace

KMeansResult lloyd_k_means(const Dataset& data, const BlockPlan& plan, arma::mat centroids, std::size_t max_iter,
                           IterationObserver* observer, EmptyComponentPolicy empty_cluster,
                           const arma::vec& column_weights) {
  std::size_t k_count = centroids.n_cols;
  if (k_count == 0 || k_count > plan.num_rows)
    throw Error("k-means: need 1 <= K <= N, got K = " + std::to_string(k_count));
  const std::size_t width = data.numeric_width();
  KMeansResult result;
  result.report.objective_name = "inertia";
  arma::uvec labels, previous_labels;
  arma::vec point_distance;
  double previous_inertia = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t iteration = 1; iteration <= max_iter; ++iteration) {
    const auto start = std::chrono::steady_clock::now();
    const AssignmentPass pass = assign_and_sum(data, plan, centroids, labels, point_distance, column_weights);
    const double inertia = pass.inertia;
    const arma::mat& sums = pass.sums;
    std::vector<std::size_t> empty;
    for (std::size_t k = 0; k < k_count; ++k) {
      const double count = sums(width, k);
      if (count > 0.0 && data.missing_allowed) {
        // Each coordinate's mean over the rows observing it; one no row observes keeps its value.
        for (std::size_t i = 0; i < width; ++i)
          if (sums(width + 1 + i, k) > 0.0) centroids(i, k) = sums(i, k) / sums(width + 1 + i, k);
        continue;
      }
      if (count > 0.0) {
        centroids.col(k) = sums.col(k).head(width) / count;
        continue;
      }
      empty.push_back(k);
      if (empty_cluster == EmptyComponentPolicy::reseed) {
        // Relocate an empty cluster to the worst-explained point, then stop it
        // being chosen again in this iteration.
        const std::size_t far = farthest_point(plan, point_distance);
        centroids.col(k) = numeric_rows(data, plan, arma::uvec{far});
        const std::size_t first_row = plan.local_first_row();
        if (far >= first_row && far < first_row + plan.local_num_rows()) point_distance(far - first_row) = -1.0;
      }
    }
    if (!empty.empty()) {
      const std::string which = (empty.size() == 1 ? "cluster " : "clusters ") + component_list(empty);
      const std::string event = which + (empty.size() == 1 ? " lost all its" : " lost all their") +
                                " points at iteration " + std::to_string(iteration);
      if (empty_cluster == EmptyComponentPolicy::error)
        throw NumericalError(event + "; set inference.empty_component: reseed or drop to go on");
      if (empty_cluster == EmptyComponentPolicy::drop) {
        if (empty.size() == k_count) throw NumericalError(event + ": no cluster is left");
        for (auto k = empty.rbegin(); k != empty.rend(); ++k) centroids.shed_col(*k);
        k_count = centroids.n_cols;
        // No row is labelled with a dropped cluster; the later ones move down.
        for (auto& label : labels)
          label -= static_cast<arma::uword>(std::lower_bound(empty.begin(), empty.end(), label) - empty.begin());
      }
      if (result.report.warnings.size() < 5)
        result.report.warnings.push_back(
            event + (empty_cluster == EmptyComponentPolicy::drop
                         ? " and " + std::string(empty.size() == 1 ? "was" : "were") + " dropped; k-means goes on with K = " +
                               std::to_string(k_count) + " (inference.empty_component: drop)"
                         : "; moved to the point farthest from its centroid (inference.empty_component: reseed)"));
    }
    const bool repeated = iteration > 1 && empty.empty() && all_processes(plan, arma::all(labels == previous_labels));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    IterationRecord record{iteration, inertia, inertia - previous_inertia, seconds};
    result.report.trace.push_back(record);
    result.report.n_iter = iteration;
    if (observer) observer->on_iteration(result.report, max_iter);
    previous_inertia = inertia;
    previous_labels = labels;
    if (repeated) {
      result.report.converged = true;
      break;
    }
  }
  result.centroids = centroids;
  result.labels = labels;
  // Inertia of the final assignment under the final centroids: each row's distance to its own centroid only,
  // measured as the passes measure it (all K distances per row cost as much as two Lloyd iterations).
  const std::size_t first_row = plan.local_first_row();
  const bool centroids_complete = !centroids.has_nan();
  arma::mat distances;
  std::vector<double> block_inertia;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    const arma::mat& values = block.real();
    const bool direct = centroids_complete && !(data.missing_allowed && values.has_nan());
    if (!direct) squared_distances(values, centroids, distances, column_weights);
    double inertia = 0.0;
    for (arma::uword j = 0; j < values.n_cols; ++j) {
      const std::size_t local = block.first_row() - first_row + j;
      const double distance =
          direct ? direct_squared_distance(values.colptr(j), centroids.colptr(labels(local)), column_weights, width)
                 : distances(labels(local), j);
      if (data.weighted_rows) {
        const double w = data.weight(local);
        if (w != 0.0) inertia += w * distance;
      } else {
        inertia += distance;
      }
    }
    block_inertia.push_back(inertia);
  }
  result.inertia = ordered_total(all_block_values(plan, block_inertia));
  return result;
}

}  // namespace mixfit
