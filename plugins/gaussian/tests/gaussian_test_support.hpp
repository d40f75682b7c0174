// Helpers shared by the gaussian family's tests: whole-data E-steps, the three_blobs data and fixture initial points.
#pragma once

#include "gaussian_family.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/inference/e_step.hpp"
#include "support/fixtures.hpp"

#include <armadillo>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace mixfit::testing {

/// One E-step over all columns of `x` as one block.
struct EStep {
  arma::mat log_densities;     ///< K×N, log N(x | μ_k, Σ_k)
  arma::mat responsibilities;  ///< K×N
  arma::vec row_log_likelihood;
  SufficientStatistics stats;  ///< framework slots and the family's accumulate()
};

inline EStep e_step(const ComponentFamily& family, const arma::mat& x, const arma::vec& weights) {
  EStep result{{}, {}, {}, SufficientStatistics(family.stat_layout())};
  const DataBlock block(x, 0, x.n_cols, 0);
  family.log_likelihood(block, result.log_densities);
  result.responsibilities = result.log_densities;
  soft_assign(result.responsibilities, arma::log(weights), result.stats, &result.row_log_likelihood);
  family.accumulate(block, result.responsibilities, result.stats);
  return result;
}

/// Statistics of `x` under `weights` (K×N) only from the family's accumulate().
inline SufficientStatistics accumulate_range(const ComponentFamily& family, const arma::mat& x, const arma::mat& weights,
                                             std::size_t first, std::size_t count) {
  SufficientStatistics stats(family.stat_layout());
  family.accumulate(DataBlock(x, first, count, 0), weights.cols(first, first + count - 1), stats);
  return stats;
}

/// The family's slots of a statistics buffer as a vector (counts and framework slots excluded).
inline arma::vec family_slots(const SufficientStatistics& stats) {
  arma::vec all(const_cast<double*>(stats.data()), stats.size());
  return all.tail(stats.layout().num_components * stats.layout().component_width + stats.layout().shared_width);
}

/// The feature columns x, y of three_blobs.csv, 2×3000 (numbers parsed exactly).
inline arma::mat load_three_blobs() {
  std::ifstream in(fixture_path("three_blobs.csv"));
  if (!in) throw std::runtime_error("cannot read three_blobs.csv");
  std::string line;
  std::getline(in, line);  // header x,y,source
  std::vector<double> values;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::string cell;
    for (int column = 0; column < 2 && std::getline(fields, cell, ','); ++column) {
      double v = 0.0;
      if (!parse_double(cell, v)) throw std::runtime_error("three_blobs.csv: bad number " + cell);
      values.push_back(v);
    }
  }
  return arma::mat(values.data(), 2, values.size() / 2);
}

/// Covariances of the policy's shape from a gmm_em fixture's `init.precisions`
/// (the inverse computed in double precision, as the fixture README says).
template <class Covariance>
typename Covariance::Parameters covariances_from_precisions(const YAML::Node& precisions) {
  if constexpr (std::is_same_v<Covariance, FullCovariance>) {
    arma::cube p = to_cube(precisions);
    arma::cube c(arma::size(p));
    for (arma::uword k = 0; k < p.n_slices; ++k) c.slice(k) = arma::inv(p.slice(k));
    return c;
  } else if constexpr (std::is_same_v<Covariance, DiagonalCovariance>) {
    return (1.0 / to_mat(precisions)).t();
  } else if constexpr (std::is_same_v<Covariance, SphericalCovariance>) {
    return 1.0 / to_vec(precisions);
  } else {
    return arma::inv(to_mat(precisions));
  }
}

/// The fixture's `expected.covariances` in the policy's shape.
template <class Covariance>
typename Covariance::Parameters covariances_from_fixture(const YAML::Node& covariances) {
  if constexpr (std::is_same_v<Covariance, FullCovariance>) return to_cube(covariances);
  else if constexpr (std::is_same_v<Covariance, DiagonalCovariance>) return to_mat(covariances).t();
  else if constexpr (std::is_same_v<Covariance, SphericalCovariance>) return to_vec(covariances);
  else return to_mat(covariances);
}

/// Component k's covariance as a full D×D matrix, whatever the policy's shape.
template <class Covariance>
arma::mat full_covariance_of(const typename Covariance::Parameters& p, std::size_t k, std::size_t dimension) {
  if constexpr (std::is_same_v<Covariance, FullCovariance>) return p.slice(k);
  else if constexpr (std::is_same_v<Covariance, DiagonalCovariance>) return arma::diagmat(p.col(k));
  else if constexpr (std::is_same_v<Covariance, SphericalCovariance>) return p(k) * arma::eye(dimension, dimension);
  else return p;
}

/// Max |a − b| over all entries (a cube or matrix or vector, via vectorise).
template <class A, class B>
double max_absolute_error(const A& actual, const B& expected) {
  const arma::vec a = arma::vectorise(actual);
  const arma::vec b = arma::vectorise(expected);
  if (a.n_elem != b.n_elem) return INFINITY;
  return a.n_elem ? arma::abs(a - b).max() : 0.0;
}

/// True if both hold exactly the same doubles.
template <class A, class B>
bool identical(const A& actual, const B& expected) {
  const arma::vec a = arma::vectorise(actual);
  const arma::vec b = arma::vectorise(expected);
  return a.n_elem == b.n_elem && arma::all(a == b);
}

}  // namespace mixfit::testing

namespace mixfit::testing {

/// Reproducible test data: n points in D dimensions, standard normal scaled and shifted.
inline arma::mat random_points(std::size_t dimension, std::size_t n, std::uint64_t seed) {
  RandomStream stream(seed);
  boost::random::normal_distribution<double> normal;
  arma::mat x(dimension, n);
  for (double& v : x) v = 3.0 + 2.0 * normal(stream);
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

/// A family of the given policy fitted by one M-step to random data, so its
/// parameters are "ugly" doubles (every bit matters in round trips).
template <class Covariance>
GaussianFamily<Covariance> fitted_family(std::size_t k_count, std::size_t dimension, std::uint64_t seed) {
  GaussianFamily<Covariance> family(k_count, dimension, 1e-6);
  const arma::mat x = random_points(dimension, 200, seed);
  const arma::mat r = random_responsibilities(k_count, x.n_cols, seed + 1);
  SufficientStatistics stats(family.stat_layout());
  for (std::size_t k = 0; k < k_count; ++k) stats.count(k) = arma::accu(r.row(k));
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), r, stats);
  family.maximize(stats, Estimator::maximum_likelihood);
  return family;
}

}  // namespace mixfit::testing
