// mclust's models with an orientation: VEE, EVE, VVE, EEV, VEV and EVV, Σ_k = λ_k D_k A_k D_kᵀ.
#pragma once

#include "eigen_m_step.hpp"
#include "eigen_model.hpp"
#include "full_covariance.hpp"
#include "gaussian_statistics.hpp"
#include "mixfit/config/config_schema.hpp"
#include "mixfit/stats/stat_layout.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace mixfit {

/// Σ_k = λ_k D_k diag(a_k) D_kᵀ with at least one of volume, shape and
/// orientation equal across components and the orientation not the identity
/// (EEE is `tied`, VVV is `full`). Statistics and densities are the full
/// policy's (one SYRK per block, one Cholesky factor per component); only the
/// M-step and persistence are its own. The model is chosen at run time. See
/// gaussian_family.hpp for the policy contract and diagonal_eigen_covariance.hpp
/// for what differs for eigen-decomposed policies.
class OrientedEigenCovariance {
 public:
  using Parameters = EigenCovarianceParameters;
  static constexpr std::string_view kName = "eigen-oriented";
  static constexpr bool kElementwise = false;
  static constexpr bool kShared = false;
  static constexpr bool kDecomposed = true;

  OrientedEigenCovariance() = default;
  /// A policy without parameters that knows its model.
  OrientedEigenCovariance(const EigenModel& model, const EigenIterationControl& control);
  /// Checks the shapes and factors every Σ_k; throws SingularComponentError naming the first that is not
  /// positive definite.
  OrientedEigenCovariance(Parameters parameters, std::size_t dimension, std::size_t num_components);

  std::string name() const { return parameters_.model.name(); }
  std::size_t num_free_parameters(std::size_t dimension, std::size_t num_components) const {
    return parameters_.model.num_free_parameters(dimension, num_components);
  }
  /// Per component "sum_outer_dev": Σ_n r (x−a)(x−a)ᵀ, D×D (the full policy's layout).
  static void add_stat_fields(StatLayout& layout, std::size_t dimension) {
    FullCovariance::add_stat_fields(layout, dimension);
  }
  static void accumulate(std::size_t k, const arma::mat& scaled_deviations, SufficientStatistics& out) {
    FullCovariance::accumulate(k, scaled_deviations, out);
  }
  /// n_k and W_k about the new means from the statistics, plus reg_covar·n_k·I.
  ComponentScatter scatter(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar) const;
  /// The model's M-step (eigen_m_step.hpp) from scatter(), warm-started from this object's decomposition when
  /// it has one.
  Parameters estimate(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar) const;
  /// Reads the decomposition (volume, shape, orientation; equal parts under shared:) and checks any saved
  /// covariance.
  Parameters load(const YAML::Node& model, const ConfigLocation& where, std::size_t dimension,
                  std::size_t num_components) const;

  const Parameters& parameters() const { return parameters_; }
  void whiten_in_place(std::size_t k, arma::mat& centred) const { covariances_.whiten_in_place(k, centred); }
  double log_det(std::size_t k) const { return covariances_.log_det(k); }
  arma::mat scale(std::size_t k, const arma::mat& normals) const { return covariances_.scale(k, normals); }
  OrientedEigenCovariance permuted(const arma::uvec& order) const;

  /// `covariance` (D×D) and the component's varying parts.
  void save_component(YAML::Emitter& out, std::size_t k) const;
  /// The equal parts (the caller opened shared:).
  void save_shared(YAML::Emitter& out) const { save_equal_parts(out, parameters_.model, parameters_.decomposition); }
  bool has_shared_section() const { return has_equal_parts(parameters_.model); }

 private:
  Parameters parameters_;
  FullCovariance covariances_;  ///< λ_k D_k A_k D_kᵀ with their Cholesky factors
};

}  // namespace mixfit
