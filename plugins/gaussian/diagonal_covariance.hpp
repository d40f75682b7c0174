// Diagonal covariance policy: each component has its own independent variance per dimension.
#pragma once

#include "gaussian_statistics.hpp"
#include "mixfit/config/config_schema.hpp"
#include "mixfit/stats/stat_layout.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string_view>

namespace mixfit {

/// Σ_k = diag(σ²_k1 .. σ²_kD), the variances stored D×K (one column per
/// component, like the means). Immutable; built from variances, whose
/// derived quantities it computes at once. See gaussian_family.hpp for the
/// policy contract.
class DiagonalCovariance {
 public:
  using Parameters = arma::mat;  ///< D×K variances
  static constexpr std::string_view kName = "diag";
  /// Distances and moments run as block matrix products (elementwise_kernels.hpp).
  static constexpr bool kElementwise = true;
  static constexpr bool kShared = false;

  DiagonalCovariance() = default;
  /// Checks the shape and that every variance is a positive finite number;
  /// throws NumericalError naming the first component that is not.
  DiagonalCovariance(Parameters variances, std::size_t dimension, std::size_t num_components);

  static std::size_t num_free_parameters(std::size_t dimension, std::size_t num_components) {
    return num_components * dimension;
  }
  /// Per component "sum_sq_dev": Σ_n r (x−a)∘(x−a), D values.
  static void add_stat_fields(StatLayout& layout, std::size_t dimension);
  /// scikit-learn _estimate_gaussian_covariances_diag: Σ_n r (x_i−μ_i)² / N' + reg_covar.
  static Parameters estimate(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar);
  /// Reads components[k].covariance (a list of D variances) for every k.
  static Parameters load(const YAML::Node& model, const ConfigLocation& where, std::size_t dimension,
                         std::size_t num_components);

  const Parameters& parameters() const { return variances_; }
  /// Σ_i c_ij² / σ²_ki for every column of `centred` (D×n, x − μ_k).
  arma::rowvec squared_mahalanobis(std::size_t k, const arma::mat& centred) const;
  /// D×K precisions 1/σ²_ki.
  arma::mat precisions() const { return arma::square(inverse_std_devs_); }
  double log_det(std::size_t k) const { return log_dets_(k); }
  arma::mat scale(std::size_t k, const arma::mat& normals) const;
  DiagonalCovariance permuted(const arma::uvec& order) const;

  /// Emits `covariance: [σ²_1, ...]` into component k's open map.
  void save_component(YAML::Emitter& out, std::size_t k) const;
  void save_shared(YAML::Emitter&) const {}

 private:
  Parameters variances_;
  arma::mat std_devs_;          ///< D×K, σ
  arma::mat inverse_std_devs_;  ///< D×K, 1/σ (scikit-learn's precisions_cholesky for diag)
  arma::vec log_dets_;          ///< K, Σ_i log σ²_ki
};

}  // namespace mixfit
