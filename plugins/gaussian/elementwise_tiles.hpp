// Tile kernels for diagonal and spherical covariance: each row read once per pass, no feature matrix, no packing.
#pragma once

#include <cstddef>

namespace mixfit::detail {

/// Components the kernels carry together (two lanes of four doubles).
/// Per-component arrays come in groups of this many, zero-padded past K.
inline constexpr std::size_t kComponentGroup = 8;

/// ⌈K / 8⌉: the groups K components fill.
constexpr std::size_t component_groups(std::size_t k) { return (k + kComponentGroup - 1) / kComponentGroup; }

/// scores[j·K + k] = c_k + Σ_i (a_ik x'_ij² + b_ik x'_ij), x'_ij = x_ij − shift_i, for the n
/// columns of x (D×n, column-major; scores K×n, column-major). a and b are laid out
/// [group][i][8], c as [group][8].
void expanded_scores(const double* x, std::size_t d, std::size_t n, const double* shift, const double* a,
                     const double* b, const double* c, std::size_t k, double* scores);

/// second[group][i][8] += Σ_j w_kj x'_ij² and first[group][i][8] += Σ_j w_kj x'_ij over the n
/// columns of x, summed in row order (w: K×n, column-major).
void expanded_moments(const double* x, std::size_t d, std::size_t n, const double* shift, const double* weights,
                      std::size_t k, double* second, double* first);

}  // namespace mixfit::detail
