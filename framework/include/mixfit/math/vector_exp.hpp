// exp over whole arrays, vectorised, with the same bits on every x86-64.
#pragma once

#include <cstddef>

namespace mixfit {

/// values[i] ← exp(values[i]) for arguments ≤ 0 (log-sum-exp terms shifted
/// by their maximum), within 1 ulp of the exact value; arguments below
/// −708.39, whose exp is subnormal or 0, give exactly 0.
///
/// One implementation (Cody–Waite reduction, Taylor polynomial of degree 13)
/// instead of libm's scalar exp: the compiler vectorises it, AVX2 where the
/// processor has it, and as the file is built without FMA contraction every
/// instruction set rounds identically, so results do not depend on the
/// machine's vector width or on the C library's version.
void exp_nonpositive_in_place(double* values, std::size_t count);

}  // namespace mixfit
