// Closed-form M-steps of one categorical distribution and the eps floor.
#include "probability_estimate.hpp"

#include <algorithm>

namespace mixfit {

bool estimate_maximum_likelihood(const arma::vec& counts, arma::vec& theta) {
  const double total = arma::accu(counts);
  if (!(total > 0.0)) return false;
  theta = counts / total;
  return true;
}

bool estimate_maximum_a_posteriori(const arma::vec& counts, double alpha, arma::vec& theta) {
  const arma::vec shifted = counts + (alpha - 1.0);
  if (shifted.min() >= 0.0) {
    // Dirichlet posterior mode (Murphy, MLAPP §3.4.3): (N_l + α − 1) / (N + Lα − L).
    const double denominator = arma::accu(counts) + static_cast<double>(counts.n_elem) * (alpha - 1.0);
    if (!(denominator > 0.0)) return false;
    theta = shifted / denominator;
    return true;
  }
  if (!(shifted.max() > 0.0)) return false;
  const arma::vec positive = arma::clamp(shifted, 0.0, shifted.max());
  theta = positive / arma::accu(positive);
  return true;
}

void apply_probability_floor(arma::vec& theta, double eps) {
  if (!(eps > 0.0) || theta.min() >= eps) return;
  theta = arma::clamp(theta, eps, std::max(eps, theta.max()));
  theta /= arma::accu(theta);
}

}  // namespace mixfit
