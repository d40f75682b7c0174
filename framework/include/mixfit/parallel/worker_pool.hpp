// WorkerPool: threads started once per run and lent to every pass.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mixfit {

/// `threads − 1` helper threads that wait between passes, so a pass costs a
/// wake-up instead of thread starts, and the helpers' thread-local scratch
/// (the family's scores, the E-step's exponentials) stays mapped from one
/// pass to the next instead of being page-faulted anew every pass.
///
/// Owned by whoever owns the fit's BlockPlan (the experiment runner, a
/// benchmark) and reached through BlockPlan::workers; which thread runs a
/// block never changes a result, so a pool changes only the speed.
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// The caller plus the helpers.
  std::size_t threads() const { return helpers_.size() + 1; }

  /// How many threads a run asked for `wanted` gets: min(wanted, threads()),
  /// but 1 from inside a run (a body that starts a pass of its own runs it on
  /// its own thread, never waiting for helpers busy with the outer run).
  std::size_t threads_for(std::size_t wanted) const;

  /// Runs `work` on threads_for(workers) threads, the calling thread being one
  /// of them, and returns once every one has returned. Runs from several
  /// callers at once take turns. If `work` throws on any thread, the calling
  /// thread's exception, or else the first a helper saw, is rethrown after all
  /// have returned.
  void run(std::size_t workers, const std::function<void()>& work);

 private:
  void helper_loop(std::size_t index);

  std::mutex turn_;  // one run at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  const std::function<void()>* work_ = nullptr;
  std::size_t generation_ = 0;  // counts runs, so a helper sees each run once
  std::size_t active_ = 0;      // helpers that take part in the current run
  std::size_t running_ = 0;     // of those, the ones not yet finished
  bool stopping_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> helpers_;
};

}  // namespace mixfit
