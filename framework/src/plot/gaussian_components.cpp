// Plotted components from a family's moments: the figures' only view of the parameters.
#include "mixfit/plot/gaussian_components.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

namespace mixfit::plot {

std::optional<GaussianComponents> moment_components(const ComponentFamily& family, const arma::vec& weights) {
  GaussianComponents result;
  result.weights = weights;
  for (std::size_t k = 0; k < family.num_components(); ++k) {
    std::optional<DistributionMoments> moments = family.component_moments(k);
    if (!moments || moments->mean.n_elem != family.dimension()) return std::nullopt;
    result.means.push_back(std::move(moments->mean));
    result.covariances.push_back(std::move(moments->covariance));
  }
  return result;
}

std::optional<GaussianComponents> moment_components(const ComponentFamily& family, const YAML::Node& parameters,
                                                    const std::string& source) {
  const ConfigLocation top{source, ""};
  const arma::vec weights = read_vector(require_key(parameters, top, "weights"), top.child("weights"),
                                        family.num_components(), "one weight per component");
  const std::unique_ptr<ComponentFamily> copy = family.clone();
  copy->load(parameters, source);
  return moment_components(*copy, weights);
}

}  // namespace mixfit::plot
