// mclust's eigen-decomposed models in GaussianFamily: no variational Bayes.
//
// mclust's priorControl() regularises their M-steps (eigen_family_posterior_mode.cpp)
// but gives no posterior distribution over the decomposition, so
// capabilities() says no VB and the driver stops with its own message before
// any of these could run.
#include "gaussian_family.hpp"

#include "mixfit/core/error.hpp"

#include <string>

namespace mixfit {
namespace {

[[noreturn]] void no_variational(const std::string& model) {
  throw Error("gaussian family (" + model + " covariance): variational Bayes needs a conjugate posterior, which "
              "mclust's eigen-decomposed models do not have here; use em (with a prior for MAP-EM), or one of "
              "full, diag, spherical, tied (mclust's VVV, VVI, VII, EEE)");
}

}  // namespace

#define MIXFIT_GAUSSIAN_WITHOUT_VB(Policy)                                                            \
  template <>                                                                                       \
  void GaussianFamily<Policy>::update_posterior(const SufficientStatistics&) {                      \
    no_variational(covariance_.name());                                                             \
  }                                                                                                 \
  template <>                                                                                       \
  void GaussianFamily<Policy>::expected_log_likelihood(const DataBlock&, arma::mat&) const {        \
    no_variational(covariance_.name());                                                             \
  }                                                                                                 \
  template <>                                                                                       \
  double GaussianFamily<Policy>::kl_to_prior() const {                                              \
    no_variational(covariance_.name());                                                             \
  }

MIXFIT_GAUSSIAN_WITHOUT_VB(DiagonalEigenCovariance)
MIXFIT_GAUSSIAN_WITHOUT_VB(OrientedEigenCovariance)

}  // namespace mixfit
