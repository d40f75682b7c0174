// Tied covariance policy: one full D×D covariance shared by all components.
#pragma once

#include "cholesky_factor.hpp"
#include "gaussian_statistics.hpp"
#include "mixfit/config/config_schema.hpp"
#include "mixfit/stats/stat_layout.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string_view>

namespace mixfit {

/// Σ_k = Σ for every k, stored D×D. Its statistics are pooled over the
/// components in the shared slot, so they cost D² doubles, not K·D².
/// Immutable; built from Σ, which it factors at once. See gaussian_family.hpp
/// for the policy contract.
class TiedCovariance {
 public:
  using Parameters = arma::mat;  ///< D×D
  static constexpr std::string_view kName = "tied";
  /// Squared distances need the factor per component (see elementwise_kernels.hpp for the others).
  static constexpr bool kElementwise = false;
  static constexpr bool kShared = true;

  TiedCovariance() = default;
  /// Checks the shape and factors Σ; throws NumericalError if it is not
  /// positive definite.
  TiedCovariance(Parameters covariance, std::size_t dimension, std::size_t num_components);

  static std::size_t num_free_parameters(std::size_t dimension, std::size_t) {
    return dimension * (dimension + 1) / 2;
  }
  /// Shared "pooled_sum_outer_dev": Σ_k Σ_n r_nk (x−a_k)(x−a_k)ᵀ, D×D.
  static void add_stat_fields(StatLayout& layout, std::size_t dimension);
  /// scaled_deviations: D×n, (x_n − a_k)√r_nk; adds their outer products to the pooled sum.
  static void accumulate(std::size_t k, const arma::mat& scaled_deviations, SufficientStatistics& out);
  /// scikit-learn _estimate_gaussian_covariances_tied: Σ_k Σ_n r (x−μ_k)(x−μ_k)ᵀ / Σ_k N'_k + reg_covar·I.
  static Parameters estimate(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar);
  /// Reads shared.covariance (D×D lists of rows).
  static Parameters load(const YAML::Node& model, const ConfigLocation& where, std::size_t dimension,
                         std::size_t num_components);

  const Parameters& parameters() const { return covariance_; }
  /// ‖L⁻¹ c_j‖² for every column of `centred` (D×n, x − μ_k); the same factor for every k.
  arma::rowvec squared_mahalanobis(std::size_t k, const arma::mat& centred) const;
  /// centred ← P centred, P the shared precision's Cholesky factor: one TRMM.
  void whiten_in_place(std::size_t k, arma::mat& centred) const;
  double log_det(std::size_t) const { return factor_.log_det; }
  arma::mat scale(std::size_t k, const arma::mat& normals) const;
  TiedCovariance permuted(const arma::uvec&) const { return *this; }

  void save_component(YAML::Emitter&, std::size_t) const {}
  /// Emits `shared: {covariance: [[...], ...]}` into the model's open map.
  void save_shared(YAML::Emitter& out) const;

 private:
  Parameters covariance_;
  detail::CholeskyFactor factor_;
};

}  // namespace mixfit
