// for_each_block: the blocks of a pass shared among worker threads.
#pragma once

#include "mixfit/data/block_plan.hpp"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

namespace mixfit {

/// Calls body(b) once for every block b this process holds of `plan` (all of
/// them for one process), on min(plan.threads, blocks) threads (the calling
/// thread is one of them; the plan's pool's when it has one) that claim blocks in
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

/// Calls body(b, slot) for every block b this process holds of `plan`, on the plan's threads, each block into its
/// own slot reset to `zero`, and join(b, slot) for every block in block order on one thread. The blocks go in
/// waves of blocks_per_wave(threads, slot_bytes), so the slots stay within its budget; joining in block order
/// makes any sum of the slots the same for every thread count.
template <class Slot, class Body, class Join>
void for_each_block_into_slots(const BlockPlan& plan, const Slot& zero, std::size_t slot_bytes, Body&& body,
                               Join&& join) {
  const std::size_t first = plan.local_first_block(), end = plan.local_end_block();
  if (end <= first) return;
  const std::size_t wave = blocks_per_wave(plan.threads, slot_bytes);
  std::vector<Slot> slots(std::min(wave, end - first), zero);
  for_each_block_in_waves(
      first, end, plan.threads, wave,
      [&](std::size_t b) {
        Slot& slot = slots[(b - first) % wave];
        slot = zero;
        body(b, slot);
      },
      [&](std::size_t wave_first, std::size_t wave_end) {
        for (std::size_t b = wave_first; b < wave_end; ++b) join(b, slots[(b - first) % wave]);
      },
      plan.workers);
}

/// The number of threads `inference.threads: 0` means: the machine's cores.
std::size_t default_thread_count();

}  // namespace mixfit
