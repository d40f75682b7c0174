// mclust's diagonal models EII, EEI, VEI and EVI: Σ_k = λ_k diag(a_k), the volume or shape equal or varying.
#pragma once

#include "diagonal_covariance.hpp"
#include "eigen_m_step.hpp"
#include "eigen_model.hpp"
#include "gaussian_statistics.hpp"
#include "mixfit/config/config_schema.hpp"
#include "mixfit/stats/stat_layout.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace mixfit {

/// Σ_k = λ_k diag(a_k) with det diag(a_k) = 1, for the diagonal models that
/// scikit-learn's diag and spherical do not cover (VVI is `diag`, VII is
/// `spherical`). Its distances and moments are the diagonal policy's
/// elementwise kernels; only the M-step and persistence are its own. The
/// model is chosen at run time (the factory builds the policy without
/// parameters from `model.options.covariance`). See gaussian_family.hpp for
/// the policy contract; like every eigen-decomposed policy, estimate, load
/// and num_free_parameters read the object's model.
class DiagonalEigenCovariance {
 public:
  using Parameters = EigenCovarianceParameters;
  static constexpr std::string_view kName = "eigen-diagonal";
  static constexpr bool kElementwise = true;
  static constexpr bool kShared = false;
  static constexpr bool kDecomposed = true;

  DiagonalEigenCovariance() = default;
  /// A policy without parameters that knows its model.
  DiagonalEigenCovariance(const EigenModel& model, const EigenIterationControl& control);
  /// Checks the model is diagonal and the shapes; throws NumericalError naming the first component whose
  /// variances are not positive finite numbers.
  DiagonalEigenCovariance(Parameters parameters, std::size_t dimension, std::size_t num_components);

  std::string name() const { return parameters_.model.name(); }
  std::size_t num_free_parameters(std::size_t dimension, std::size_t num_components) const {
    return parameters_.model.num_free_parameters(dimension, num_components);
  }
  /// Per component "sum_sq_dev": Σ_n r (x−a)∘(x−a), D values (the diagonal policy's layout).
  static void add_stat_fields(StatLayout& layout, std::size_t dimension) {
    DiagonalCovariance::add_stat_fields(layout, dimension);
  }
  /// n_k and diag(W_k) about the new means from the statistics, plus reg_covar·n_k.
  ComponentScatter scatter(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar) const;
  /// The model's M-step (eigen_m_step.hpp) from scatter(), warm-started from this object's decomposition
  /// when it has one.
  Parameters estimate(const SufficientStatistics& stats, const ComponentMoments& moments, double reg_covar) const;
  /// Reads the decomposition (volume, shape; equal parts under shared:) and checks any saved covariance.
  Parameters load(const YAML::Node& model, const ConfigLocation& where, std::size_t dimension,
                  std::size_t num_components) const;

  const Parameters& parameters() const { return parameters_; }
  arma::mat precisions() const { return variances_.precisions(); }
  double log_det(std::size_t k) const { return variances_.log_det(k); }
  arma::mat scale(std::size_t k, const arma::mat& normals) const { return variances_.scale(k, normals); }
  DiagonalEigenCovariance permuted(const arma::uvec& order) const;

  /// `covariance` (D×D, diagonal) and the component's varying parts.
  void save_component(YAML::Emitter& out, std::size_t k) const;
  /// The equal parts (the caller opened shared:).
  void save_shared(YAML::Emitter& out) const { save_equal_parts(out, parameters_.model, parameters_.decomposition); }
  bool has_shared_section() const { return has_equal_parts(parameters_.model); }

 private:
  Parameters parameters_;
  DiagonalCovariance variances_;  ///< λ_k a_k and the cached scales the kernels read
};

}  // namespace mixfit
