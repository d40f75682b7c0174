// Diagonal and spherical Gaussians over a whole block, expanded into products computed for all components at once.
#pragma once

#include <armadillo>

namespace mixfit::detail {

/// scores(k, j) = −½ Σ_i p_ik (x_ij − μ_ik)² + constants(k) for all K at
/// once (p: D×K precisions 1/σ²), expanded about a shift c fixed by the
/// parameters (the mean of the means) so that one product does the work:
///   −½ Σ_i p_ik x'_ij² + Σ_i p_ik m_ik x'_ij − ½ Σ_i p_ik m_ik²,  x' = x − c, m = μ − c
/// as [−½p; p∘m; b]ᵀ [x'∘x'; x'; 1] (scikit-learn _estimate_log_gaussian_prob,
/// diag, expands about 0; the shift keeps the cancellation to the spread of
/// the means, not their size).
/// precisions may also be 1×K, one per component for every dimension
/// (spherical): then ‖x'‖² is taken once per row and the product is
/// [−½p; (p∘m)ᵀ; b]ᵀ [‖x'‖²; x'; 1], half the work.
void elementwise_log_density(const arma::mat& x, const arma::mat& means, const arma::mat& precisions,
                             const arma::vec& constants, arma::mat& scores);

/// The per-component moments about each mean, from products over the block:
///   first(:, k)  = Σ_j r_kj (x_j − μ_k)
///   second(:, k) = Σ_j r_kj (x_j − μ_k)∘(x_j − μ_k)
/// computed as S1' = X'Rᵀ, S2' = (X'∘X')Rᵀ about the same shift c (both in
/// one pass over the rows, row_tile_kernels.hpp), then
///   first = S1' − N m,  second = S2' − 2 m∘S1' + N m∘m,
/// except for a component whose second moment the expansion cannot give to
/// 1e-10 (one collapsing far from c), which is summed about its own mean.
void elementwise_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights, arma::mat& first,
                         arma::mat& second);

}  // namespace mixfit::detail
