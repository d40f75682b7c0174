// Diagonal covariance policy: statistics, M-step, cached scales, persistence.
#include "diagonal_covariance.hpp"

#include "mixfit/core/error.hpp"
#include "parameter_yaml.hpp"

#include <string>

namespace mixfit {

DiagonalCovariance::DiagonalCovariance(Parameters variances, std::size_t dimension, std::size_t num_components)
    : variances_(std::move(variances)) {
  if (variances_.n_rows != dimension || variances_.n_cols != num_components)
    throw Error("variances must be D×K = " + std::to_string(dimension) + "×" + std::to_string(num_components) +
                " variances, got " + std::to_string(variances_.n_rows) + "×" + std::to_string(variances_.n_cols));
  for (std::size_t k = 0; k < num_components; ++k)
    if (!variances_.col(k).is_finite() || arma::any(variances_.col(k) <= 0.0))
      throw SingularComponentError(k, "component " + std::to_string(k) + ": a variance is not a positive finite number");
  std_devs_ = arma::sqrt(variances_);
  inverse_std_devs_ = 1.0 / std_devs_;
  log_dets_ = arma::sum(arma::log(variances_), 0).t();
}

void DiagonalCovariance::add_stat_fields(StatLayout& layout, std::size_t dimension) {
  layout.add_component_field("sum_sq_dev", dimension);
}

DiagonalCovariance::Parameters DiagonalCovariance::estimate(const SufficientStatistics& stats,
                                                            const ComponentMoments& moments, double reg_covar) {
  const std::size_t d = moments.shifts.n_rows;
  const std::size_t k_count = moments.shifts.n_cols;
  Parameters variances(d, k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::mat second = stats.component_matrix(k, gaussian_layout::second_moment_offset(d), d, 1);
    variances.col(k) = second / moments.effective_counts(k) -
                       moments.shift_weight(k) * arma::square(moments.shifts.col(k)) + reg_covar;
  }
  return variances;
}

DiagonalCovariance::Parameters DiagonalCovariance::load(const YAML::Node& model, const ConfigLocation& where,
                                                        std::size_t dimension, std::size_t num_components) {
  Parameters variances(dimension, num_components);
  const ConfigLocation components = where.child("components");
  const std::string expected = "a list of " + std::to_string(dimension) + " positive variances";
  for (std::size_t k = 0; k < num_components; ++k) {
    const ConfigLocation component = detail::at_index(components, k);
    const ConfigLocation key = component.child("covariance");
    const YAML::Node node = detail::require_key(model["components"][k], component, "covariance");
    if (!node.IsSequence() || node.size() != dimension)
      detail::fail_at(key, node, "expected " + expected + ", got " + detail::show_node(node));
    for (std::size_t i = 0; i < dimension; ++i)
      variances(i, k) = detail::read_variance(node[i], detail::at_index(key, i));
  }
  return variances;
}

arma::rowvec DiagonalCovariance::squared_mahalanobis(std::size_t k, const arma::mat& centred) const {
  return arma::sum(arma::square(centred.each_col() % inverse_std_devs_.col(k)), 0);
}

arma::mat DiagonalCovariance::scale(std::size_t k, const arma::mat& normals) const {
  return normals.each_col() % std_devs_.col(k);
}

DiagonalCovariance DiagonalCovariance::permuted(const arma::uvec& order) const {
  DiagonalCovariance result;
  result.variances_ = variances_.cols(order);
  result.std_devs_ = std_devs_.cols(order);
  result.inverse_std_devs_ = inverse_std_devs_.cols(order);
  result.log_dets_ = log_dets_.elem(order);
  return result;
}

void DiagonalCovariance::save_component(YAML::Emitter& out, std::size_t k) const {
  out << YAML::Key << "covariance" << YAML::Value;
  detail::emit_vector(out, variances_.col(k));
}

}  // namespace mixfit
