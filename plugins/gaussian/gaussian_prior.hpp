// GaussianPrior: the Normal-Wishart (Normal-Gamma for diag/spherical) prior of `model.options.prior`.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

namespace mixfit {

/// μ_k | Λ_k ~ N(m₀, (β₀Λ_k)⁻¹), Λ_k ~ Wishart(W₀ = Ψ₀⁻¹, ν₀) (PRML eq. 10.40), with
/// scikit-learn's BayesianGaussianMixture names and defaults:
///   mean_precision β₀ (1), mean m₀ (the data mean), degrees_of_freedom ν₀ (D),
///   covariance Ψ₀ (the data's sample covariance, ddof = 1; its diagonal for
///   diag, the mean of that diagonal for spherical). Ψ₀ is the inverse scale:
///   under the prior E[Λ]⁻¹ = Ψ₀/ν₀.
/// diag: per dimension λ ~ Gamma(ν₀/2, rate Ψ₀ᵢ/2); spherical: λ ~ Gamma(Dν₀/2, rate DΨ₀/2).
/// Keys not configured stay unset until GaussianFamily::set_prior_from_data fills them from the data,
/// with scikit-learn's defaults or, under `defaults: mclust`, those of mclust's defaultPrior() (below).
/// mclust's eigen-decomposed models read the same keys as mclust's priorControl(): mean_precision is its
/// shrinkage κ, degrees_of_freedom its ν_P, covariance its scale Λ_P (one number for EII, EEI, VEI, EVI).
struct GaussianPrior {
  /// Where the unset keys come from.
  enum class Defaults { scikit_learn, mclust };
  Defaults defaults = Defaults::scikit_learn;
  std::optional<double> mean_precision;
  std::optional<arma::vec> mean;
  std::optional<double> degrees_of_freedom;
  /// full/tied: D×D; diag: D×1; spherical: 1×1.
  std::optional<arma::mat> covariance;

  bool resolved() const { return mean_precision && mean && degrees_of_freedom && covariance; }
};

/// How diag and spherical precisions are modelled under a prior (`model.options.precision_model`):
/// gamma, independent Gamma precisions with a Normal-Gamma posterior (mixfit's default, the exact mean-field
/// VB of that model, ν₀ > 0), or wishart, Wishart precisions whose q keeps a diagonal (isotropic) scale,
/// scikit-learn's BayesianGaussianMixture (ν₀ > D − 1). Full and tied precisions are always Wishart.
enum class PrecisionModel { gamma, wishart };

/// True when the precisions' prior is a Wishart, which needs ν₀ > D − 1 (mclust's diagonal models'
/// inverse-Gamma priors need only ν > 0).
inline bool wishart_precisions(std::string_view covariance_type, PrecisionModel model) {
  return model == PrecisionModel::wishart ||
         (covariance_type != "diag" && covariance_type != "spherical" && covariance_type != "eigen-diagonal");
}

/// The prior covariance is one number: spherical's, and mclust's scale for its diagonal models.
inline bool scalar_prior_scale(std::string_view covariance_type) {
  return covariance_type == "spherical" || covariance_type == "eigen-diagonal";
}

/// The keys of `prior:` (defaults: scikit-learn | mclust, mean_precision > 0,
/// mean: D numbers, degrees_of_freedom > D − 1, covariance: shape by covariance
/// type); the section is optional and its presence turns EM into MAP-EM.
ConfigSchema gaussian_prior_schema();

/// The prior configured in resolved options (nothing when `prior:` is absent;
/// `prior: {}` is a prior with every key left to its default), with the
/// D-dependent checks the schema cannot make: mean of length D,
/// degrees_of_freedom > D − 1, covariance of the type's shape and positive
/// (definite). ConfigError naming `source` and the key otherwise (its line
/// only when the node still carries one; see gaussian_prior.cpp).
/// degrees_of_freedom > 0 is enough for Gamma precisions (diag, spherical under precision_model gamma).
std::optional<GaussianPrior> read_gaussian_prior(const YAML::Node& options, std::size_t dimension,
                                                 std::string_view covariance_type, const std::string& source,
                                                 PrecisionModel precision_model = PrecisionModel::gamma);

/// Sets the keys `prior` leaves unset from the data: its mean, its sample
/// covariance (ddof = 1; D×D, the D variances as D×1, or their mean as 1×1),
/// its row count and the number of components K.
///   scikit-learn (BayesianGaussianMixture): β₀ = 1, m₀ = mean, ν₀ = D,
///     Ψ₀ = the covariance (diag its diagonal; spherical and mclust's diagonal
///     models the mean of that diagonal).
///   mclust (defaultPrior in mclust 6.0.0's R/mclust.R): κ = 0.01, μ_P = mean,
///     ν_P = D + 2, Λ_P = var(X)/K^(2/D) (its diagonal when n ≤ D), or for the
///     diagonal models the number Σ_j var_j / D / K^(2/D). diag gets that
///     number in every entry, and spherical, whose Gamma prior counts D
///     variances, ν₀ = ν_P/D and Ψ₀ = Λ_P/D (gaussian_family_posterior_mode.cpp).
void set_prior_defaults(GaussianPrior& prior, const arma::vec& data_mean, const arma::mat& sample_covariance,
                        std::string_view covariance_type, std::size_t num_components, double rows);

/// The first key `current` sets (configured, or already taken from the data)
/// to a value other than `saved`'s (a resolved prior) beyond 1e-12 relative,
/// or nothing when they agree; unset keys always agree.
std::optional<std::string> conflicting_key(const GaussianPrior& current, const GaussianPrior& saved);

/// Writes / reads a resolved prior as a `prior:` map (model.yaml keeps it next
/// to the posterior, so a saved posterior is self-contained). Reading requires
/// all four keys and makes the same checks as read_gaussian_prior.
void save_gaussian_prior(YAML::Emitter& out, const GaussianPrior& prior, std::string_view covariance_type);
GaussianPrior load_gaussian_prior(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension,
                                  std::string_view covariance_type,
                                  PrecisionModel precision_model = PrecisionModel::gamma);

}  // namespace mixfit
