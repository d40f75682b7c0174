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

/// Blocks [first, last) in waves of `wave` blocks, so that per-block results
/// need O(wave) memory, not O(blocks): the threads share a wave's blocks, then
/// after_wave(wave_first, wave_end) runs on one of them while the others wait,
/// before the next wave starts. The threads are started once for all waves
/// (starting them per wave cost H diag 6% of its time). If a body or
/// after_wave throws, no further wave starts and the exception of the lowest
/// block (after_wave's counting as its wave's end) is rethrown. With a
/// `pool`, its threads do the work and none is started.
void for_each_block_in_waves(std::size_t first, std::size_t last, std::size_t threads, std::size_t wave,
                             const std::function<void(std::size_t block)>& body,
                             const std::function<void(std::size_t wave_first, std::size_t wave_end)>& after_wave,
                             WorkerPool* pool = nullptr);

/// Blocks per wave for per-block results (slots) of `slot_bytes` each: as many as 1 MiB of slots holds, and at
/// least four per thread. Every wave ends with all threads meeting at a barrier, and its last blocks leave
/// threads idle, so fewer, larger waves are faster; the budget bounds the memory of the slots.
std::size_t blocks_per_wave(std::size_t threads, std::size_t slot_bytes);

/// The number of threads `inference.threads: 0` means: the machine's cores.
std::size_t default_thread_count();

}  // namespace mixfit
