// VonMisesFamily: K components over D angle columns, each column an independent von Mises distribution.
#pragma once

#include "mixfit/family/component_family.hpp"

#include <armadillo>

#include <cstddef>
#include <memory>
#include <string_view>

namespace mixfit::von_mises {

struct VonMisesOptions {
  double max_concentration = 1e6;  ///< κ is kept within [0, max] (a component on one repeated angle)
};

/// p(x | μ, κ) = exp(κ cos(x − μ)) / (2π I₀(κ)) per column, x in radians.
/// Statistics per component: Σ r cos x and Σ r sin x per column (D each), so the scores are one K×2D by 2D×n
/// product, κ cos μ · cos x + κ sin μ · sin x − log 2π I₀(κ). M-step (maximum likelihood): μ = atan2(Σ r sin x,
/// Σ r cos x), and κ solves A(κ) = I₁(κ)/I₀(κ) = R̄ = ‖(Σ r cos x, Σ r sin x)‖ / Σ r (Banerjee et al. 2005,
/// refined by Newton to 1e-12; von_mises_math.hpp). EM only: there is no conjugate prior for κ.
class VonMisesFamily final : public ComponentFamily {
 public:
  VonMisesFamily(std::size_t num_components, std::size_t dimension, VonMisesOptions options,
                 std::size_t first_storage_row = 0);

  std::string_view name() const override { return "von_mises"; }
  std::size_t dimension() const override { return dimension_; }
  std::size_t num_components() const override { return num_components_; }
  std::size_t num_free_parameters() const override { return 2 * num_components_ * dimension_; }
  std::unique_ptr<ComponentFamily> clone() const override { return std::make_unique<VonMisesFamily>(*this); }
  StatLayout stat_layout() const override;
  std::vector<ColumnDomain> column_domains() const override {
    return std::vector<ColumnDomain>(dimension_, ColumnDomain::angle);
  }

  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;
  /// Best & Fisher's (1979) rejection sampler, angles in (−π, π].
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  /// components: [{mean_direction: [D], concentration: [D]}, …]
  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override { return has_parameters_; }

  const arma::mat& mean_directions() const { return directions_; }  ///< D×K, in (−π, π]
  const arma::mat& concentrations() const { return concentrations_; }  ///< D×K, ≥ 0
  void set_parameters(const arma::mat& directions, const arma::mat& concentrations);

 private:
  arma::mat trigonometric(const DataBlock& block) const;  ///< [cos x; sin x], 2D×n
  void refresh_caches();

  std::size_t num_components_;
  std::size_t dimension_;
  std::size_t first_storage_row_;
  VonMisesOptions options_;
  bool has_parameters_ = false;
  arma::mat directions_;      ///< D×K
  arma::mat concentrations_;  ///< D×K

  arma::mat coefficients_;  ///< K×2D: [κ cos μ, κ sin μ]
  arma::vec constants_;     ///< K: Σ_d log(2π I₀(κ_d))
};

}  // namespace mixfit::von_mises
