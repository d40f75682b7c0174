// Vectorised exp for non-positive arguments and log for positive ones (see vector_math.hpp).
#include "mixfit/math/vector_math.hpp"

#include "mixfit/math/vector_clones.hpp"

#include <bit>
#include <cstdint>
#include <iterator>

namespace mixfit {

namespace {

// exp(x) = 2ⁿ exp(r), n = round(x / ln 2), r = x − n ln 2 with ln 2 split in
// two (Cody–Waite) so n·ln2_hi is exact; |r| ≤ ln 2 / 2, where the Taylor
// series truncated after r¹³/13! errs by under 4·10⁻¹⁸ relative. Over 2e6
// arguments in [−708, 0] the result is within 2.2e-16 of libm's.
constexpr double kLog2e = 1.4426950408889634074;
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 with its low 32 bits zero (fdlibm)
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 − kLn2Hi
// Adding 1.5·2⁵² rounds a double of magnitude < 2⁵¹ to an integer held in its low mantissa bits.
constexpr double kRoundingShift = 6755399441055744.0;
constexpr double kSmallest = -708.39;  // below this 2ⁿ is not a normal double
constexpr double kTwoTo52 = 4503599627370496.0;

// 1/k! for k = 13 … 2, exactly as the compiler rounds them.
constexpr double kInverseFactorial[] = {
    1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
    1.0 / 5040.0,       1.0 / 720.0,       1.0 / 120.0,      1.0 / 24.0,      1.0 / 6.0,      0.5};

inline double exp_nonpositive(double x) {
  const double clamped = x < kSmallest ? kSmallest : x;
  const double shifted = clamped * kLog2e + kRoundingShift;
  const double n = shifted - kRoundingShift;
  const double r = (clamped - n * kLn2Hi) - n * kLn2Lo;
  // Σ_{k≤13} r^k/k! = 1 + r (1 + r q), q = Σ_{j≤11} r^j/(j+2)! by Estrin's scheme (pairs, then pairs of pairs):
  // four dependent steps for q instead of Horner's eleven, so a vector of exponentials is not one long chain of
  // multiply-adds; the last two steps stay Horner's, where the rounding of the result is decided.
  const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const double p0 = kInverseFactorial[10] * r + kInverseFactorial[11];  // 1/2! + r/3!
  const double p1 = kInverseFactorial[8] * r + kInverseFactorial[9];    // 1/4! + r/5!
  const double p2 = kInverseFactorial[6] * r + kInverseFactorial[7];    // 1/6! + r/7!
  const double p3 = kInverseFactorial[4] * r + kInverseFactorial[5];    // 1/8! + r/9!
  const double p4 = kInverseFactorial[2] * r + kInverseFactorial[3];    // 1/10! + r/11!
  const double p5 = kInverseFactorial[0] * r + kInverseFactorial[1];    // 1/12! + r/13!
  const double b0 = p1 * r2 + p0, b1 = p3 * r2 + p2, b2 = p5 * r2 + p4;
  const double q = b2 * r8 + (b1 * r4 + b0);
  double p = q * r + 1.0;
  p = p * r + 1.0;
  // 2ⁿ built from its bits: the integer n sits in the low bits of `shifted`.
  const std::int64_t exponent = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(shifted)) -
                                static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(kRoundingShift));
  const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(exponent + 1023) << 52);
  return x < kSmallest ? 0.0 : p * scale;
}

inline double log_positive(double x) {
  // x = 2ᵉ m, m ∈ [1, 2) from the bits; m ≥ √2 is halved (e + 1) so that 1 + f ∈ [√½, √2).
  constexpr std::uint64_t kMantissa = (std::uint64_t{1} << 52) - 1;
  constexpr std::uint64_t kSqrt2Mantissa = 0x6a09e667f3bcdULL;  // √2 = 1.6a09e667f3bcd × 2⁰
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t mantissa = bits & kMantissa;
  const bool halve = mantissa >= kSqrt2Mantissa;
  // The biased exponent as a double without an int64 → double conversion
  // (which x86 vectors lack): its bits as the mantissa of 2⁵², minus 2⁵².
  const double biased = std::bit_cast<double>((bits >> 52) | std::bit_cast<std::uint64_t>(kTwoTo52)) - kTwoTo52;
  const double e = biased - (halve ? 1022.0 : 1023.0);
  const double m = std::bit_cast<double>(mantissa | (halve ? std::uint64_t{1022} << 52 : std::uint64_t{1023} << 52));
  const double f = m - 1.0;  // exact (Sterbenz)
  const double s = f / (2.0 + f);
  const double z = s * s;
  // R = Σ_{k=1..11} 2 z^k / (2k + 1), so that log(1 + f) = 2s + sR.
  double r = 2.0 / 23.0;
  r = r * z + 2.0 / 21.0;
  r = r * z + 2.0 / 19.0;
  r = r * z + 2.0 / 17.0;
  r = r * z + 2.0 / 15.0;
  r = r * z + 2.0 / 13.0;
  r = r * z + 2.0 / 11.0;
  r = r * z + 2.0 / 9.0;
  r = r * z + 2.0 / 7.0;
  r = r * z + 2.0 / 5.0;
  r = r * z + 2.0 / 3.0;
  r = r * z;
  // fdlibm: log(1 + f) = f − (½f² − s(½f² + R)), with e ln 2 added in two parts.
  const double half_square = 0.5 * f * f;
  return e * kLn2Hi - ((half_square - (s * (half_square + r) + e * kLn2Lo)) - f);
}

}  // namespace

MIXFIT_VECTOR_CLONES void log_positive_in_place(double* values, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) values[i] = log_positive(values[i]);
}

MIXFIT_VECTOR_CLONES void exp_nonpositive_in_place(double* values, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) values[i] = exp_nonpositive(values[i]);
}

std::string vector_kernels_in_use() {
#if defined(__x86_64__)
  // The same test as the target_clones resolver (MIXFIT_VECTOR_CLONES).
  __builtin_cpu_init();
#if defined(__clang__)
  const bool level3 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  const bool level3 = __builtin_cpu_supports("x86-64-v3");
#endif
  return level3 ? "x86-64-v3 (AVX2, FMA)" : "x86-64 (baseline)";
#else
  return "portable (one build)";
#endif
}

}  // namespace mixfit
