// mclust's eigen-decomposed models in GaussianFamily: no conjugate prior, so no MAP-EM and no variational Bayes.
//
// mclust's priorControl() does give a MAP M-step for these models; it is not
// built yet, so capabilities() says neither MAP nor VB and the driver stops
// with its own message before any of these could run.
#include "gaussian_family.hpp"

#include "mixfit/core/error.hpp"

#include <string>

namespace mixfit {
namespace {

[[noreturn]] void no_prior(const std::string& model, const char* what) {
  throw Error("gaussian family (" + model + " covariance): " + what +
              " needs a conjugate prior, which mclust's eigen-decomposed models do not have here; use em without "
              "a prior, or one of full, diag, spherical, tied (mclust's VVV, VVI, VII, EEE)");
}

}  // namespace

#define MIXFIT_GAUSSIAN_WITHOUT_PRIOR(Policy)                                                                  \
  /* The driver computes every family's prior defaults before a run; without a prior there are none. */     \
  template <>                                                                                                 \
  void GaussianFamily<Policy>::set_prior_from_data(const SufficientStatistics&) {}                            \
  template <>                                                                                                 \
  void GaussianFamily<Policy>::update_posterior(const SufficientStatistics&) {                                \
    no_prior(covariance_.name(), "variational Bayes");                                                        \
  }                                                                                                           \
  template <>                                                                                                 \
  void GaussianFamily<Policy>::expected_log_likelihood(const DataBlock&, arma::mat&) const {                  \
    no_prior(covariance_.name(), "variational Bayes");                                                        \
  }                                                                                                           \
  template <>                                                                                                 \
  double GaussianFamily<Policy>::kl_to_prior() const {                                                        \
    no_prior(covariance_.name(), "variational Bayes");                                                        \
  }                                                                                                           \
  template <>                                                                                                 \
  void GaussianFamily<Policy>::maximize_posterior_mode(const SufficientStatistics&) {                         \
    no_prior(covariance_.name(), "MAP estimation");                                                           \
  }

MIXFIT_GAUSSIAN_WITHOUT_PRIOR(DiagonalEigenCovariance)
MIXFIT_GAUSSIAN_WITHOUT_PRIOR(OrientedEigenCovariance)

}  // namespace mixfit
