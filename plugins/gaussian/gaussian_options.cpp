// Schema of the gaussian family's options and the factory that picks the covariance policy once.
#include "gaussian_options.hpp"

#include "gaussian_family.hpp"
#include "gaussian_prior.hpp"
#include "mixfit/core/error.hpp"

#include <string>

namespace mixfit {

ConfigSchema gaussian_options_schema() {
  ConfigSchema schema;
  schema
      .choice("covariance", {"full", "diag", "spherical", "tied"}, "full",
              "covariance structure: full (one D×D matrix per component), diag (per-dimension variances), "
              "spherical (one variance per component), tied (one D×D matrix shared by all components)")
      .number("reg_covar", 1e-6,
              "added to the diagonal of every covariance after each M-step, so none becomes singular "
              "(scikit-learn's reg_covar)",
              Range::at_least(0))
      .optional_section("prior", gaussian_prior_schema(),
                        "Normal-Wishart prior (Normal-Gamma for diag/spherical) with scikit-learn's defaults for "
                        "any key left out; with it em computes MAP estimates, and vb uses it (vb's default: "
                        "all defaults)");
  return schema;
}

std::unique_ptr<ComponentFamily> make_gaussian_family(const FamilySpec& spec) {
  const std::string covariance = spec.options["covariance"].as<std::string>();
  const double reg_covar = spec.options["reg_covar"].as<double>();
  const std::size_t k = spec.num_components;
  const std::size_t d = spec.columns.size();
  const std::size_t first = spec.contiguous_storage(ColumnKind::real, "gaussian");
  const std::optional<GaussianPrior> prior = read_gaussian_prior(spec.options, d, covariance, spec.source);
  if (covariance == FullCovariance::kName) return std::make_unique<FullGaussianFamily>(k, d, reg_covar, first, prior);
  if (covariance == DiagonalCovariance::kName)
    return std::make_unique<DiagonalGaussianFamily>(k, d, reg_covar, first, prior);
  if (covariance == SphericalCovariance::kName)
    return std::make_unique<SphericalGaussianFamily>(k, d, reg_covar, first, prior);
  if (covariance == TiedCovariance::kName) return std::make_unique<TiedGaussianFamily>(k, d, reg_covar, first, prior);
  // The schema only lets the four names through; this guards a caller that skipped it.
  throw ConfigError(spec.source + ": model.options.covariance: expected one of full, diag, spherical, tied, got '" +
                    covariance + "'");
}

}  // namespace mixfit
