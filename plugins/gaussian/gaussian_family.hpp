// GaussianFamily<Covariance>: K multivariate normal components, the covariance structure a compile-time policy.
#pragma once

#include "diagonal_covariance.hpp"
#include "diagonal_eigen_covariance.hpp"
#include "eigen_posterior_mode.hpp"
#include "full_covariance.hpp"
#include "gaussian_prior.hpp"
#include "missing_coordinates.hpp"
#include "mixfit/family/component_family.hpp"
#include "oriented_eigen_covariance.hpp"
#include "spherical_covariance.hpp"
#include "tied_covariance.hpp"

#include <armadillo>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mixfit {

/// K Gaussian components N(μ_k, Σ_k) in D dimensions (PRML §9.2; the M-step
/// and scores match scikit-learn 1.2.1's GaussianMixture).
///
/// The covariance structure is the policy `Covariance`, chosen once by the
/// factory from `model.options.covariance`, so the per-block code has no
/// virtual calls or branches on it. A policy (FullCovariance,
/// DiagonalCovariance, SphericalCovariance, TiedCovariance) provides:
///
///   using Parameters;                       // the covariances' natural shape
///   static constexpr std::string_view kName; // the option value: "full", ...
///   static constexpr bool kShared;          // true: one covariance in `shared:`
///   Policy();                               // no parameters yet
///   Policy(Parameters, D, K);               // checks shape, factors; NumericalError if not PD
///   static num_free_parameters(D, K);
///   static add_stat_fields(StatLayout&, D); // after the family's sum_dev (D per component)
///   static accumulate(k, scaled deviations D×n: (x − a_k)√r, SufficientStatistics&);  // full, tied
///   static Parameters estimate(stats, ComponentMoments, reg_covar);
///   static Parameters load(model, where, D, K);       // ConfigError with file:line:key
///   parameters(); squared_mahalanobis(k, centred D×n) → 1×n; log_det(k);
///   whiten_in_place(k, centred D×n): c ← P_k c with ‖P_k c‖² the distance;  // full, tied
///   precisions() → D×K (diag) or 1×K (spherical);  // kElementwise: elementwise_kernels.hpp
///   scale(k, normals D×n) → L_k z; permuted(order); save_component(out, k); save_shared(out);
///
/// mclust's eigen-decomposed models (DiagonalEigenCovariance,
/// OrientedEigenCovariance) choose their model at run time, so for them
/// estimate, load and num_free_parameters are members reading the object's
/// model (the calls below use object syntax, which reaches a static function
/// as well), and they add:
///   static constexpr bool kDecomposed;      // present: mclust's MAP M-steps, no VB
///   scatter(stats, moments, reg_covar);     // n_k and W_k (or diag W_k) about the new means
///   name();                                 // the model, "VEV"
///   has_shared_section();                   // equal parts are saved under `shared:`
/// The factory hands the family a policy without parameters that knows its model.
///
/// Statistics are accumulated about an anchor, the current means (zero before
/// the family has parameters): that keeps them additive for a fixed
/// parameter state and avoids the cancellation of E[xxᵀ] − μμᵀ. maximize()
/// reads them about the same anchor, so statistics must be maximized by the
/// family state that accumulated them (or a copy of it): accumulate, then
/// maximize, before anything else changes the means.
template <class Covariance>
class GaussianFamily final : public ComponentFamily {
 public:
  using CovariancePolicy = Covariance;
  using CovarianceParameters = typename Covariance::Parameters;

  /// A family without parameters. Throws Error if K or D is 0 or reg_covar is
  /// negative or not finite.
  /// `first_storage_row`: the family's first column in the block's real() rows
  /// (non-zero when the family is one part of a product).
  /// `prior`: the configured `prior:` section, keys left out unset (its
  /// presence makes EM compute MAP estimates); without one VB uses
  /// scikit-learn's defaults for every key. set_prior_from_data fills the
  /// unset keys.
  /// `structure`: the policy before it has parameters (an eigen-decomposed policy knows its model).
  /// `precision_model`: diag and spherical VB's precisions, Gamma or Wishart (gaussian_prior.hpp).
  GaussianFamily(std::size_t num_components, std::size_t dimension, double reg_covar,
                 std::size_t first_storage_row = 0, std::optional<GaussianPrior> prior = std::nullopt,
                 Covariance structure = Covariance(), PrecisionModel precision_model = PrecisionModel::gamma);

  std::string_view name() const override { return "gaussian"; }
  std::size_t dimension() const override { return dimension_; }
  std::size_t num_components() const override { return num_components_; }
  /// MAP when a prior is configured; variational Bayes always. mclust's eigen-decomposed models: MAP under a
  /// prior for the ten mclust fits with one (eigen_posterior_mode.hpp), no VB.
  Capabilities capabilities() const override {
    if constexpr (kDecomposed)
      return {configured_prior_ && has_mclust_prior(covariance_.parameters().model), false, true, false};
    // VB with missing coordinates: mean-field over them, q(x_m | k) is the conditional of N(m_k, C_k), so
    // E-step scores are log N(x_o | m_o, C_oo) plus the complete rows' offsets (see missing_coordinates.hpp).
    else return {configured_prior_, true, true, true};
  }
  std::size_t num_free_parameters() const override;
  std::unique_ptr<ComponentFamily> clone() const override;
  StatLayout stat_layout() const override;

