// Reading, checking and writing the Gaussian prior.
#include "gaussian_prior.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <cmath>

namespace mixfit {
namespace {

std::string shape_of(std::string_view type, std::size_t d) {
  const std::string n = std::to_string(d);
  if (type == "diag") return "a list of " + n + " numbers > 0";
  if (type == "spherical") return "one number > 0";
  return "a symmetric positive-definite " + n + "×" + n + " matrix (a list of " + n + " rows)";
}

// Ψ₀ in its stored shape (full/tied D×D, diag D×1, spherical 1×1), checked.
arma::mat read_scale(const YAML::Node& node, const ConfigLocation& where, std::size_t d, std::string_view type) {
  const std::string expected = shape_of(type, d);
  arma::mat scale;
  if (type == "spherical") {
    scale = arma::mat(1, 1, arma::fill::value(read_number(node, where)));
  } else if (type == "diag") {
    scale = read_vector(node, where, d, expected);
  } else {
    scale = read_square_matrix(node, where, d, expected);
    if (!scale.is_symmetric(1e-12 * arma::abs(scale).max())) fail_at(where, node, "expected " + expected + " (not symmetric)");
    arma::mat factor;
    if (!arma::chol(factor, scale)) fail_at(where, node, "expected " + expected + " (not positive definite)");
    return scale;
  }
  if (arma::any(arma::vectorise(scale) <= 0.0)) fail_at(where, node, "expected " + expected);
  return scale;
}

}  // namespace

ConfigSchema gaussian_prior_schema() {
  ConfigSchema prior;
  prior.number("mean_precision", std::nullopt, "β₀, how many pseudo-points the prior mean counts as; default 1",
               Range::greater_than(0));
  prior.number_list("mean", "m₀, the prior mean (D numbers); default the data mean");
  prior.number("degrees_of_freedom", std::nullopt, "ν₀ of the Wishart (Gamma) prior, > D − 1; default D",
               Range::greater_than(0));
  prior.any("covariance",
            "Ψ₀, the Wishart inverse scale (scikit-learn's covariance_prior): full/tied a D×D matrix, diag D "
            "numbers, spherical one number; default the data's sample covariance");
  return prior;
}

std::optional<GaussianPrior> read_gaussian_prior(const YAML::Node& options, std::size_t dimension,
                                                 std::string_view covariance_type, const std::string& source) {
  const YAML::Node node = options["prior"];
  if (!node || node.IsNull()) return std::nullopt;
  const ConfigLocation where{source, "model.options.prior"};
  GaussianPrior prior;
  if (node["mean_precision"]) prior.mean_precision = read_number(node["mean_precision"], where.child("mean_precision"));
  if (node["mean"])
    prior.mean = read_vector(node["mean"], where.child("mean"), dimension,
                             "a list of " + std::to_string(dimension) + " numbers (one per column)");
  if (node["degrees_of_freedom"]) {
    prior.degrees_of_freedom = read_number(node["degrees_of_freedom"], where.child("degrees_of_freedom"));
    if (!(*prior.degrees_of_freedom > static_cast<double>(dimension) - 1.0))
      fail_at(where.child("degrees_of_freedom"), node["degrees_of_freedom"],
              "expected a number > D − 1 = " + std::to_string(dimension - 1) + " (the Wishart needs it)");
  }
  if (node["covariance"]) prior.covariance = read_scale(node["covariance"], where.child("covariance"), dimension, covariance_type);
  return prior;
}

void save_gaussian_prior(YAML::Emitter& out, const GaussianPrior& prior, std::string_view covariance_type) {
  out << YAML::Key << "prior" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "mean_precision" << YAML::Value;
  emit_number(out, *prior.mean_precision);
  out << YAML::Key << "mean" << YAML::Value;
  emit_vector(out, *prior.mean);
  out << YAML::Key << "degrees_of_freedom" << YAML::Value;
  emit_number(out, *prior.degrees_of_freedom);
  out << YAML::Key << "covariance" << YAML::Value;
  if (covariance_type == "spherical") {
    emit_number(out, (*prior.covariance)(0, 0));
  } else if (covariance_type == "diag") {
    emit_vector(out, prior.covariance->col(0));
  } else {
    emit_matrix(out, *prior.covariance);
  }
  out << YAML::EndMap;
}

GaussianPrior load_gaussian_prior(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension,
                                  std::string_view covariance_type) {
  if (!node.IsMap()) fail_at(where, node, "expected {mean_precision, mean, degrees_of_freedom, covariance}");
  reject_unknown_keys(node, where, {"mean_precision", "mean", "degrees_of_freedom", "covariance"});
  GaussianPrior prior;
  prior.mean_precision = read_number(require_key(node, where, "mean_precision"), where.child("mean_precision"));
  prior.mean = read_vector(require_key(node, where, "mean"), where.child("mean"), dimension,
                           "a list of " + std::to_string(dimension) + " numbers");
  prior.degrees_of_freedom =
      read_number(require_key(node, where, "degrees_of_freedom"), where.child("degrees_of_freedom"));
  prior.covariance = read_scale(require_key(node, where, "covariance"), where.child("covariance"), dimension,
                                covariance_type);
  return prior;
}

}  // namespace mixfit
