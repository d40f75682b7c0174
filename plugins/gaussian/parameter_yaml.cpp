// Exact, located reading and writing of the numbers in a Gaussian model.yaml.
#include "parameter_yaml.hpp"

#include "cholesky_factor.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <algorithm>
#include <cmath>

namespace mixfit::detail {
namespace {

// A hand-written or foreign (numpy) covariance may be asymmetric in the last
// bits; anything larger than this, relative to the largest entry, is a typo.
constexpr double kSymmetryTolerance = 1e-12;

std::string dimensions_text(std::size_t rows) { return std::to_string(rows) + "×" + std::to_string(rows); }

}  // namespace

double read_variance(const YAML::Node& node, const ConfigLocation& where) {
  const double value = read_number(node, where);
  if (!(value > 0.0)) fail_at(where, node, "expected a positive variance, got " + node.Scalar());
  return value;
}

arma::mat read_covariance_matrix(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension) {
  const std::string expected = "a " + dimensions_text(dimension) + " symmetric positive-definite matrix";
  arma::mat covariance = read_square_matrix(node, where, dimension, expected + " (a list of " +
                                                                        std::to_string(dimension) + " rows)");
  const double scale = arma::abs(covariance).max();
  if (arma::abs(covariance - covariance.t()).max() > kSymmetryTolerance * scale)
    fail_at(where, node, "expected " + expected + ", got " + show_node(node) + " (not symmetric)");
  covariance = 0.5 * (covariance + covariance.t());  // exact for an exactly symmetric input
  if (!factor_covariance(covariance))
    fail_at(where, node, "expected " + expected + ", got " + show_node(node) + " (not positive definite)");
  return covariance;
}

}  // namespace mixfit::detail
