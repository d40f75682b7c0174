// for_each_block: the blocks of a pass shared among worker threads.
#pragma once

#include "mixfit/data/block_plan.hpp"

#include <cstddef>
#include <functional>

namespace mixfit {

/// Calls body(b) once for every block b of `plan`, on min(plan.threads,
/// blocks) threads (the calling thread is one of them) that claim blocks in
/// order. body must write only what belongs to its block; callers combine
/// per-block results in block order afterwards, which is what makes results
/// independent of the thread count. If bodies throw, the exception of the
/// lowest block is rethrown once every worker has stopped.
void for_each_block(const BlockPlan& plan, const std::function<void(std::size_t block)>& body);

/// The same for blocks [first, last) only: statistics passes work in waves
/// of a few blocks per thread so that partial statistics need O(threads)
/// memory, not O(blocks).
void for_each_block(std::size_t first, std::size_t last, std::size_t threads,
                    const std::function<void(std::size_t block)>& body);

/// The number of threads `inference.threads: 0` means: the machine's cores.
std::size_t default_thread_count();

}  // namespace mixfit
