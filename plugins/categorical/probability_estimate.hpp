// The M-step of one column of one component: level probabilities from weighted level counts, and the eps floor.
#pragma once

#include <armadillo>

namespace mixfit {

/// Maximum likelihood: θ_l = S_l / n with n = Σ_l S_l (PRML (9.59) for one
/// categorical instead of one Bernoulli). n equals N_k unless cells with
/// unseen levels were ignored, which then are marginalised out correctly.
/// Returns false, leaving `theta` untouched, when n = 0 (no weight on this column).
bool estimate_maximum_likelihood(const arma::vec& counts, arma::vec& theta);

/// The mode of the Dirichlet(S + α) posterior under a symmetric Dirichlet(α)
/// prior: θ_l = (S_l + α − 1) / (n + L(α − 1)). For α < 1 a level with
/// S_l + α − 1 < 0 has no interior mode; it is set to 0 (the posterior is
/// largest at that boundary) and the other levels are normalised among
/// themselves. Returns false, leaving `theta` untouched, when no level has
/// S_l + α − 1 > 0 (no data and α ≤ 1).
bool estimate_maximum_a_posteriori(const arma::vec& counts, double alpha, arma::vec& theta);

/// The eps floor: if any θ_l < eps, every θ_l becomes max(θ_l, eps) and the
/// vector is divided by its sum; otherwise (and always for eps = 0) `theta`
/// is left bit for bit as it was. After renormalising an entry raised to eps
/// is eps / (1 + excess), slightly below eps, where excess ≤ L·eps.
void apply_probability_floor(arma::vec& theta, double eps);

}  // namespace mixfit
