// MIXFIT_VECTOR_CLONES: build a hot loop for x86-64-v3 and for the baseline, chosen at run time.
#pragma once

/// Put before a function whose loops vectorise: on x86-64 it is compiled twice,
/// for x86-64-v3 (AVX2 with FMA) and for the x86-64 baseline, and the loader
/// picks the one the processor runs (vector_kernels_in_use() says which, and
/// manifests record it). Elsewhere it expands to nothing: one portable build.
#if defined(__x86_64__)
#define MIXFIT_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define MIXFIT_VECTOR_CLONES
#endif
