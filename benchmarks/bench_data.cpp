// Synthetic data for mixfit-bench, drawn with the framework's reproducible streams.
#include "bench_data.hpp"

#include "mixfit/core/random_streams.hpp"

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace mixfit::bench {

ProblemSize problem_size(const std::string& name) {
  if (name == "M") return {"M", 100'000, 16, 16};
  if (name == "L") return {"L", 1'000'000, 16, 32};
  if (name == "H") return {"H", 200'000, 64, 8};
  throw std::invalid_argument("unknown data set '" + name + "': expected M, L or H");
}

arma::mat generate_points(const ProblemSize& size, std::uint64_t seed) {
  RandomStream stream = derive_stream(seed, "bench-data", 0);
  boost::random::normal_distribution<double> normal;
  boost::random::uniform_int_distribution<std::size_t> pick(0, size.components - 1);
  const std::size_t d = size.dimension;

  // Cluster k: mean ~ N(0, 4² I), covariance A Aᵀ / D with A standard normal + I.
  arma::mat centres(d, size.components);
  arma::cube factors(d, d, size.components);
  for (auto& v : centres) v = 4.0 * normal(stream);
  for (auto& v : factors) v = normal(stream) / std::sqrt(static_cast<double>(d));
  for (std::size_t k = 0; k < size.components; ++k) factors.slice(k).diag() += 1.0;

  arma::mat points(d, size.rows);
  arma::vec z(d);
  for (std::size_t n = 0; n < size.rows; ++n) {
    const std::size_t k = pick(stream);
    for (auto& v : z) v = normal(stream);
    points.col(n) = centres.col(k) + factors.slice(k) * z;
  }
  return points;
}

StartingPoint starting_point(const arma::mat& points, std::size_t components, std::uint64_t seed) {
  RandomStream stream = derive_stream(seed, "bench-start", 0);
  boost::random::uniform_int_distribution<std::size_t> pick(0, points.n_cols - 1);
  std::set<std::size_t> rows;
  while (rows.size() < components) rows.insert(pick(stream));
  StartingPoint start;
  start.means.set_size(points.n_rows, components);
  std::size_t k = 0;
  for (std::size_t row : rows) start.means.col(k++) = points.col(row);
  start.variances = arma::var(points, 0, 1);
  start.weights = arma::vec(components, arma::fill::value(1.0 / static_cast<double>(components)));
  return start;
}

arma::mat standard_normal_points(std::size_t rows, std::size_t dimension, std::uint64_t seed) {
  RandomStream stream = derive_stream(seed, "bench-normal", 0);
  boost::random::normal_distribution<double> normal;
  arma::mat points(dimension, rows);
  for (auto& v : points) v = normal(stream);
  return points;
}

arma::mat separated_clusters(std::size_t rows, std::size_t dimension, std::size_t components, std::uint64_t seed,
                             arma::uvec& labels) {
  RandomStream stream = derive_stream(seed, "bench-clusters", 0);
  boost::random::normal_distribution<double> normal;
  arma::mat centres(dimension, components);
  for (auto& v : centres) v = 4.0 * normal(stream);
  arma::mat points(dimension, rows);
  labels.set_size(rows);
  for (std::size_t n = 0; n < rows; ++n) {
    labels(n) = n % components;
    for (std::size_t i = 0; i < dimension; ++i) points(i, n) = centres(i, labels(n)) + normal(stream);
  }
  return points;
}

arma::mat read_digits_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open (expected scikit-learn's digits.csv, decompressed)");
  constexpr std::size_t kPixels = 64;
  std::vector<double> values;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::string cell;
    std::size_t count = 0;
    for (; std::getline(fields, cell, ','); ++count) {
      std::size_t used = 0;
      double v = 0.0;
      try {
        v = std::stod(cell, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != cell.size())
        throw std::runtime_error(path + ":" + std::to_string(number) + ": expected a number, got '" + cell + "'");
      if (count < kPixels) values.push_back(v);
    }
    if (count != kPixels + 1)
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected 65 fields (64 pixels, a label), got " +
                               std::to_string(count));
  }
  if (values.empty()) throw std::runtime_error(path + ": no rows");
  return arma::mat(values.data(), kPixels, values.size() / kPixels);
}

StartingPoint starting_point_at(const arma::mat& points, const arma::uvec& rows) {
  StartingPoint start;
  start.means = points.cols(rows);
  start.variances = arma::var(points, 0, 1);
  start.variances.transform([](double v) { return v > 0.0 ? v : 1.0; });
  start.weights = arma::vec(rows.n_elem, arma::fill::value(1.0 / static_cast<double>(rows.n_elem)));
  return start;
}

}  // namespace mixfit::bench
