// Worker threads over a block grid.
#include "mixfit/parallel/for_each_block.hpp"

#include "mixfit/parallel/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace mixfit {

namespace {

/// The exception of the lowest failing block, whichever thread saw it.
class LowestFailure {
 public:
  void record(std::size_t block, std::exception_ptr error) {
    const std::lock_guard lock(mutex_);
    if (block < block_) {
      block_ = block;
      error_ = std::move(error);
    }
    failed_ = true;
  }
  bool failed() const { return failed_; }
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::atomic<bool> failed_{false};
  std::size_t block_ = std::numeric_limits<std::size_t>::max();
  std::exception_ptr error_;
};

}  // namespace

void for_each_block(const BlockPlan& plan, const std::function<void(std::size_t)>& body) {
  const std::size_t first = plan.local_first_block(), end = plan.local_end_block();
  for_each_block_in_waves(first, end, plan.threads, end - first, body, [](std::size_t, std::size_t) {}, plan.workers);
}

void for_each_block_in_waves(std::size_t first, std::size_t last, std::size_t threads, std::size_t wave,
                             const std::function<void(std::size_t)>& body,
                             const std::function<void(std::size_t, std::size_t)>& after_wave, WorkerPool* pool) {
  if (last <= first) return;
  wave = std::max<std::size_t>(1, wave);
  std::size_t workers = std::max<std::size_t>(1, std::min({threads, wave, last - first}));
  if (pool) workers = pool->threads_for(workers);
  if (workers == 1) {
    for (std::size_t begin = first; begin < last; begin += wave) {
      const std::size_t end = std::min(last, begin + wave);
      for (std::size_t b = begin; b < end; ++b) body(b);
      after_wave(begin, end);
    }
    return;
  }

  LowestFailure failure;
  // Written only by the barrier's completion step, which runs while every
  // worker waits: the barrier orders it before and after their reads.
  std::size_t wave_begin = first, wave_end = std::min(last, first + wave);
  bool done = false;
  std::atomic<std::size_t> next{first};
  auto finish_wave = [&]() noexcept {
    if (!failure.failed()) {
      try {
        after_wave(wave_begin, wave_end);
      } catch (...) {
        failure.record(wave_end - 1, std::current_exception());
      }
    }
    wave_begin = wave_end;
    wave_end = std::min(last, wave_begin + wave);
    done = failure.failed() || wave_begin >= last;
    next = wave_begin;
  };
  std::barrier sync(static_cast<std::ptrdiff_t>(workers), finish_wave);
  auto work = [&] {
    while (true) {
      // A claimed block always runs, so a failure in a lower block than
      // another failing one is always seen: blocks are claimed in order.
      while (!failure.failed()) {
        const std::size_t b = next++;
        if (b >= wave_end) break;
        try {
          body(b);
        } catch (...) {
          failure.record(b, std::current_exception());
        }
      }
      sync.arrive_and_wait();
      if (done) return;
    }
  };
  if (pool) {
    pool->run(workers, work);
  } else {
    std::vector<std::thread> helpers;
    helpers.reserve(workers - 1);
    for (std::size_t t = 1; t < workers; ++t) helpers.emplace_back(work);
    work();
    for (auto& helper : helpers) helper.join();
  }
  failure.rethrow();
}

std::size_t blocks_per_wave(std::size_t threads, std::size_t slot_bytes) {
  constexpr std::size_t kSlotBudgetBytes = std::size_t{1} << 20;
  return std::max(4 * std::max<std::size_t>(1, threads), kSlotBudgetBytes / std::max<std::size_t>(1, slot_bytes));
}

std::size_t default_thread_count() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace mixfit
