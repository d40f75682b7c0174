// mclust's eigen-decomposed models in GaussianFamily: prior defaults from the data and the MAP M-step.
#include "gaussian_family.hpp"

#include "eigen_posterior_mode.hpp"
#include "gaussian_statistics.hpp"
#include "mixfit/core/error.hpp"

#include <string>

namespace mixfit {

#define MIXFIT_GAUSSIAN_EIGEN_POSTERIOR_MODE(Policy)                                                            \
  /* The keys left out of prior:, from the pooled scatter W of all rows (sample covariance W/(n − 1)). */      \
  template <>                                                                                                   \
  void GaussianFamily<Policy>::set_prior_from_data(const SufficientStatistics& pooled) {                        \
    if (!configured_prior_) return; /* no prior, no defaults: maximum likelihood */                            \
    if (!(pooled.layout() == stat_layout()))                                                                    \
      throw Error(context() + "set_prior_from_data() got statistics of another layout");                        \
    const ComponentMoments moments = first_moments(pooled, dimension_);                                         \
    const double n = pooled.count(0);                                                                           \
    if (!(n > 1.0) && !prior_.covariance)                                                                       \
      throw NumericalError(context() + "the default prior covariance (the sample covariance of the data) "      \
                                       "needs more than one row; set model.options.prior.covariance");          \
    const ComponentScatter all = covariance_.scatter(pooled, moments, 0.0);                                     \
    const arma::mat sample_covariance = Policy::kElementwise ? arma::mat(all.diagonals.col(0) / (n - 1.0))      \
                                                             : arma::mat(all.scatter.slice(0) / (n - 1.0));     \
    GaussianPrior next = prior_;                                                                                \
    set_prior_defaults(next, means_.col(0) + moments.shifts.col(0), sample_covariance, Policy::kName,          \
                       num_components_, n);                                                                     \
    prior_ = std::move(next);                                                                                   \
  }                                                                                                             \
  /* mclust's ms<model>p: shrunk means and the regularised decomposition (eigen_posterior_mode.cpp). */         \
  template <>                                                                                                   \
  void GaussianFamily<Policy>::maximize_posterior_mode(const SufficientStatistics& stats) {                     \
    const EigenCovarianceParameters& current = covariance_.parameters();                                        \
    if (!configured_prior_)                                                                                     \
      throw Error(context() + "MAP estimation needs a prior; add model.options.prior (prior: {defaults: "       \
                              "mclust} is mclust's priorControl())");                                           \
    if (!has_mclust_prior(current.model))                                                                       \
      throw Error(context() + "mclust has no prior for the " + current.model.name() +                           \
                  " model (its Mclust() drops EVE, VEE, VVE and EVV under a prior); fit it by em without one"); \
    if (!prior_.resolved())                                                                                     \
      throw Error(context() + "the prior's data-dependent defaults are not set yet; call set_prior_from_data "  \
                              "with the data first (the mixfit driver does so before MAP-EM)");                 \
    const GaussianPrior& p = prior_;                                                                            \
    const ComponentMoments moments = first_moments(stats, dimension_);                                          \
    const EigenPrior prior{*p.mean_precision, *p.mean, *p.degrees_of_freedom, *p.covariance};                   \
    const ComponentScatter scatter = covariance_.scatter(stats, moments, reg_covar_);                           \
    const bool warm = !current.decomposition.volumes.is_empty();                                                \
    EigenPosteriorMode mode = fit_eigen_model_map(current.model, scatter, means_ + moments.shifts, prior,       \
                                                  warm ? &current.decomposition : nullptr, current.control);    \
    set_point_estimates(mode.means, EigenCovarianceParameters{current.model, current.control,                   \
                                                              std::move(mode.decomposition)},                   \
                        "MAP M-step");                                                                          \
    has_posterior_ = false;                                                                                     \
  }

MIXFIT_GAUSSIAN_EIGEN_POSTERIOR_MODE(DiagonalEigenCovariance)
MIXFIT_GAUSSIAN_EIGEN_POSTERIOR_MODE(OrientedEigenCovariance)

}  // namespace mixfit
