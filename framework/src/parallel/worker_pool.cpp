// Helper threads that wait between passes.
#include "mixfit/parallel/worker_pool.hpp"

#include <algorithm>

namespace mixfit {

namespace {

// Set while a thread runs a pool's work: a nested run must not wait for helpers the outer run holds.
thread_local bool inside_pool_run = false;

class InsideRun {
 public:
  InsideRun() { inside_pool_run = true; }
  ~InsideRun() { inside_pool_run = false; }
  InsideRun(const InsideRun&) = delete;
  InsideRun& operator=(const InsideRun&) = delete;
};

}  // namespace

WorkerPool::WorkerPool(std::size_t threads) {
  const std::size_t helpers = std::max<std::size_t>(1, threads) - 1;
  helpers_.reserve(helpers);
  for (std::size_t i = 0; i < helpers; ++i) helpers_.emplace_back([this, i] { helper_loop(i); });
}

WorkerPool::~WorkerPool() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& helper : helpers_) helper.join();
}

std::size_t WorkerPool::threads_for(std::size_t wanted) const {
  return inside_pool_run ? 1 : std::clamp<std::size_t>(wanted, 1, threads());
}

void WorkerPool::run(std::size_t workers, const std::function<void()>& work) {
  const std::size_t helpers = threads_for(workers) - 1;
  if (helpers == 0) {
    work();
    return;
  }
  const std::lock_guard turn(turn_);
  {
    const std::lock_guard lock(mutex_);
    work_ = &work;
    active_ = helpers;
    running_ = helpers;
    error_ = nullptr;
    ++generation_;
  }
  wake_.notify_all();
  std::exception_ptr own_error;
  try {
    const InsideRun inside;
    work();
  } catch (...) {
    own_error = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return running_ == 0; });
  work_ = nullptr;
  if (own_error) std::rethrow_exception(own_error);
  if (error_) std::rethrow_exception(error_);
}

void WorkerPool::helper_loop(std::size_t index) {
  std::size_t seen = 0;
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return;
    seen = generation_;
    if (index >= active_) continue;
    const std::function<void()>& work = *work_;
    lock.unlock();
    std::exception_ptr error;
    try {
      const InsideRun inside;
      work();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !error_) error_ = error;
    if (--running_ == 0) finished_.notify_one();
  }
}

}  // namespace mixfit
