// BlockPlan: the fixed grid of row blocks every pass walks in the same order.
#pragma once

#include <algorithm>
#include <cstddef>

namespace mixfit {

/// Splits N rows into blocks of `block_size` rows (the last may be shorter).
/// The grid depends only on N and block_size — never on threads or ranks —
/// so partial statistics are always combined in the same order and results
/// are bit-identical however the work is spread.
struct BlockPlan {
  std::size_t num_rows = 0;
  std::size_t block_size = 4096;
  /// Worker threads that share a pass's blocks (for_each_block); never
  /// changes a result, only how fast it comes.
  std::size_t threads = 1;

  std::size_t num_blocks() const { return block_size == 0 ? 0 : (num_rows + block_size - 1) / block_size; }
  std::size_t begin(std::size_t block) const { return block * block_size; }
  std::size_t end(std::size_t block) const { return std::min(num_rows, (block + 1) * block_size); }
  std::size_t size(std::size_t block) const { return end(block) - begin(block); }
};

}  // namespace mixfit
