// Worker threads over a block grid.
#include "mixfit/parallel/for_each_block.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace mixfit {

void for_each_block(const BlockPlan& plan, const std::function<void(std::size_t)>& body) {
  for_each_block(0, plan.num_blocks(), plan.threads, body);
}

void for_each_block(std::size_t first, std::size_t last, std::size_t threads,
                    const std::function<void(std::size_t)>& body) {
  const std::size_t blocks = last > first ? last - first : 0;
  const std::size_t workers = std::max<std::size_t>(1, std::min(threads, blocks));
  if (workers == 1) {
    for (std::size_t b = first; b < last; ++b) body(b);
    return;
  }
  std::atomic<std::size_t> next{first};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  std::size_t first_error_block = std::numeric_limits<std::size_t>::max();
  auto work = [&] {
    for (std::size_t b = next++; b < last && !failed; b = next++) {
      try {
        body(b);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (b < first_error_block) {
          first_error_block = b;
          first_error = std::current_exception();
        }
        failed = true;
      }
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(workers - 1);
  for (std::size_t t = 1; t < workers; ++t) helpers.emplace_back(work);
  work();
  for (auto& helper : helpers) helper.join();
  if (first_error) std::rethrow_exception(first_error);
}

std::size_t default_thread_count() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace mixfit
