// Register-blocked loops over four-row tiles (the thin products of the diagonal E-step and of the moments),
// and the direct sums behind their guards.
#pragma once

#include <cstddef>

namespace mixfit::detail {

/// Components the kernels carry together (two lanes of four doubles).
/// Per-component arrays come in groups of this many, zero-padded past K.
inline constexpr std::size_t kComponentGroup = 8;

/// ⌈K / 8⌉: the groups K components fill.
constexpr std::size_t component_groups(std::size_t k) { return (k + kComponentGroup - 1) / kComponentGroup; }

/// The features a row x contributes, x' = x − shift; the last is always 1,
/// so that the weights' sums (the counts) come out of the same pass.
enum class RowFeatures {
  squares_then_deviations,  ///< [x'∘x'; x'; 1], 2D + 1 of them: diagonal moments
  pairs_then_deviations,    ///< [x'_a x'_b for a ≤ b, column by column; x'; 1], D(D+3)/2 + 1: full moments
};

/// How many features a row of dimension d has.
constexpr std::size_t feature_count(RowFeatures features, std::size_t d) {
  return (features == RowFeatures::squares_then_deviations ? 2 * d : d * (d + 3) / 2) + 1;
}

/// scores[j·K + k] = c_k + Σ_i (a_ik x'_ij² + b_ik x'_ij), x'_ij = x_ij − shift_i, for the n
/// columns of x (D×n, column-major; scores K×n, column-major). a and b are laid out
/// [group][i][8], c as [group][8].
void expanded_scores(const double* x, std::size_t d, std::size_t n, const double* shift, const double* a,
                     const double* b, const double* c, std::size_t k, double* scores);

/// The same for components with one precision each: a_k multiplies ‖x'_j‖²,
/// scores[j·K + k] = c_k + a_k ‖x'_j‖² + Σ_i b_ik x'_ij (a and c laid out
/// [group][8], b [group][i][8]).
void expanded_isotropic_scores(const double* x, std::size_t d, std::size_t n, const double* shift, const double* a,
                               const double* b, const double* c, std::size_t k, double* scores);

/// sums[group][f][8] += Σ_j w_kj feature_f(x_j) over the n columns of x (D×n), summed in row
/// order (w: K×n, column-major). One pass over the rows for all K components: the product
/// R·Fᵀ without forming F.
void weighted_feature_sums(const double* x, std::size_t d, std::size_t n, const double* shift, RowFeatures features,
                           const double* weights, std::size_t k, double* sums);

/// The direct sums the expansions' guards fall back to, for one component:
/// first[i] += Σ_j w_j (x_ij − mean_i), second[i] += Σ_j w_j (x_ij − mean_i)²
/// over the n columns of x (D×n), in row order, with w_j = weights[j·stride]
/// (one row of a K×n weight matrix: stride K). Rows of weight 0 are skipped:
/// they add exactly nothing, and a collapsed component has many.
void weighted_deviation_sums(const double* x, std::size_t d, std::size_t n, const double* mean, const double* weights,
                             std::size_t stride, double* first, double* second);

}  // namespace mixfit::detail