  /// scores(k, j) = log N(x_j | μ_k, Σ_k) = −½(D log 2π + ‖P_k(x_j − μ_k)‖²) − ½ log det Σ_k
  /// (scikit-learn _estimate_log_gaussian_prob). Throws Error before parameters are set.
  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  /// Adds S1_k = Σ r (x − a_k) and the policy's second moment about a_k = μ_k.
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  /// μ_k = a_k + S1_k / N'_k, Σ from the policy; leaves the family unchanged
  /// and throws NumericalError (naming the component, suggesting a larger
  /// reg_covar) if a covariance is not positive definite. MAP: the joint
  /// posterior mode (gaussian_family_posterior_mode.cpp); Error without a configured prior.
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;

  // Prior and variational Bayes (gaussian_family_variational.cpp; the model is in its opening comment).
  /// The keys not configured: β₀ = 1, m₀ = the data mean, ν₀ = D, Ψ₀ = the
  /// data's sample covariance (ddof = 1; diag its diagonal, spherical their
  /// mean), scikit-learn's defaults. `pooled` as ComponentFamily says.
  void set_prior_from_data(const SufficientStatistics& pooled) override;
  /// scores(k, j) = E_q[log N(x_j | μ_k, Λ_k⁻¹)] = log N(x_j | m_k, C_k) + ½(E[log|Λ_k|] − log|C_k⁻¹|) − D/(2β_k).
  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  /// β_k, m_k, ν_k and C_k from the statistics (scikit-learn's BayesianGaussianMixture M-step for full); the
  /// point estimates become m_k and C_k. Throws Error while the prior is not resolved.
  void update_posterior(const SufficientStatistics& stats) override;
  /// Σ_k KL(q(μ_k, Λ_k) || p(μ_k, Λ_k)) (tied: one Wishart term and K mean terms), every constant kept.
  double kl_to_prior() const override;
  bool has_posterior() const override { return has_posterior_; }
  /// The component's mean and covariance (Σ = L Lᵀ with L the policy's scale factor, for every structure).
  std::optional<DistributionMoments> component_moments(std::size_t k) const override {
    if (!has_parameters() || k >= num_components()) return std::nullopt;
    const arma::mat factor = covariance_.scale(k, arma::eye(dimension(), dimension()));
    return DistributionMoments{means_.col(k), factor * factor.t()};
  }
  /// β_k (K) and ν_k (K; tied: one ν) of the posterior (empty without one).
  const arma::vec& mean_precisions() const { return mean_precision_; }
  const arma::vec& degrees_of_freedom() const { return degrees_of_freedom_; }
  /// The prior as far as it is known: the configured keys, then the data defaults once set_prior_from_data ran.
  const GaussianPrior& prior() const { return prior_; }
  /// x = μ_k + L_k z, z ~ N(0, I) from boost::random::normal_distribution on `stream`.
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  /// components: [{mean: [...], covariance: ...}, ...] and, for tied, shared: {covariance: ...}; with a
  /// posterior also each component's mean_precision and degrees_of_freedom (tied: degrees_of_freedom under
  /// shared:); with a posterior or a configured prior, the resolved `prior:`.
  void save(YAML::Emitter& out) const override;
  /// Reads what save() writes. The posterior keys are optional as a group; a saved `prior:` must agree with
  /// every key this family already has (configured or from the data) and then replaces the prior.
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override { return has_parameters_; }

  /// "full", "diag", "spherical" or "tied".
  static constexpr std::string_view covariance_type() { return Covariance::kName; }
  double reg_covar() const { return reg_covar_; }
  /// D×K, one column per component (zero before parameters are set).
  const arma::mat& means() const { return means_; }
  /// full: D×D×K; diag: D×K variances; spherical: K variances; tied: D×D (empty before parameters are set).
  const CovarianceParameters& covariances() const { return covariance_.parameters(); }
  /// Sets μ (D×K) and the covariances and refreshes every cache. Throws Error
  /// on a wrong shape and NumericalError if a covariance is not positive
  /// definite; the family is unchanged if it throws.
  void set_parameters(const arma::mat& means, const CovarianceParameters& covariances);

 private:
  /// mclust's eigen-decomposed models: mclust's MAP M-steps, no VB (see the policy contract above).
  static constexpr bool kDecomposed = requires { Covariance::kDecomposed; };
  /// "gaussian family (full covariance): ", naming the model for an eigen-decomposed policy.
  std::string context() const;
  /// Σ_k as D×D matrices, for every structure (the marginals and conditionals of missing coordinates).
  std::vector<arma::mat> full_covariances() const;
  /// The scores of complete rows (D×n without NaN).
  void complete_row_log_likelihood(const arma::mat& x, arma::mat& scores) const;
  /// accumulate() for complete rows (D×n without NaN).
  void accumulate_complete_rows(const arma::mat& x, const arma::mat& weights, SufficientStatistics& out) const;
  /// The expected statistics of the rows with missing coordinates given the observed ones (the M-step of
  /// exact EM for incomplete data, Ghahramani & Jordan 1994).
  void accumulate_incomplete_rows(const arma::mat& x, const detail::MissingPatterns& patterns,
                                  const arma::mat& weights, SufficientStatistics& out) const;

