// BetaPosterior: conjugate update, expected log-likelihood and KL of the Bernoulli family's Beta posteriors.
#include "beta_posterior.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"

#include <cmath>
#include <string>

namespace mixfit {
namespace {

const std::string kContext = "bernoulli family: ";

bool valid_parameter(double value) { return std::isfinite(value) && value > 0.0; }

/// Element-wise ψ of a matrix.
arma::mat digamma_of(const arma::mat& values) {
  arma::mat result(arma::size(values));
  for (arma::uword i = 0; i < values.n_elem; ++i) result(i) = digamma(values(i));
  return result;
}

}  // namespace

BetaPosterior::BetaPosterior(arma::mat alpha, arma::mat beta) : alpha_(std::move(alpha)), beta_(std::move(beta)) {
  if (!(arma::size(alpha_) == arma::size(beta_)))
    throw NumericalError(kContext + "Beta posterior parameters a and b differ in shape");
  for (arma::uword k = 0; k < alpha_.n_cols; ++k)
    for (arma::uword d = 0; d < alpha_.n_rows; ++d)
      if (!valid_parameter(alpha_(d, k)) || !valid_parameter(beta_(d, k)))
        throw NumericalError(kContext + "the Beta posterior of component " + std::to_string(k) + ", column " +
                             std::to_string(d) + " is Beta(" + format_double(alpha_(d, k)) + ", " +
                             format_double(beta_(d, k)) + "); both parameters must be finite and > 0");
  refresh_caches();
}

BetaPosterior BetaPosterior::from_statistics(const BetaPrior& prior, const arma::mat& sums, const arma::vec& counts,
                                             const arma::mat& missing_weight) {
  arma::mat alpha(arma::size(sums));
  arma::mat beta(arma::size(sums));
  for (arma::uword k = 0; k < sums.n_cols; ++k)
    for (arma::uword d = 0; d < sums.n_rows; ++d) {
      // PRML (2.18): a = α + m ones, b = β + l zeros, with weighted counts m = S_kd, l = N_k − S_kd.
      alpha(d, k) = prior.posterior_alpha(sums(d, k));
      beta(d, k) = prior.posterior_beta(sums(d, k), missing_weight.is_empty() ? counts(k) : counts(k) - missing_weight(d, k));
    }
  return BetaPosterior(std::move(alpha), std::move(beta));
}

arma::mat BetaPosterior::means() const {
  // PRML (2.15) for the posterior Beta(a, b).
  return alpha_ / (alpha_ + beta_);
}

arma::mat BetaPosterior::expected_log_complements() const {
  return arma::mat(digamma_of(beta_) - digamma_of(alpha_ + beta_)).t();
}

double BetaPosterior::kl_to(const BetaPrior& prior) const {
  double total = 0.0;
  // KL(Beta(a, b) || Beta(α, β)), the two-entry case of PRML (B.16–B.21) as in kl_dirichlet.
  for (arma::uword i = 0; i < alpha_.n_elem; ++i) total += kl_beta(alpha_(i), beta_(i), prior.alpha, prior.beta);
  return total;
}

void BetaPosterior::permute(const arma::uvec& order) {
  alpha_ = alpha_.cols(order);
  beta_ = beta_.cols(order);
  refresh_caches();
}

void BetaPosterior::refresh_caches() {
  // PRML (10.66)/(B.21) with two entries: E[log p] = ψ(a) − ψ(a + b), E[log(1 − p)] = ψ(b) − ψ(a + b).
  const arma::mat digamma_alpha = digamma_of(alpha_);
  const arma::mat digamma_beta = digamma_of(beta_);
  const arma::mat digamma_total = digamma_of(alpha_ + beta_);
  expected_log_odds_ = (digamma_alpha - digamma_beta).t();
  expected_log_complement_sum_ = arma::sum(digamma_beta - digamma_total, 0).t();
}

}  // namespace mixfit
