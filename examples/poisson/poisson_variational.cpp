// PoissonFamily's variational Bayes: Gamma posteriors, expected scores, KL to the prior.
#include "poisson_family.hpp"

#include <mixfit/core/error.hpp>
#include <mixfit/math/divergences.hpp>

#include <cmath>
#include <string>

namespace poisson {

void PoissonFamily::expected_log_likelihood(const mixfit::DataBlock& block, arma::mat& scores) const {
  if (!posterior_) throw mixfit::Error("poisson family: expected_log_likelihood() called before a posterior was set");
  // E_q[log p(x | λ_k)] = Σ_d x_d E[log λ_kd] − E[λ_kd] − log x_d!, and E[λ] = a/b is the point estimate,
  // so the constants are the rate sums (PRML eq. 10.71's analogue for a Gamma posterior).
  scores_from(counts(block), expected_log_rates_, rate_sums_, scores);
}

void PoissonFamily::update_posterior(const mixfit::SufficientStatistics& stats) {
  if (!(stats.layout() == stat_layout()))
    throw mixfit::Error("poisson family: update_posterior() got statistics of another layout");
  const arma::mat sums = stats.component_matrix(0, kSumOffset, dimension(), num_components_);
  GammaPosterior next{sums + variational_prior_.shape, arma::mat(dimension(), num_components_)};
  for (std::size_t k = 0; k < num_components_; ++k) next.rate.col(k).fill(variational_prior_.rate + stats.count(k));
  // Gamma(a₀ + S, b₀ + N) (BDA3 §2.6); rounding can only leave S, N slightly negative, so check the result.
  if (!next.shape.is_finite() || !next.rate.is_finite() || arma::any(arma::vectorise(next.shape) <= 0.0) ||
      arma::any(arma::vectorise(next.rate) <= 0.0))
    throw mixfit::NumericalError("poisson family: the Gamma posterior has a shape or rate that is not a finite "
                                 "number > 0 (non-finite or negative statistics)");
  rates_ = next.shape / next.rate;  // posterior means
  posterior_ = std::move(next);
  has_parameters_ = true;
  refresh_caches();
}

double PoissonFamily::kl_to_prior() const {
  if (!posterior_) throw mixfit::Error("poisson family: kl_to_prior() called before a posterior was set");
  double total = 0.0;
  for (std::size_t i = 0; i < posterior_->shape.n_elem; ++i)
    total += mixfit::kl_gamma(posterior_->shape(i), posterior_->rate(i), variational_prior_.shape,
                              variational_prior_.rate);
  return total;
}

}  // namespace poisson
