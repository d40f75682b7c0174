// KL divergences between conjugate distributions.
#include "mixfit/math/divergences.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/math/special_functions.hpp"

#include <cmath>

namespace mixfit {

double kl_dirichlet(const arma::vec& alpha, const arma::vec& prior_alpha) {
  if (alpha.n_elem != prior_alpha.n_elem)
    throw Error("kl_dirichlet: " + std::to_string(alpha.n_elem) + " posterior and " +
                std::to_string(prior_alpha.n_elem) + " prior concentrations");
  const double total = arma::accu(alpha);
  const double prior_total = arma::accu(prior_alpha);
  const double digamma_total = digamma(total);
  double kl = log_gamma(total) - log_gamma(prior_total);
  for (arma::uword k = 0; k < alpha.n_elem; ++k)
    kl += log_gamma(prior_alpha(k)) - log_gamma(alpha(k)) +
          (alpha(k) - prior_alpha(k)) * (digamma(alpha(k)) - digamma_total);
  return kl;
}

double kl_beta(double a, double b, double prior_a, double prior_b) {
  return kl_dirichlet(arma::vec{a, b}, arma::vec{prior_a, prior_b});
}

double kl_gamma(double shape, double rate, double prior_shape, double prior_rate) {
  return (shape - prior_shape) * digamma(shape) - log_gamma(shape) + log_gamma(prior_shape) +
         prior_shape * (std::log(rate) - std::log(prior_rate)) + shape * (prior_rate - rate) / rate;
}

arma::vec dirichlet_expected_log(const arma::vec& alpha) { return digamma(alpha) - digamma(arma::accu(alpha)); }

}  // namespace mixfit
