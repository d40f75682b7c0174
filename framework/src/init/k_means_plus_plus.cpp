// Seeding rules over the rows of a data set.
#include "mixfit/init/k_means_plus_plus.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/inference/k_means.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <cmath>

namespace mixfit {

arma::uvec k_means_plus_plus(const Dataset& data, std::size_t num_components, RandomStream& stream) {
  const std::size_t n = data.num_rows();
  if (num_components == 0 || num_components > n)
    throw Error("k-means++: need 1 <= K <= N, got K = " + std::to_string(num_components) + ", N = " + std::to_string(n));
  const std::size_t local_trials = 2 + static_cast<std::size_t>(std::log(static_cast<double>(num_components)));
  arma::uvec chosen(num_components);
  boost::random::uniform_int_distribution<std::size_t> pick_row(0, n - 1);
  chosen(0) = pick_row(stream);

  arma::mat distances;
  squared_distances(data.numeric(), data.numeric().col(chosen(0)), distances);
  arma::vec closest = distances.row(0).t();
  double potential = arma::accu(closest);

  boost::random::uniform_real_distribution<double> unit(0.0, 1.0);
  arma::mat candidate_points(data.numeric().n_rows, local_trials);
  for (std::size_t c = 1; c < num_components; ++c) {
    const arma::vec cumulative = arma::cumsum(closest);
    arma::uvec candidates(local_trials);
    for (std::size_t t = 0; t < local_trials; ++t) {
      const double target = unit(stream) * potential;
      // First index whose cumulative sum reaches the target (numpy searchsorted, side='left').
      const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
      candidates(t) = std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), n - 1);
      candidate_points.col(t) = data.numeric().col(candidates(t));
    }
    squared_distances(data.numeric(), candidate_points, distances);  // trials × N
    double best_potential = 0.0;
    std::size_t best = 0;
    arma::vec best_closest;
    for (std::size_t t = 0; t < local_trials; ++t) {
      arma::vec trial = arma::min(closest, distances.row(t).t());
      const double trial_potential = arma::accu(trial);
      if (t == 0 || trial_potential < best_potential) {
        best_potential = trial_potential;
        best = t;
        best_closest = std::move(trial);
      }
    }
    chosen(c) = candidates(best);
    closest = std::move(best_closest);
    potential = best_potential;
  }
  return chosen;
}

arma::uvec random_rows(const Dataset& data, std::size_t num_components, RandomStream& stream) {
  const std::size_t n = data.num_rows();
  if (num_components == 0 || num_components > n)
    throw Error("random_from_data: need 1 <= K <= N, got K = " + std::to_string(num_components));
  // Partial Fisher–Yates over row indices: K distinct rows, uniformly.
  std::vector<std::size_t> rows(n);
  for (std::size_t i = 0; i < n; ++i) rows[i] = i;
  arma::uvec chosen(num_components);
  for (std::size_t k = 0; k < num_components; ++k) {
    boost::random::uniform_int_distribution<std::size_t> pick(k, n - 1);
    std::swap(rows[k], rows[pick(stream)]);
    chosen(k) = rows[k];
  }
  return chosen;
}

}  // namespace mixfit
