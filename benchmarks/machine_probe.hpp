// What the benchmark reports about the machine: BLAS kernel, dgemm peak, read bandwidth, exp rate, memory.
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

/// Read bandwidth from memory in GB/s with `threads` threads, each summing its share of a 512 MiB array
/// (best of three passes): the rate a pass over data far larger than the caches can stream at.
double measure_read_bandwidth(std::size_t threads);

/// mixfit's vectorised exp (the E-step's exp_nonpositive_in_place) in exponentials per second on `threads`
/// threads, each over an L1-resident buffer: the E-step's exp throughput ceiling.
double measure_exp_rate(std::size_t threads);

/// Sets OpenBLAS's thread count (a no-op for another BLAS).
void set_blas_threads(std::size_t threads);

/// Resets the process's peak resident set size (Linux /proc/self/clear_refs),
/// so the next reading covers one measurement only.
void reset_peak_memory();

/// Peak resident set size since the last reset, in MiB (VmHWM).
double peak_memory_mib();

}  // namespace mixfit::bench
