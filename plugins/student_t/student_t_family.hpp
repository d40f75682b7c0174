// StudentTFamily: K multivariate Student-t components (full or diagonal scale), fitted by EM through latent scales.
#pragma once

#include "mixfit/family/component_family.hpp"

#include <armadillo>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace mixfit::student_t {

struct StudentTOptions {
  bool diagonal = false;                   ///< covariance: diag (scale D values) instead of full (D×D)
  std::optional<double> fixed_degrees;     ///< degrees_of_freedom: NUMBER; absent: estimate
  double initial_degrees = 10.0;           ///< ν before the first estimate
  double min_degrees = 0.5, max_degrees = 1000.0;  ///< the estimate's range
  double reg_covar = 1e-6;                 ///< added to the scale's diagonal after each M-step
};

/// p(x | μ, Σ, ν) = Γ((ν+D)/2) / (Γ(ν/2) (νπ)^(D/2) |Σ|^(1/2)) (1 + δ/ν)^(−(ν+D)/2), δ = (x−μ)ᵀ Σ⁻¹ (x−μ).
///
/// Not an exponential family: EM runs through the latent scales w ~ Gamma(ν/2, ν/2), x | w ~ N(μ, Σ/w)
/// (Peel & McLachlan 2000). The E-step weight of row x under component k is u = (ν + D)/(ν + δ), so the
/// statistics depend on the parameters of the pass: per component, about the current mean μ₀ (the anchor),
///   Σ r u,   Σ r u (x − μ₀),   Σ r u (x − μ₀)(x − μ₀)ᵀ (diag: its diagonal),   Σ r (log u − u).
/// Before any parameters exist (a start from a partition) u = 1 and the anchor is 0: the first M-step is the
/// Gaussian's, and keeps ν at its initial value.
/// M-step: μ = μ₀ + Σ r u (x − μ₀) / Σ r u; Σ = Σ r u (x − μ)(x − μ)ᵀ / Σ r + reg_covar I; ν solves
/// solve_degrees_of_freedom (when estimated). Each step raises the expected complete-data log-likelihood, so
/// EM stays monotone. SingularComponentError for a scale that is not positive definite.
class StudentTFamily final : public ComponentFamily {
 public:
  StudentTFamily(std::size_t num_components, std::size_t dimension, StudentTOptions options,
                 std::size_t first_storage_row = 0);

  std::string_view name() const override { return "student_t"; }
  std::size_t dimension() const override { return dimension_; }
  std::size_t num_components() const override { return num_components_; }
  /// K (D + D(D+1)/2 or 2D, + 1 when ν is estimated).
  std::size_t num_free_parameters() const override;
  std::unique_ptr<ComponentFamily> clone() const override { return std::make_unique<StudentTFamily>(*this); }
  StatLayout stat_layout() const override;

  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;
  /// x = μ + L z / √w, z ~ N(0, I), w ~ Gamma(ν/2, rate ν/2).
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  /// components: [{mean: [D], scale: [[D×D]] or [D], degrees_of_freedom: ν}, …]
  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override { return has_parameters_; }
  /// Mean μ and covariance Σ ν/(ν − 2), which exist for ν > 2 only.
  std::optional<DistributionMoments> component_moments(std::size_t k) const override;

  const arma::mat& means() const { return means_; }          ///< D×K
  const arma::cube& scales() const { return scales_; }       ///< D×D×K (diagonal matrices for diag)
  const arma::vec& degrees_of_freedom() const { return degrees_; }  ///< K
  /// Sets every parameter (D×K, D×D×K symmetric positive definite, K values > 0) and refreshes the caches.
  void set_parameters(const arma::mat& means, const arma::cube& scales, const arma::vec& degrees);

 private:
  /// δ_kj for the block's rows (K×n).
  arma::mat distances(const arma::mat& x) const;
  arma::mat cells(const DataBlock& block) const;
  void refresh_caches();

  std::size_t num_components_;
  std::size_t dimension_;
  std::size_t first_storage_row_;
  StudentTOptions options_;
  bool has_parameters_ = false;
  arma::mat means_;    ///< D×K
  arma::cube scales_;  ///< D×D×K
  arma::vec degrees_;  ///< K

  // Caches refreshed by refresh_caches().
  arma::cube inverse_factors_;  ///< L_k⁻¹ with Σ_k = L_k L_kᵀ (lower triangular)
  arma::vec log_norms_;         ///< log_normaliser_excess − (D/2) log 2π − ½ log|Σ_k|
};

}  // namespace mixfit::student_t
