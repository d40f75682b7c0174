// Full covariance policy: statistics, M-step, Cholesky cache, persistence.
#include "full_covariance.hpp"

#include "mixfit/core/error.hpp"
#include "parameter_yaml.hpp"
#include "triangular_kernels.hpp"

#include <string>

namespace mixfit {

FullCovariance::FullCovariance(Parameters covariances, std::size_t dimension, std::size_t num_components)
    : covariances_(std::move(covariances)) {
  if (covariances_.n_rows != dimension || covariances_.n_cols != dimension || covariances_.n_slices != num_components)
    throw Error("covariances must be D×D×K = " + std::to_string(dimension) + "×" + std::to_string(dimension) +
                "×" + std::to_string(num_components) + " covariances, got " + std::to_string(covariances_.n_rows) +
                "×" + std::to_string(covariances_.n_cols) + "×" + std::to_string(covariances_.n_slices));
  factors_.reserve(num_components);
  for (std::size_t k = 0; k < num_components; ++k) {
    auto factor = detail::factor_covariance(covariances_.slice(k));
    if (!factor)
      throw SingularComponentError(k, "component " + std::to_string(k) + ": the covariance is not positive definite");
    factors_.push_back(std::move(*factor));
  }
}

void FullCovariance::add_stat_fields(StatLayout& layout, std::size_t dimension) {
  layout.add_component_field("sum_outer_dev", dimension * dimension);
}

void FullCovariance::accumulate(std::size_t k, const arma::mat& scaled_deviations, SufficientStatistics& out) {
  const std::size_t d = scaled_deviations.n_rows;
  arma::mat second = out.component_matrix(k, gaussian_layout::second_moment_offset(d), d, d);
  // Σ r y yᵀ = (Y diag(√r)) (Y diag(√r))ᵀ: one SYRK over the whole block.
  detail::add_outer_products(scaled_deviations, second);
}

FullCovariance::Parameters FullCovariance::estimate(const SufficientStatistics& stats, const ComponentMoments& moments,
                                                    double reg_covar) {
  const std::size_t d = moments.shifts.n_rows;
  const std::size_t k_count = moments.shifts.n_cols;
  Parameters covariances(d, d, k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::mat second = stats.component_matrix(k, gaussian_layout::second_moment_offset(d), d, d);
    const arma::vec shift = moments.shifts.col(k);
    arma::mat sigma = second / moments.effective_counts(k) - moments.shift_weight(k) * (shift * shift.t());
    sigma = 0.5 * (sigma + sigma.t());  // the GEMM's two triangles can differ in the last bit
    sigma.diag() += reg_covar;
    covariances.slice(k) = sigma;
  }
  return covariances;
}

FullCovariance::Parameters FullCovariance::load(const YAML::Node& model, const ConfigLocation& where,
                                                std::size_t dimension, std::size_t num_components) {
  Parameters covariances(dimension, dimension, num_components);
  const ConfigLocation components = where.child("components");
  for (std::size_t k = 0; k < num_components; ++k) {
    const ConfigLocation component = detail::at_index(components, k);
    const YAML::Node node = detail::require_key(model["components"][k], component, "covariance");
    covariances.slice(k) = detail::read_covariance_matrix(node, component.child("covariance"), dimension);
  }
  return covariances;
}

arma::rowvec FullCovariance::squared_mahalanobis(std::size_t k, const arma::mat& centred) const {
  arma::mat z = centred;
  whiten_in_place(k, z);
  return arma::sum(arma::square(z), 0);
}

void FullCovariance::whiten_in_place(std::size_t k, arma::mat& centred) const {
  detail::lower_triangular_times(factors_[k].precision_factor, centred);
}

arma::mat FullCovariance::scale(std::size_t k, const arma::mat& normals) const {
  return arma::trimatl(factors_[k].lower) * normals;
}

FullCovariance FullCovariance::permuted(const arma::uvec& order) const {
  FullCovariance result;
  result.covariances_.set_size(arma::size(covariances_));
  result.factors_.reserve(order.n_elem);
  for (arma::uword i = 0; i < order.n_elem; ++i) {
    result.covariances_.slice(i) = covariances_.slice(order(i));
    result.factors_.push_back(factors_[order(i)]);
  }
  return result;
}

void FullCovariance::save_component(YAML::Emitter& out, std::size_t k) const {
  out << YAML::Key << "covariance" << YAML::Value;
  detail::emit_matrix(out, covariances_.slice(k));
}

}  // namespace mixfit
