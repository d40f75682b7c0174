// Tied covariance policy: pooled statistics, M-step, Cholesky cache, persistence.
#include "tied_covariance.hpp"

#include "mixfit/core/error.hpp"
#include "parameter_yaml.hpp"
#include "triangular_kernels.hpp"

#include <string>

namespace mixfit {
namespace {
constexpr std::size_t kPooledOffset = 0;
}

TiedCovariance::TiedCovariance(Parameters covariance, std::size_t dimension, std::size_t)
    : covariance_(std::move(covariance)) {
  if (covariance_.n_rows != dimension || covariance_.n_cols != dimension)
    throw Error("the covariance must be D×D = " + std::to_string(dimension) + "×" + std::to_string(dimension) +
                " covariance, got " + std::to_string(covariance_.n_rows) + "×" + std::to_string(covariance_.n_cols));
  auto factor = detail::factor_covariance(covariance_);
  if (!factor)
    throw SingularComponentError(SingularComponentError::kShared,
                                 "the tied covariance (shared by all components) is not positive definite");
  factor_ = std::move(*factor);
}

void TiedCovariance::add_stat_fields(StatLayout& layout, std::size_t dimension) {
  layout.add_shared_field("pooled_sum_outer_dev", dimension * dimension);
}

void TiedCovariance::accumulate(std::size_t, const arma::mat& scaled_deviations, SufficientStatistics& out) {
  const std::size_t d = scaled_deviations.n_rows;
  arma::mat pooled = out.shared_matrix(kPooledOffset, d, d);
  detail::add_outer_products(scaled_deviations, pooled);  // Σ r y yᵀ, one SYRK
}

TiedCovariance::Parameters TiedCovariance::estimate(const SufficientStatistics& stats, const ComponentMoments& moments,
                                                    double reg_covar) {
  const std::size_t d = moments.shifts.n_rows;
  // Σ_k [S2_k − (2N'_k − N_k) δ_k δ_kᵀ], the pooled scatter about the new means.
  arma::mat scatter = stats.shared_matrix(kPooledOffset, d, d);
  for (arma::uword k = 0; k < moments.shifts.n_cols; ++k) {
    const arma::vec shift = moments.shifts.col(k);
    scatter -= (moments.effective_counts(k) * moments.shift_weight(k)) * (shift * shift.t());
  }
  arma::mat sigma = scatter / arma::accu(moments.effective_counts);
  sigma = 0.5 * (sigma + sigma.t());  // the GEMM's two triangles can differ in the last bit
  sigma.diag() += reg_covar;
  return sigma;
}

TiedCovariance::Parameters TiedCovariance::load(const YAML::Node& model, const ConfigLocation& where,
                                                std::size_t dimension, std::size_t) {
  const YAML::Node shared = detail::require_key(model, where, "shared");
  const ConfigLocation shared_where = where.child("shared");
  const YAML::Node node = detail::require_key(shared, shared_where, "covariance");
  detail::reject_unknown_keys(shared, shared_where, {"covariance", "degrees_of_freedom"});
  return detail::read_covariance_matrix(node, shared_where.child("covariance"), dimension);
}

arma::rowvec TiedCovariance::squared_mahalanobis(std::size_t k, const arma::mat& centred) const {
  arma::mat z = centred;
  whiten_in_place(k, z);
  return arma::sum(arma::square(z), 0);
}

void TiedCovariance::whiten_in_place(std::size_t, arma::mat& centred) const {
  detail::lower_triangular_times(factor_.precision_factor, centred);
}

arma::mat TiedCovariance::scale(std::size_t, const arma::mat& normals) const {
  return arma::trimatl(factor_.lower) * normals;
}

void TiedCovariance::save_shared(YAML::Emitter& out) const {
  out << YAML::Key << "covariance" << YAML::Value;
  detail::emit_matrix(out, covariance_);
}

}  // namespace mixfit
