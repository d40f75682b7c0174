// Lanes: four doubles as one vector, for the kernels written with explicit vectors (built per processor
// level with MIXFIT_VECTOR_CLONES), loaded and stored unaligned.
#pragma once

#include <cstddef>
#include <cstring>

namespace mixfit::simd {

/// Four doubles: one AVX2 register in the x86-64-v3 clone, two SSE2 registers in the baseline.
using Lanes = double __attribute__((vector_size(4 * sizeof(double))));

// By reference, never by value: the baseline clone has no AVX registers to pass Lanes in (clang rejects
// that, GCC warns). memcpy compiles to one unaligned move.
[[gnu::always_inline]] inline void load(Lanes& to, const double* from) { std::memcpy(&to, from, sizeof to); }
[[gnu::always_inline]] inline void store(double* to, const Lanes& from) { std::memcpy(to, &from, sizeof from); }

/// Points (centroids, components) per group in the tile kernels: two Lanes of four.
inline constexpr std::size_t kGroup = 8;
/// Groups of kGroup that hold `count` points (the last one padded).
constexpr std::size_t num_groups(std::size_t count) { return (count + kGroup - 1) / kGroup; }

}  // namespace mixfit::simd
