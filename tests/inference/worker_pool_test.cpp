// WorkerPool: helpers kept between runs, nested and concurrent runs, failures (EM bits with and without a
// pool: thread_determinism_test).
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/parallel/for_each_block.hpp"
#include "mixfit/parallel/worker_pool.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

BOOST_AUTO_TEST_SUITE(worker_pool_test)

using namespace mixfit;

BOOST_AUTO_TEST_CASE(every_run_uses_the_same_threads_the_caller_among_them) {
  WorkerPool pool(3);
  BOOST_TEST(pool.threads() == 3u);
  std::mutex mutex;
  std::set<std::thread::id> all;
  for (int run = 0; run < 50; ++run) {
    std::set<std::thread::id> seen;
    std::atomic<int> arrived{0};
    pool.run(3, [&] {
      // Every thread waits for the other two, so three distinct threads must run it at once.
      ++arrived;
      while (arrived.load() < 3) std::this_thread::yield();
      const std::lock_guard lock(mutex);
      seen.insert(std::this_thread::get_id());
    });
    BOOST_TEST(seen.size() == 3u);
    BOOST_TEST(seen.count(std::this_thread::get_id()) == 1u);
    all.insert(seen.begin(), seen.end());
  }
  BOOST_TEST(all.size() == 3u);  // no thread was started after the pool's own
}

BOOST_AUTO_TEST_CASE(fewer_workers_than_threads_and_one_thread_pools) {
  WorkerPool pool(4);
  BOOST_TEST(pool.threads_for(2) == 2u);
  BOOST_TEST(pool.threads_for(9) == 4u);
  BOOST_TEST(pool.threads_for(0) == 1u);
  std::atomic<int> calls{0};
  pool.run(2, [&] { ++calls; });
  BOOST_TEST(calls.load() == 2);
  WorkerPool single(1);
  BOOST_TEST(single.threads() == 1u);
  single.run(5, [&] { ++calls; });
  BOOST_TEST(calls.load() == 3);
}

BOOST_AUTO_TEST_CASE(a_pass_inside_a_pass_runs_on_its_own_thread) {
  WorkerPool pool(2);
  BlockPlan plan{100, 10, 2};
  plan.workers = &pool;
  std::vector<std::atomic<int>> inner(plan.num_blocks() * plan.num_blocks());
  for_each_block(plan, [&](std::size_t outer) {
    BOOST_REQUIRE(pool.threads_for(2) == 1u);
    for_each_block(plan, [&](std::size_t b) { ++inner[outer * plan.num_blocks() + b]; });
  });
  for (const auto& count : inner) BOOST_TEST(count.load() == 1);
}

BOOST_AUTO_TEST_CASE(a_helpers_failure_is_rethrown_and_the_pool_still_works) {
  // (A failing block in a pooled pass: thread_determinism_test.)
  WorkerPool pool(2);
  const std::thread::id caller = std::this_thread::get_id();
  BOOST_CHECK_THROW(pool.run(2,
                             [&] {
                               if (std::this_thread::get_id() != caller) throw Error("helper failed");
                             }),
                    Error);
  std::atomic<int> calls{0};
  pool.run(2, [&] { ++calls; });
  BOOST_TEST(calls.load() == 2);
}

BOOST_AUTO_TEST_CASE(runs_from_two_threads_take_turns) {
  WorkerPool pool(2);
  std::atomic<int> inside{0}, most{0}, calls{0};
  auto passes = [&] {
    for (int i = 0; i < 200; ++i)
      pool.run(2, [&] {
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {}
        ++calls;
        --inside;
      });
  };
  std::thread other(passes);
  passes();
  other.join();
  BOOST_TEST(calls.load() == 2 * 200 * 2);
  // One run's two threads at a time: the other caller waits for its turn before running its own share.
  BOOST_TEST(most.load() <= 2);
}

BOOST_AUTO_TEST_SUITE_END()  // worker_pool_test
