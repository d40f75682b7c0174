// exp and log over whole arrays, vectorised, independent of the C library.
#pragma once

#include <cstddef>
#include <string>

namespace mixfit {

/// values[i] ← exp(values[i]) for arguments ≤ 0 (log-sum-exp terms shifted
/// by their maximum), within 1 ulp of the exact value; arguments below
/// −708.39, whose exp is subnormal or 0, give exactly 0.
///
/// One implementation (Cody–Waite reduction, Taylor polynomial of degree 13)
/// instead of libm's scalar exp: the compiler vectorises it, and results do
/// not depend on the C library's version. It is built twice and chosen at run
/// time: for x86-64-v3 processors (AVX2 with FMA, where the polynomial's
/// multiply-adds are fused: twice as fast) and for the x86-64 baseline. The
/// two round differently in the last bit, so results are bit-identical per
/// processor level, like OpenBLAS's kernels, which are chosen per processor
/// too; manifests record both (vector_kernels_in_use()).
void exp_nonpositive_in_place(double* values, std::size_t count);

/// values[i] ← log(values[i]) for positive normal finite arguments (the
/// log-sum-exp totals Σ_k e_k ∈ [1, K]), within 1 ulp of the exact value;
/// other arguments give unspecified results. log x = e ln 2 + log(1 + f),
/// x = 2ᵉ(1 + f) with 1 + f ∈ [√½, √2), and log(1 + f) = 2 atanh(s),
/// s = f/(2 + f), from its series to s²³ (fdlibm's arrangement).
void log_positive_in_place(double* values, std::size_t count);

/// Which build of the vectorised kernels (MIXFIT_VECTOR_CLONES) this
/// processor runs: "x86-64-v3 (AVX2, FMA)" or "x86-64 (baseline)";
/// "portable (one build)" off x86-64.
std::string vector_kernels_in_use();

}  // namespace mixfit
