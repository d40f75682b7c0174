// exp over whole arrays, vectorised, with the same bits on every x86-64.
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

/// Which build of the vectorised kernels this processor runs:
/// "x86-64-v3 (AVX2, FMA)" or "x86-64 (baseline)".
std::string vector_kernels_in_use();

}  // namespace mixfit
