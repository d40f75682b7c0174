// Full covariance policy: each component has its own unrestricted D×D covariance.
#pragma once

#include "cholesky_factor.hpp"
#include "gaussian_statistics.hpp"
#include "mixfit/config/config_schema.hpp"
#include "mixfit/stats/stat_layout.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string_view>
#include <vector>

namespace mixfit {

/// Σ_k unrestricted (symmetric positive definite), stored D×D×K. An object is
/// immutable: it is built from covariances and factors them at once, so its
/// Cholesky cache can never be stale. See gaussian_family.hpp for the policy
/// contract.
class FullCovariance {
 public:
  using Parameters = arma::cube;  ///< D×D×K
  static constexpr std::string_view kName = "full";
  /// Squared distances need the factor per component (see elementwise_kernels.hpp for the others).
  static constexpr bool kElementwise = false;
  static constexpr bool kShared = false;

  FullCovariance() = default;
  /// Checks the shape and factors every Σ_k; throws NumericalError naming the
  /// first component that is not positive definite.
  FullCovariance(Parameters covariances, std::size_t dimension, std::size_t num_components);

  static std::size_t num_free_parameters(std::size_t dimension, std::size_t num_components) {
    return num_components * dimension * (dimension + 1) / 2;
  }
  /// Per component "sum_outer_dev": Σ_n r (x−a)(x−a)ᵀ, D×D.
  static void add_stat_fields(StatLayout& layout, std::size_t dimension);
  /// scaled_deviations: D×n, (x_n − a_k)√r_nk; adds their outer products (one SYRK).
  static void accumulate(std::size_t k, const arma::mat& scaled_deviations, SufficientStatistics& out);
  /// scikit-learn _estimate_gaussian_covariances_full: Σ_n r (x−μ)(x−μ)ᵀ / N' + reg_covar·I.
  static Parameters estimate(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar);
  /// Reads components[k].covariance (D×D lists of rows) for every k.
  static Parameters load(const YAML::Node& model, const ConfigLocation& where, std::size_t dimension,
                         std::size_t num_components);

  const Parameters& parameters() const { return covariances_; }
  /// ‖L_k⁻¹ c_j‖² for every column c_j of `centred` (D×n, x − μ_k): one triangular GEMM.
  arma::rowvec squared_mahalanobis(std::size_t k, const arma::mat& centred) const;
  /// centred ← P_k centred, P_k the precision's Cholesky factor (‖P_k c‖² is the squared distance): one TRMM.
  void whiten_in_place(std::size_t k, arma::mat& centred) const;
  double log_det(std::size_t k) const { return factors_[k].log_det; }
  /// L_k z: turns standard normal columns into draws with covariance Σ_k.
  arma::mat scale(std::size_t k, const arma::mat& normals) const;
  /// New component i is old component order[i].
  FullCovariance permuted(const arma::uvec& order) const;

  /// Emits `covariance: [[...], ...]` into component k's open map.
  void save_component(YAML::Emitter& out, std::size_t k) const;
  void save_shared(YAML::Emitter&) const {}

 private:
  Parameters covariances_;
  std::vector<detail::CholeskyFactor> factors_;
};

}  // namespace mixfit
