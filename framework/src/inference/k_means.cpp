// Lloyd iterations over the fixed block grid.
#include "mixfit/inference/k_means.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/data/data_block.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>
#include <vector>

namespace mixfit {

void squared_distances(const arma::mat& values, const arma::mat& centroids, arma::mat& distances) {
  const arma::uword k_count = centroids.n_cols;
  const arma::uword n = values.n_cols;
  const arma::uword d = values.n_rows;
  distances.set_size(k_count, n);
  for (arma::uword j = 0; j < n; ++j) {
    const double* x = values.colptr(j);
    for (arma::uword k = 0; k < k_count; ++k) {
      const double* c = centroids.colptr(k);
      double total = 0.0;
      for (arma::uword i = 0; i < d; ++i) {
        const double diff = x[i] - c[i];
        total += diff * diff;
      }
      distances(k, j) = total;
    }
  }
}

arma::uvec nearest_centroid(const Dataset& data, const BlockPlan& plan, const arma::mat& centroids) {
  arma::uvec labels(data.num_rows());
  arma::mat distances;
  for (std::size_t b = 0; b < plan.num_blocks(); ++b) {
    const DataBlock block(data.numeric(), plan.begin(b), plan.size(b), b);
    squared_distances(block.real(), centroids, distances);
    labels.subvec(plan.begin(b), plan.end(b) - 1) = arma::index_min(distances, 0).t();
  }
  return labels;
}

namespace {

// One assignment pass: labels, each point's squared distance, and the inertia
// summed block by block in grid order.
double assign(const Dataset& data, const BlockPlan& plan, const arma::mat& centroids, arma::uvec& labels,
              arma::vec& point_distance) {
  labels.set_size(data.num_rows());
  point_distance.set_size(data.num_rows());
  arma::mat distances;
  double inertia = 0.0;
  for (std::size_t b = 0; b < plan.num_blocks(); ++b) {
    const DataBlock block(data.numeric(), plan.begin(b), plan.size(b), b);
    squared_distances(block.real(), centroids, distances);
    double block_inertia = 0.0;
    for (arma::uword j = 0; j < distances.n_cols; ++j) {
      const arma::uword best = distances.col(j).index_min();
      labels(block.first_row() + j) = best;
      point_distance(block.first_row() + j) = distances(best, j);
      block_inertia += distances(best, j);
    }
    inertia += block_inertia;
  }
  return inertia;
}

// Centroids as the mean of their points, sums taken per block in grid order.
arma::mat update_centroids(const Dataset& data, const BlockPlan& plan, const arma::uvec& labels, std::size_t k_count,
                           arma::vec& counts) {
  arma::mat sums(data.numeric().n_rows, k_count, arma::fill::zeros);
  counts.zeros(k_count);
  for (std::size_t b = 0; b < plan.num_blocks(); ++b) {
    arma::mat block_sums(data.numeric().n_rows, k_count, arma::fill::zeros);
    for (std::size_t n = plan.begin(b); n < plan.end(b); ++n) {
      block_sums.col(labels(n)) += data.numeric().col(n);
      counts(labels(n)) += 1.0;
    }
    sums += block_sums;
  }
  return sums;
}

}  // namespace

KMeansResult lloyd_k_means(const Dataset& data, const BlockPlan& plan, arma::mat centroids, std::size_t max_iter,
                           IterationObserver* observer, EmptyComponentPolicy empty_cluster) {
  std::size_t k_count = centroids.n_cols;
  if (k_count == 0 || k_count > data.num_rows())
    throw Error("k-means: need 1 <= K <= N, got K = " + std::to_string(k_count));
  KMeansResult result;
  result.report.objective_name = "inertia";
  arma::uvec labels, previous_labels;
  arma::vec point_distance, counts;
  double previous_inertia = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t iteration = 1; iteration <= max_iter; ++iteration) {
    const auto start = std::chrono::steady_clock::now();
    const double inertia = assign(data, plan, centroids, labels, point_distance);
    arma::mat sums = update_centroids(data, plan, labels, k_count, counts);
    std::vector<std::size_t> empty;
    for (std::size_t k = 0; k < k_count; ++k) {
      if (counts(k) > 0.0) {
        centroids.col(k) = sums.col(k) / counts(k);
        continue;
      }
      empty.push_back(k);
      if (empty_cluster == EmptyComponentPolicy::reseed) {
        // Relocate an empty cluster to the worst-explained point, then stop it
        // being chosen again in this iteration.
        const arma::uword far = point_distance.index_max();
        centroids.col(k) = data.numeric().col(far);
        point_distance(far) = -1.0;
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
    const bool repeated = iteration > 1 && empty.empty() && arma::all(labels == previous_labels);
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
  // Inertia of the final assignment under the final centroids.
  arma::mat distances;
  double inertia = 0.0;
  for (std::size_t b = 0; b < plan.num_blocks(); ++b) {
    const DataBlock block(data.numeric(), plan.begin(b), plan.size(b), b);
    squared_distances(block.real(), centroids, distances);
    double block_inertia = 0.0;
    for (arma::uword j = 0; j < distances.n_cols; ++j) block_inertia += distances(labels(block.first_row() + j), j);
    inertia += block_inertia;
  }
  result.inertia = inertia;
  return result;
}

}  // namespace mixfit
