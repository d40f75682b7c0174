// What the benchmark reports about the machine: BLAS kernel, dgemm peak, memory.
#pragma once

#include <cstddef>
#include <string>

namespace mixfit::bench {

/// OpenBLAS's configuration and the CPU kernel it picked ("Haswell",
/// "SkylakeX" ...), or a note that the BLAS is not OpenBLAS.
std::string blas_description();

/// The double-precision matrix-product rate in GFLOP/s measured on the spot
/// with `threads` BLAS threads (best of a few 2048² products), so figures
/// are read against this machine's own ceiling.
double measure_dgemm_peak(std::size_t threads);

/// Sets OpenBLAS's thread count (a no-op for another BLAS).
void set_blas_threads(std::size_t threads);

/// Resets the process's peak resident set size (Linux /proc/self/clear_refs),
/// so the next reading covers one measurement only.
void reset_peak_memory();

/// Peak resident set size since the last reset, in MiB (VmHWM).
double peak_memory_mib();

}  // namespace mixfit::bench