  std::size_t num_components_;
  std::size_t dimension_;
  std::size_t first_storage_row_;  ///< first of the family's rows in DataBlock::real()
  double reg_covar_;
  bool has_parameters_ = false;
  arma::mat means_;        ///< D×K; also the accumulation anchor
  Covariance covariance_;  ///< covariances with their cached factors

  /// The conjugate posterior of the prior given statistics (gaussian_family_variational.cpp).
  struct Posterior {
    arma::mat means;              ///< m_k, D×K
    CovarianceParameters scale;   ///< C_k = Ψ_k/ν_k = E[Λ_k]⁻¹, in the policy's shape
    arma::vec mean_precision;     ///< β_k, K
    arma::vec degrees_of_freedom; ///< ν_k, K (tied: 1)
  };
  Posterior posterior(const SufficientStatistics& stats) const;
  /// ½(E[log|Λ_k|] − log|C_k⁻¹|) − D/(2β_k): what E_q[log p(x|θ_k)] adds to log N(x | m_k, C_k), K.
  arma::vec expected_log_likelihood_offsets() const;
  /// The prior with every key set, or Error saying that set_prior_from_data has not run.
  const GaussianPrior& resolved_prior() const;
  /// MAP-EM's M-step: the joint posterior mode (gaussian_family_posterior_mode.cpp).
  void maximize_posterior_mode(const SufficientStatistics& stats);
  /// β_k (K) and ν_k (K; tied: 1) of a saved posterior, both empty when the model has none (load()).
  std::pair<arma::vec, arma::vec> load_posterior(const YAML::Node& model, const ConfigLocation& where) const;
  /// Sets means and covariances (refreshing the factors) or throws NumericalError naming `step`.
  void set_point_estimates(const arma::mat& means, CovarianceParameters covariances, const char* step);

  /// Each missingness pattern's marginal and conditional, factored once per parameter state (not per block).
  mutable detail::PatternConditionalCache pattern_cache_;

  PrecisionModel precision_model_ = PrecisionModel::gamma;
  bool configured_prior_ = false;  ///< a `prior:` was configured: EM computes MAP estimates
  GaussianPrior prior_;            ///< the configured keys, then the data defaults
  bool has_posterior_ = false;
  arma::vec mean_precision_;       ///< β_k
  arma::vec degrees_of_freedom_;   ///< ν_k (tied: one ν)
};

using FullGaussianFamily = GaussianFamily<FullCovariance>;
using DiagonalGaussianFamily = GaussianFamily<DiagonalCovariance>;
using SphericalGaussianFamily = GaussianFamily<SphericalCovariance>;
using TiedGaussianFamily = GaussianFamily<TiedCovariance>;
using DiagonalEigenGaussianFamily = GaussianFamily<DiagonalEigenCovariance>;
using OrientedEigenGaussianFamily = GaussianFamily<OrientedEigenCovariance>;

extern template class GaussianFamily<FullCovariance>;
extern template class GaussianFamily<DiagonalCovariance>;
extern template class GaussianFamily<SphericalCovariance>;
extern template class GaussianFamily<TiedCovariance>;
// The eigen-decomposed models: mclust's prior defaults and MAP M-steps (eigen_family_posterior_mode.cpp), and no
// VB (eigen_family_without_vb.cpp, whose members throw Error). Declared here so no translation unit instantiates
// the general ones.
#define MIXFIT_GAUSSIAN_EIGEN_SPECIALISATIONS(Policy)                                           \
  template <>                                                                                   \
  void GaussianFamily<Policy>::set_prior_from_data(const SufficientStatistics&);                \
  template <>                                                                                   \
  void GaussianFamily<Policy>::update_posterior(const SufficientStatistics&);                   \
  template <>                                                                                   \
  void GaussianFamily<Policy>::expected_log_likelihood(const DataBlock&, arma::mat&) const;     \
  template <>                                                                                   \
  double GaussianFamily<Policy>::kl_to_prior() const;                                           \
  template <>                                                                                   \
  void GaussianFamily<Policy>::maximize_posterior_mode(const SufficientStatistics&);
MIXFIT_GAUSSIAN_EIGEN_SPECIALISATIONS(DiagonalEigenCovariance)
MIXFIT_GAUSSIAN_EIGEN_SPECIALISATIONS(OrientedEigenCovariance)
#undef MIXFIT_GAUSSIAN_EIGEN_SPECIALISATIONS

extern template class GaussianFamily<DiagonalEigenCovariance>;
extern template class GaussianFamily<OrientedEigenCovariance>;

}  // namespace mixfit
