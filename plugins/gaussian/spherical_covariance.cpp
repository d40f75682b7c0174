// Spherical covariance policy: statistics, M-step, cached scales, persistence.
#include "spherical_covariance.hpp"

#include "mixfit/core/error.hpp"
#include "parameter_yaml.hpp"

#include <cmath>
#include <string>

namespace mixfit {

SphericalCovariance::SphericalCovariance(Parameters variances, std::size_t dimension, std::size_t num_components)
    : variances_(std::move(variances)) {
  if (variances_.n_elem != num_components)
    throw Error("variances must be K = " + std::to_string(num_components) + " values, got " +
                std::to_string(variances_.n_elem));
  for (std::size_t k = 0; k < num_components; ++k)
    if (!std::isfinite(variances_(k)) || !(variances_(k) > 0.0))
      throw SingularComponentError(k, "component " + std::to_string(k) + ": the variance is not a positive finite number");
  std_devs_ = arma::sqrt(variances_);
  inverse_std_devs_ = 1.0 / std_devs_;
  log_dets_ = static_cast<double>(dimension) * arma::log(variances_);
}

void SphericalCovariance::add_stat_fields(StatLayout& layout, std::size_t dimension) {
  layout.add_component_field("sum_sq_dev", dimension);
}

SphericalCovariance::Parameters SphericalCovariance::estimate(const SufficientStatistics& stats,
                                                              const ComponentMoments& moments, double reg_covar) {
  const std::size_t d = moments.shifts.n_rows;
  const std::size_t k_count = moments.shifts.n_cols;
  Parameters variances(k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::mat second = stats.component_matrix(k, gaussian_layout::second_moment_offset(d), d, 1);
    const arma::vec diagonal = second / moments.effective_counts(k) -
                               moments.shift_weight(k) * arma::square(moments.shifts.col(k)) + reg_covar;
    variances(k) = arma::mean(diagonal);
  }
  return variances;
}

SphericalCovariance::Parameters SphericalCovariance::load(const YAML::Node& model, const ConfigLocation& where,
                                                          std::size_t, std::size_t num_components) {
  Parameters variances(num_components);
  const ConfigLocation components = where.child("components");
  for (std::size_t k = 0; k < num_components; ++k) {
    const ConfigLocation component = detail::at_index(components, k);
    const YAML::Node node = detail::require_key(model["components"][k], component, "covariance");
    variances(k) = detail::read_variance(node, component.child("covariance"));
  }
  return variances;
}

arma::rowvec SphericalCovariance::squared_mahalanobis(std::size_t k, const arma::mat& centred) const {
  return arma::sum(arma::square(centred * inverse_std_devs_(k)), 0);
}

SphericalCovariance SphericalCovariance::permuted(const arma::uvec& order) const {
  SphericalCovariance result;
  result.variances_ = variances_.elem(order);
  result.std_devs_ = std_devs_.elem(order);
  result.inverse_std_devs_ = inverse_std_devs_.elem(order);
  result.log_dets_ = log_dets_.elem(order);
  return result;
}

void SphericalCovariance::save_component(YAML::Emitter& out, std::size_t k) const {
  out << YAML::Key << "covariance" << YAML::Value;
  detail::emit_number(out, variances_(k));
}

}  // namespace mixfit
