// Spherical covariance policy: each component has one variance shared by all dimensions.
#pragma once

#include "gaussian_statistics.hpp"
#include "mixfit/config/config_schema.hpp"
#include "mixfit/stats/stat_layout.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string_view>

namespace mixfit {

/// Σ_k = σ²_k I, the variances stored as a K-vector. Immutable; built from
/// variances, whose derived quantities it computes at once. See
/// gaussian_family.hpp for the policy contract.
class SphericalCovariance {
 public:
  using Parameters = arma::vec;  ///< K variances
  static constexpr std::string_view kName = "spherical";
  /// Distances and moments run as block matrix products (elementwise_kernels.hpp).
  static constexpr bool kElementwise = true;
  static constexpr bool kShared = false;

  SphericalCovariance() = default;
  /// Checks the length and that every variance is a positive finite number;
  /// throws NumericalError naming the first component that is not.
  SphericalCovariance(Parameters variances, std::size_t dimension, std::size_t num_components);

  static std::size_t num_free_parameters(std::size_t, std::size_t num_components) { return num_components; }
  /// Per component "sum_sq_dev": Σ_n r (x−a)∘(x−a), D values (their mean is
  /// the estimate, so the per-dimension sums keep the M-step's rounding equal
  /// to the diagonal case's).
  static void add_stat_fields(StatLayout& layout, std::size_t dimension);
  /// scikit-learn _estimate_gaussian_covariances_spherical: the mean over i of the diag estimates (each + reg_covar).
  static Parameters estimate(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar);
  /// Reads components[k].covariance (one variance) for every k.
  static Parameters load(const YAML::Node& model, const ConfigLocation& where, std::size_t dimension,
                         std::size_t num_components);

  const Parameters& parameters() const { return variances_; }
  /// ‖c_j‖² / σ²_k for every column of `centred` (D×n, x − μ_k).
  arma::rowvec squared_mahalanobis(std::size_t k, const arma::mat& centred) const;
  /// 1×K precisions 1/σ²_k, one per component (the same in every dimension).
  arma::mat precisions() const { return arma::square(inverse_std_devs_).t(); }
  double log_det(std::size_t k) const { return log_dets_(k); }
  arma::mat scale(std::size_t k, const arma::mat& normals) const { return normals * std_devs_(k); }
  SphericalCovariance permuted(const arma::uvec& order) const;

  /// Emits `covariance: σ²` into component k's open map.
  void save_component(YAML::Emitter& out, std::size_t k) const;
  void save_shared(YAML::Emitter&) const {}

 private:
  Parameters variances_;
  arma::vec std_devs_;          ///< K, σ
  arma::vec inverse_std_devs_;  ///< K, 1/σ (scikit-learn's precisions_cholesky for spherical)
  arma::vec log_dets_;          ///< K, D log σ²
};

}  // namespace mixfit
