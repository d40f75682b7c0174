// Schema of the gaussian family's options and the factory that picks the covariance policy once.
#include "gaussian_options.hpp"

#include "gaussian_family.hpp"
#include "gaussian_prior.hpp"
#include "mixfit/core/error.hpp"

#include <string>

namespace mixfit {

namespace {

/// mclust's names of the four structures scikit-learn has, and of its one-dimensional models.
std::string canonical_covariance(const std::string& name, std::size_t dimension, const std::string& source) {
  if (name == "VVV") return "full";
  if (name == "VVI") return "diag";
  if (name == "VII") return "spherical";
  if (name == "EEE") return "tied";
  if (name == "E" || name == "V") {
    if (dimension != 1)
      throw ConfigError(source + ": model.options.covariance: '" + name + "' is one of mclust's one-dimensional "
                        "models, but the model has " + std::to_string(dimension) +
                        " columns; use " + (name == "E" ? "EII (equal spherical)" : "VII (varying spherical)") +
                        " or another three-letter model");
    return name == "E" ? "tied" : "spherical";  // one variance shared by all components, or one per component
  }
  return name;
}

}  // namespace

ConfigSchema gaussian_options_schema() {
  ConfigSchema schema;
  schema
      .choice("covariance",
              {"full", "diag", "spherical", "tied", "EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE",
               "VVE", "EEV", "VEV", "EVV", "VVV", "E", "V"},
              "full",
              "covariance structure: full (one D×D matrix per component), diag (per-dimension variances), "
              "spherical (one variance per component), tied (one D×D matrix shared by all components), or one of "
              "mclust's 14 models Σ_k = λ_k D_k A_k D_kᵀ named by volume, shape and orientation, each E (equal), "
              "V (varying) or I (identity): VVV, VVI, VII and EEE are full, diag, spherical and tied; E and V are "
              "mclust's one-dimensional models (equal or varying variance). The ten others fit by em, and by MAP-EM "
              "under a prior except EVE, VEE, VVE and EVV (as mclust); none by vb")
      .integer("inner_max_iter", 2147483647,
               "the most passes of the inner loop of the VEI, VEV, VEE, EVE and VVE M-steps (mclust's "
               "emControl()$itmax[2])",
               Range::at_least(1))
      .choice("precision_model", {"gamma", "wishart"}, "gamma",
              "diag and spherical under a prior (vb): gamma, independent Gamma precisions, the exact Normal-Gamma "
              "mean-field VB; wishart, Wishart precisions with a diagonal (isotropic) scale, scikit-learn's "
              "BayesianGaussianMixture, whose numbers it reproduces. Full and tied are always Wishart")
      .number("inner_tol", 1.4901161193847656e-08,
              "the inner loop of the VEI, VEV, VEE, EVE and VVE M-steps stops when its relative change falls to "
              "this (mclust's emControl()$tol[2], sqrt of the machine epsilon)",
              Range::at_least(0))
      .number("reg_covar", 1e-6,
              "added to the diagonal of every covariance after each M-step, so none becomes singular "
              "(scikit-learn's reg_covar)",
              Range::at_least(0))
      .optional_section("prior", gaussian_prior_schema(),
                        "Normal-Wishart prior (Normal-Gamma for diag/spherical) with scikit-learn's defaults for "
                        "any key left out (or mclust's, defaults: mclust); with it em computes MAP estimates, and "
                        "vb uses it (vb's default: all defaults)");
  return schema;
}

std::unique_ptr<ComponentFamily> make_gaussian_family(const FamilySpec& spec) {
  const double reg_covar = spec.options["reg_covar"].as<double>();
  const std::size_t k = spec.num_components;
  const std::size_t d = spec.columns.size();
  const std::string covariance = canonical_covariance(spec.options["covariance"].as<std::string>(), d, spec.source);
  const std::size_t first = spec.contiguous_storage(ColumnKind::real, "gaussian");
  if (const std::optional<EigenModel> model = EigenModel::parse(covariance)) {
    if (spec.options["prior"] && !has_mclust_prior(*model))
      throw ConfigError(spec.source + ": model.options.prior: mclust has no prior for its " + covariance +
                        " model (its Mclust() drops EVE, VEE, VVE and EVV under a prior); remove the prior, or "
                        "use one of EII, VII, EEI, VEI, EVI, VVI, EEE, EEV, VEV, VVV");
    const EigenIterationControl control{static_cast<std::size_t>(spec.options["inner_max_iter"].as<long long>()),
                                        spec.options["inner_tol"].as<double>()};
    if (model->diagonal())
      return std::make_unique<DiagonalEigenGaussianFamily>(
          k, d, reg_covar, first, read_gaussian_prior(spec.options, d, DiagonalEigenCovariance::kName, spec.source),
          DiagonalEigenCovariance(*model, control));
    return std::make_unique<OrientedEigenGaussianFamily>(
        k, d, reg_covar, first, read_gaussian_prior(spec.options, d, OrientedEigenCovariance::kName, spec.source),
        OrientedEigenCovariance(*model, control));
  }
  const PrecisionModel precision_model =
      spec.options["precision_model"].as<std::string>() == "wishart" ? PrecisionModel::wishart : PrecisionModel::gamma;
  const std::optional<GaussianPrior> prior =
      read_gaussian_prior(spec.options, d, covariance, spec.source, precision_model);
  if (covariance == FullCovariance::kName) return std::make_unique<FullGaussianFamily>(k, d, reg_covar, first, prior);
  if (covariance == DiagonalCovariance::kName)
    return std::make_unique<DiagonalGaussianFamily>(k, d, reg_covar, first, prior, DiagonalCovariance(),
                                                    precision_model);
  if (covariance == SphericalCovariance::kName)
    return std::make_unique<SphericalGaussianFamily>(k, d, reg_covar, first, prior, SphericalCovariance(),
                                                     precision_model);
  if (covariance == TiedCovariance::kName) return std::make_unique<TiedGaussianFamily>(k, d, reg_covar, first, prior);
  // The schema only lets known names through; this guards a caller that skipped it.
  throw ConfigError(spec.source + ": model.options.covariance: expected full, diag, spherical, tied or one of "
                    "mclust's model names, got '" + covariance + "'");
}

}  // namespace mixfit
