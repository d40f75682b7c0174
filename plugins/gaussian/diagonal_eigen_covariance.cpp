// mclust's diagonal models: M-step through eigen_m_step, densities through the diagonal policy's kernels.
#include "diagonal_eigen_covariance.hpp"

#include "eigen_m_step.hpp"
#include "mixfit/core/error.hpp"
#include "parameter_yaml.hpp"

namespace mixfit {

DiagonalEigenCovariance::DiagonalEigenCovariance(const EigenModel& model, const EigenIterationControl& control) {
  if (!model.diagonal()) throw Error("the " + model.name() + " model is not diagonal");
  parameters_.model = model;
  parameters_.control = control;
}

DiagonalEigenCovariance::DiagonalEigenCovariance(Parameters parameters, std::size_t dimension,
                                                 std::size_t num_components)
    : parameters_(std::move(parameters)) {
  const EigenDecomposition& parts = parameters_.decomposition;
  if (!parameters_.model.diagonal()) throw Error("the " + parameters_.model.name() + " model is not diagonal");
  if (parts.volumes.n_elem != num_components || parts.shapes.n_rows != dimension ||
      parts.shapes.n_cols != num_components)
    throw Error("a " + parameters_.model.name() + " decomposition needs K = " + std::to_string(num_components) +
                " volumes and D×K = " + std::to_string(dimension) + "×" + std::to_string(num_components) + " shapes");
  arma::mat variances(dimension, num_components);
  for (std::size_t k = 0; k < num_components; ++k) variances.col(k) = parts.variances(k);
  variances_ = DiagonalCovariance(std::move(variances), dimension, num_components);
}

ComponentScatter DiagonalEigenCovariance::scatter(const SufficientStatistics& stats,
                                                  const ComponentMoments& moments, double reg_covar) const {
  const std::size_t d = moments.shifts.n_rows;
  const std::size_t k_count = moments.shifts.n_cols;
  ComponentScatter scatter;
  scatter.counts = moments.effective_counts;
  scatter.diagonals.set_size(d, k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::mat second = stats.component_matrix(k, gaussian_layout::second_moment_offset(d), d, 1);
    // diag(W_k) = Σ r (x − μ)² about the new mean μ = a + δ; reg_covar·n_k keeps Σ_k inside the model.
    scatter.diagonals.col(k) = second - moments.effective_counts(k) * moments.shift_weight(k) *
                                            arma::square(moments.shifts.col(k)) +
                               reg_covar * moments.effective_counts(k);
  }
  return scatter;
}

DiagonalEigenCovariance::Parameters DiagonalEigenCovariance::estimate(const SufficientStatistics& stats,
                                                                      const ComponentMoments& moments,
                                                                      double reg_covar) const {
  return refit(parameters_, scatter(stats, moments, reg_covar));
}

DiagonalEigenCovariance::Parameters DiagonalEigenCovariance::load(const YAML::Node& model, const ConfigLocation& where,
                                                                  std::size_t dimension,
                                                                  std::size_t num_components) const {
  return {parameters_.model, parameters_.control,
          load_decomposition(model, where, parameters_.model, dimension, num_components)};
}

DiagonalEigenCovariance DiagonalEigenCovariance::permuted(const arma::uvec& order) const {
  DiagonalEigenCovariance result = *this;
  result.parameters_.decomposition = parameters_.decomposition.permuted(order);
  result.variances_ = variances_.permuted(order);
  return result;
}

void DiagonalEigenCovariance::save_component(YAML::Emitter& out, std::size_t k) const {
  out << YAML::Key << "covariance" << YAML::Value;
  detail::emit_matrix(out, parameters_.decomposition.covariance(k));
  save_varying_parts(out, parameters_.model, parameters_.decomposition, k);
}

}  // namespace mixfit
