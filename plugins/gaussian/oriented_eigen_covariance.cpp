// mclust's oriented models: M-step through eigen_m_step, statistics and densities through the full policy.
#include "oriented_eigen_covariance.hpp"

#include "eigen_m_step.hpp"
#include "mixfit/core/error.hpp"
#include "parameter_yaml.hpp"

namespace mixfit {

OrientedEigenCovariance::OrientedEigenCovariance(const EigenModel& model, const EigenIterationControl& control) {
  if (model.diagonal()) throw Error("the " + model.name() + " model has no orientation");
  parameters_.model = model;
  parameters_.control = control;
}

OrientedEigenCovariance::OrientedEigenCovariance(Parameters parameters, std::size_t dimension,
                                                 std::size_t num_components)
    : parameters_(std::move(parameters)) {
  const EigenDecomposition& parts = parameters_.decomposition;
  if (parameters_.model.diagonal()) throw Error("the " + parameters_.model.name() + " model has no orientation");
  if (parts.volumes.n_elem != num_components || parts.shapes.n_rows != dimension ||
      parts.shapes.n_cols != num_components || parts.orientations.n_rows != dimension ||
      parts.orientations.n_cols != dimension || parts.orientations.n_slices != num_components)
    throw Error("a " + parameters_.model.name() + " decomposition needs K = " + std::to_string(num_components) +
                " volumes, D×K shapes and D×D×K orientations with D = " + std::to_string(dimension));
  arma::cube covariances(dimension, dimension, num_components);
  for (std::size_t k = 0; k < num_components; ++k) covariances.slice(k) = parts.covariance(k);
  covariances_ = FullCovariance(std::move(covariances), dimension, num_components);
}

ComponentScatter OrientedEigenCovariance::scatter(const SufficientStatistics& stats,
                                                  const ComponentMoments& moments, double reg_covar) const {
  const std::size_t d = moments.shifts.n_rows;
  const std::size_t k_count = moments.shifts.n_cols;
  ComponentScatter scatter;
  scatter.counts = moments.effective_counts;
  scatter.scatter.set_size(d, d, k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::mat second = stats.component_matrix(k, gaussian_layout::second_moment_offset(d), d, d);
    const arma::vec shift = moments.shifts.col(k);
    // W_k = Σ r (x − μ)(x − μ)ᵀ about the new mean μ = a + δ; reg_covar·n_k·I keeps Σ_k inside the model.
    arma::mat w = second - (moments.effective_counts(k) * moments.shift_weight(k)) * (shift * shift.t());
    w = 0.5 * (w + w.t());  // the GEMM's two triangles can differ in the last bit
    w.diag() += reg_covar * moments.effective_counts(k);
    scatter.scatter.slice(k) = w;
  }
  return scatter;
}

OrientedEigenCovariance::Parameters OrientedEigenCovariance::estimate(const SufficientStatistics& stats,
                                                                      const ComponentMoments& moments,
                                                                      double reg_covar) const {
  return refit(parameters_, scatter(stats, moments, reg_covar));
}

OrientedEigenCovariance::Parameters OrientedEigenCovariance::load(const YAML::Node& model, const ConfigLocation& where,
                                                                  std::size_t dimension,
                                                                  std::size_t num_components) const {
  return {parameters_.model, parameters_.control,
          load_decomposition(model, where, parameters_.model, dimension, num_components)};
}

OrientedEigenCovariance OrientedEigenCovariance::permuted(const arma::uvec& order) const {
  OrientedEigenCovariance result = *this;
  result.parameters_.decomposition = parameters_.decomposition.permuted(order);
  result.covariances_ = covariances_.permuted(order);
  return result;
}

void OrientedEigenCovariance::save_component(YAML::Emitter& out, std::size_t k) const {
  out << YAML::Key << "covariance" << YAML::Value;
  detail::emit_matrix(out, covariances_.parameters().slice(k));
  save_varying_parts(out, parameters_.model, parameters_.decomposition, k);
}

}  // namespace mixfit
