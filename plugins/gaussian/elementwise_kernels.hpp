// Diagonal and spherical Gaussians over a whole block, expanded into products computed for all components at once.
#pragma once

#include <armadillo>

#include <cstddef>
#include <vector>

namespace mixfit::detail {

/// scores(k, j) = −½ Σ_i p_ik (x_ij − μ_ik)² + constants(k) for all K at
/// once (p: D×K precisions 1/σ²), expanded about a shift c fixed by the
/// parameters (score_shift) so that one product does the work:
///   −½ Σ_i p_ik x'_ij² + Σ_i p_ik m_ik x'_ij − ½ Σ_i p_ik m_ik²,  x' = x − c, m = μ − c
/// as [−½p; p∘m; b]ᵀ [x'∘x'; x'; 1] (scikit-learn _estimate_log_gaussian_prob,
/// diag, expands about 0; the shift keeps the cancellation to the spread of
/// the means, not their size).
/// precisions may also be 1×K, one per component for every dimension
/// (spherical): then ‖x'‖² is taken once per row and the product is
/// [−½p; (p∘m)ᵀ; b]ᵀ [‖x'‖²; x'; 1], half the work.
/// The terms (i, k) the expansion cannot give to ~1e-12 (score_term_expandable)
/// are left out of the product and added directly, −½ p_ik (x_ij − μ_ik)².
/// Returns how many terms (i, k) were added directly (0 for ordinary data).
std::size_t elementwise_log_density(const arma::mat& x, const arma::mat& means, const arma::mat& precisions,
                                    const arma::vec& constants, arma::mat& scores);

/// The shift of the scores' expansion: per dimension the precision-weighted
/// mean of the means, c_i = Σ_k p_ik μ_ik / Σ_k p_ik, which minimises the
/// expansion's absolute error bound Σ_k p_ik m_ik² (below) — a component whose
/// precision dwarfs the others' in a dimension (one that collapsed there: a
/// column constant within it) gets m ≈ 0 and no cancellation. Computed as
/// μ_ir + Σ_k w_k (μ_ik − μ_ir) / Σ_k w_k, w = p / p_ir, r the most precise
/// component, so it is exactly the common value where all the means agree.
/// precisions: D×K, or 1×K (spherical).
arma::vec score_shift(const arma::mat& means, const arma::mat& precisions);

/// Whether the expansion gives the term −½ p (x − μ)² of one dimension and
/// component well enough (see elementwise_kernels.cpp): p m² ≤ 256, m = μ − c.
bool score_term_expandable(double precision, double shifted_mean);

/// The per-component moments about each mean, from products over the block:
///   first(:, k)  = Σ_j r_kj (x_j − μ_k)
///   second(:, k) = Σ_j r_kj (x_j − μ_k)∘(x_j − μ_k)
/// computed as S1' = X'Rᵀ, S2' = (X'∘X')Rᵀ about the mean of the means c
/// (moment_shift; both in one pass over the rows, row_tile_kernels.hpp), then
///   first = S1' − N m,  second = S2' − 2 m∘S1' + N m∘m,
/// except for a component with a dimension whose second moment the
/// expansion cannot give to 1e-10 (moment_expansion_exact: one collapsing far
/// from c, or onto a value ≠ c in one column), which is summed about its own
/// mean in one more pass over the block (no scratch beyond 2D numbers).
/// Returns, per component, whether the expansion was kept (1) or the
/// component was summed directly (0).
std::vector<char> elementwise_moments(const arma::mat& x, const arma::mat& means, const arma::mat& weights,
                                      arma::mat& first, arma::mat& second);

/// The shift of the moments' expansion: per dimension the mean of the means,
/// computed as μ_i0 + mean_k (μ_ik − μ_i0), so it is exactly the common value
/// where all the means agree (a column constant in the data).
arma::vec moment_shift(const arma::mat& means);

/// Whether the expansion's moments of one dimension of one component are
/// exact enough to keep (see elementwise_kernels.cpp for the reasoning):
/// m = μ − c is 0 (then the expansion *is* the direct sum about μ), or the
/// spread N·variance = second − first²/N exceeds 1e10 × the rounding bound.
bool moment_expansion_exact(double shifted_mean, double spread, double error_bound);

}  // namespace mixfit::detail
