// Vectorised exp for non-positive arguments (see vector_exp.hpp).
#include "mixfit/math/vector_exp.hpp"

#include <bit>
#include <cstdint>
#include <iterator>

namespace mixfit {

namespace {

// exp(x) = 2ⁿ exp(r), n = round(x / ln 2), r = x − n ln 2 with ln 2 split in
// two (Cody–Waite) so n·ln2_hi is exact; |r| ≤ ln 2 / 2, where the Taylor
// series truncated after r¹³/13! errs by under 4·10⁻¹⁸ relative.
constexpr double kLog2e = 1.4426950408889634074;
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 with its low 32 bits zero (fdlibm)
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 − kLn2Hi
// Adding 1.5·2⁵² rounds a double of magnitude < 2⁵¹ to an integer held in its low mantissa bits.
constexpr double kRoundingShift = 6755399441055744.0;
constexpr double kSmallest = -708.39;  // below this 2ⁿ is not a normal double

// 1/k! for k = 13 … 2, exactly as the compiler rounds them.
constexpr double kInverseFactorial[] = {
    1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
    1.0 / 5040.0,       1.0 / 720.0,       1.0 / 120.0,      1.0 / 24.0,      1.0 / 6.0,      0.5};

inline double exp_nonpositive(double x) {
  const double clamped = x < kSmallest ? kSmallest : x;
  const double shifted = clamped * kLog2e + kRoundingShift;
  const double n = shifted - kRoundingShift;
  const double r = (clamped - n * kLn2Hi) - n * kLn2Lo;
  double p = kInverseFactorial[0];
  for (std::size_t i = 1; i < std::size(kInverseFactorial); ++i) p = p * r + kInverseFactorial[i];  // Horner
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2ⁿ built from its bits: the integer n sits in the low bits of `shifted`.
  const std::int64_t exponent = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(shifted)) -
                                static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(kRoundingShift));
  const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(exponent + 1023) << 52);
  return x < kSmallest ? 0.0 : p * scale;
}

}  // namespace

__attribute__((target_clones("arch=x86-64-v3", "default"))) void exp_nonpositive_in_place(double* values,
                                                                                 std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) values[i] = exp_nonpositive(values[i]);
}

std::string vector_kernels_in_use() {
  // The same test as the target_clones resolver above.
  __builtin_cpu_init();
#if defined(__clang__)
  const bool level3 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  const bool level3 = __builtin_cpu_supports("x86-64-v3");
#endif
  return level3 ? "x86-64-v3 (AVX2, FMA)" : "x86-64 (baseline)";
}

}  // namespace mixfit
