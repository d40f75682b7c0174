// BlockPlan: the fixed grid of row blocks every pass walks in the same order.
#pragma once

#include "mixfit/parallel/communicator.hpp"

#include <algorithm>
#include <cstddef>

namespace mixfit {

class WorkerPool;

/// Splits N rows into blocks of `block_size` rows (the last may be shorter).
/// The grid depends only on N and block_size — never on threads or ranks —
/// so partial statistics are always combined in the same order and results
/// are bit-identical however the work is spread.
///
/// Across processes (MPI ranks) each process owns the contiguous blocks
/// [first_block, end_block) and holds only their rows; a single process owns
/// them all. Passes walk the local blocks and combine with the other
/// processes through `communicator`.
struct BlockPlan {
  std::size_t num_rows = 0;  ///< N, over all processes
  std::size_t block_size = 4096;
  /// Worker threads that share a pass's blocks (for_each_block); never
  /// changes a result, only how fast it comes.
  std::size_t threads = 1;
  std::size_t first_block = 0;
  std::size_t end_block = static_cast<std::size_t>(-1);  ///< clipped to num_blocks()
  const Communicator* communicator = nullptr;            ///< nullptr: one process
  /// Threads kept between passes (worker_pool.hpp); nullptr: each pass starts
  /// and joins its own.
  WorkerPool* workers = nullptr;

  std::size_t num_blocks() const { return block_size == 0 ? 0 : (num_rows + block_size - 1) / block_size; }
  std::size_t begin(std::size_t block) const { return block * block_size; }
  std::size_t end(std::size_t block) const { return std::min(num_rows, (block + 1) * block_size); }
  std::size_t size(std::size_t block) const { return end(block) - begin(block); }

  /// This process's blocks [local_first_block(), local_end_block()).
  std::size_t local_first_block() const { return std::min(first_block, num_blocks()); }
  std::size_t local_end_block() const { return std::min(end_block, num_blocks()); }
  /// This process's rows [local_first_row(), local_first_row() + local_num_rows()).
  std::size_t local_first_row() const { return std::min(num_rows, begin(local_first_block())); }
  std::size_t local_num_rows() const {
    return local_end_block() > local_first_block() ? end(local_end_block() - 1) - local_first_row() : 0;
  }
  bool distributed() const { return communicator != nullptr && communicator->size() > 1; }
  const Communicator& processes() const { return communicator ? *communicator : single_process(); }

  /// The plan of process `communicator.rank()` of `communicator.size()`:
  /// blocks split as evenly as whole blocks allow.
  static BlockPlan sharded(std::size_t num_rows, std::size_t block_size, std::size_t threads,
                           const Communicator& communicator) {
    BlockPlan plan{num_rows, block_size, threads};
    const std::size_t blocks = plan.num_blocks(), ranks = communicator.size(), rank = communicator.rank();
    plan.first_block = blocks * rank / ranks;
    plan.end_block = blocks * (rank + 1) / ranks;
    plan.communicator = &communicator;
    return plan;
  }
};

}  // namespace mixfit
