// The discrete cases of mixfit-bench: bernoulli and categorical mixtures, seconds per EM iteration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mixfit::bench {

/// A discrete problem: `family` is "bernoulli", "kit_bernoulli", "categorical" or "kit_categorical" (`levels`
/// levels per column), planted with `components` classes; fitted with the same K.
struct DiscreteCase {
  std::string name;
  std::string family;
  std::size_t rows = 0;
  std::size_t dimension = 0;
  std::size_t components = 0;
  std::size_t levels = 2;
  /// Bernoulli only: planted probabilities are u³·sparsity (u uniform), so
  /// the mean share of ones is sparsity/4; 0 draws them uniform in (0.1, 0.9).
  double sparsity = 0.0;
};

/// W (whiskey-like: 2218×21 binary, sparse ones, K = 4, the size of flexmix's
/// `whiskey` expanded by its Freq), B (2e5×64 binary, K = 16), C (2e5×32
/// categorical with 10 levels, K = 16), and WK, BK: W and B fitted by a Bernoulli family written on the
/// family kit (benchmarks/kit_bernoulli_cell.hpp), CK: C fitted by a categorical family on the kit over one-hot
/// columns (benchmarks/kit_categorical_cell.hpp); throws on another name.
DiscreteCase discrete_case(const std::string& name);

/// Times `iterations` EM iterations (tol 0, after one untimed iteration on a
/// copy) of each case on `threads` threads and prints one line per case:
/// seconds per iteration (median of `repeats` fits), the rate of the dense
/// products an iteration stands for (scores Θ·X and statistics X·Rᵀ, 2·N·D'·K
/// flops each, D' = D binary or D·L one-hot columns) in GFLOP/s and as a share
/// of `peak` (the dgemm GFLOP/s measured on the spot), and the final mean
/// log-likelihood to 17 digits, so two builds can be checked for identical bits.
void run_discrete_benchmarks(const std::vector<std::string>& names, std::size_t iterations, std::size_t threads,
                             std::size_t repeats, std::uint64_t seed, double peak);

}  // namespace mixfit::bench
