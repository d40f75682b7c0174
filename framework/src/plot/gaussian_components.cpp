// Gaussian parameters as model.yaml writes them: covariance a matrix (full), a list (diag), a number (spherical), or shared (tied).
#include "mixfit/plot/gaussian_components.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

namespace mixfit::plot {

GaussianComponents read_gaussian_components(const YAML::Node& parameters, const std::string& covariance,
                                            std::size_t dimension, const std::string& source) {
  const ConfigLocation top{source, ""};
  const YAML::Node components = require_key(parameters, top, "components");
  if (!components.IsSequence() || components.size() == 0)
    fail_at(top.child("components"), components, "expected a non-empty list of components");
  const std::size_t k_count = components.size();
  GaussianComponents result;
  result.weights = read_vector(require_key(parameters, top, "weights"), top.child("weights"), k_count,
                               "one weight per component");
  arma::mat tied;
  if (covariance == "tied") {
    const ConfigLocation shared = top.child("shared");
    tied = read_square_matrix(require_key(require_key(parameters, top, "shared"), shared, "covariance"),
                              shared.child("covariance"), dimension, "the shared covariance matrix");
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    const ConfigLocation where = at_index(top.child("components"), k);
    result.means.push_back(read_vector(require_key(components[k], where, "mean"), where.child("mean"), dimension,
                                       "the component mean"));
    if (covariance == "tied") {
      result.covariances.push_back(tied);
      continue;
    }
    const YAML::Node node = require_key(components[k], where, "covariance");
    const ConfigLocation at = where.child("covariance");
    if (covariance == "full") {
      result.covariances.push_back(read_square_matrix(node, at, dimension, "the covariance matrix"));
    } else if (covariance == "diag") {
      result.covariances.push_back(arma::diagmat(read_vector(node, at, dimension, "one variance per column")));
    } else if (covariance == "spherical") {
      result.covariances.push_back(read_number(node, at) * arma::eye(dimension, dimension));
    } else {
      throw ConfigError(source + ": options.covariance: expected full, diag, spherical or tied, got '" + covariance + "'");
    }
  }
  return result;
}

}  // namespace mixfit::plot
