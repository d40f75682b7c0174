// Results do not depend on the thread count: statistics passes on 1, 2 and 7 threads give the same bits.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/parallel/for_each_block.hpp"
#include "mixfit/parallel/worker_pool.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

#include <atomic>
#include <stdexcept>
#include <utility>
#include <vector>

BOOST_AUTO_TEST_SUITE(thread_determinism_test)

using namespace mixfit;
using namespace mixfit::testing;

BOOST_AUTO_TEST_CASE(em_gives_identical_bits_on_any_number_of_threads_with_or_without_a_pool) {
  const FamilyRegistry registry = build_tree_registry();
  const Dataset data = three_blobs();
  std::vector<MixtureModel> fitted;
  std::vector<arma::mat> responsibilities;
  for (const auto& [threads, pooled] : std::vector<std::pair<std::size_t, bool>>{
           {1, false}, {2, false}, {7, false}, {1, true}, {3, true}}) {
    MixtureModel model = make_gaussian_model(registry, 5, {"x", "y"}, "full", 1e-6);
    WorkerPool pool(threads);
    BlockPlan plan{data.num_rows(), 37, threads};  // many uneven blocks
    if (pooled) plan.workers = &pool;
    InitConfig init;
    init.method = "random";
    RandomStream stream = derive_stream(3, "restart", 0);
    initialise(model, data, plan, init, "test", stream);
    EmOptions options;
    options.max_iter = 30;
    options.tol = 0;
    expectation_maximization(model, data, plan, options);
    arma::mat r;
    statistics_pass(model, data, plan, Assignment::soft, {&r, nullptr, nullptr});
    responsibilities.push_back(r);
    fitted.push_back(model);
  }
  for (std::size_t i = 1; i < fitted.size(); ++i) {
    BOOST_TEST(arma::approx_equal(fitted[i].mixing().weights(), fitted[0].mixing().weights(), "absdiff", 0.0));
    BOOST_TEST(arma::approx_equal(responsibilities[i], responsibilities[0], "absdiff", 0.0));
  }
}

BOOST_AUTO_TEST_CASE(every_block_runs_once_and_the_lowest_failure_is_reported) {
  // Twice on one pool: a failed pass leaves the pool's threads ready for the next.
  WorkerPool pool(4);
  for (const bool pooled : {false, true, true}) {
    BlockPlan plan{1000, 7, 4};
    if (pooled) plan.workers = &pool;
    std::vector<std::atomic<int>> visits(plan.num_blocks());
    for_each_block(plan, [&](std::size_t b) { ++visits[b]; });
    for (const auto& count : visits) BOOST_TEST(count.load() == 1);
    try {
      for_each_block(plan, [&](std::size_t b) {
        if (b == 20 || b == 90) throw Error("block " + std::to_string(b));
      });
      BOOST_FAIL("no exception");
    } catch (const Error& e) {
      BOOST_TEST(std::string(e.what()) == "block 20");
    }
  }
}

BOOST_AUTO_TEST_CASE(waves_run_in_order_each_joined_once_all_its_blocks_are_done) {
  // 23 blocks in waves of 5 on 3 threads: after_wave must see [0,5), [5,10), …, [20,23)
  // in that order, each after every block of its wave (and none of the next) has run.
  for (const std::size_t threads : {1u, 3u}) {
    std::vector<std::atomic<int>> visits(23);
    std::vector<std::pair<std::size_t, std::size_t>> waves;
    bool complete_waves = true;
    for_each_block_in_waves(
        0, 23, threads, 5, [&](std::size_t b) { ++visits[b]; },
        [&](std::size_t first, std::size_t end) {
          waves.emplace_back(first, end);
          for (std::size_t b = 0; b < visits.size(); ++b)
            if (visits[b].load() != (b < end ? 1 : 0)) complete_waves = false;
        });
    BOOST_TEST(complete_waves);
    const std::vector<std::pair<std::size_t, std::size_t>> expected{{0, 5}, {5, 10}, {10, 15}, {15, 20}, {20, 23}};
    BOOST_TEST((waves == expected));
  }
}

BOOST_AUTO_TEST_CASE(a_failing_wave_stops_the_waves_after_it) {
  for (const std::size_t threads : {1u, 3u}) {
    std::atomic<std::size_t> highest{0};
    std::size_t joined = 0;
    try {
      for_each_block_in_waves(
          0, 40, threads, 4,
          [&](std::size_t b) {
            std::size_t seen = highest.load();
            while (b > seen && !highest.compare_exchange_weak(seen, b)) {}
            if (b == 10 || b == 11) throw Error("block " + std::to_string(b));
          },
          [&](std::size_t, std::size_t) { ++joined; });
      BOOST_FAIL("no exception");
    } catch (const Error& e) {
      BOOST_TEST(std::string(e.what()) == "block 10");
    }
    BOOST_TEST(joined == 2u);            // [0,4) and [4,8); not the failing wave
    BOOST_TEST(highest.load() < 12u);    // no block of a later wave started
  }
  // after_wave's own failure ends the waves too.
  std::size_t ran = 0;
  try {
    for_each_block_in_waves(
        0, 40, 2, 4, [&](std::size_t) {},
        [&](std::size_t first, std::size_t) {
          ++ran;
          if (first == 4) throw Error("join failed");
        });
    BOOST_FAIL("no exception");
  } catch (const Error& e) {
    BOOST_TEST(std::string(e.what()) == "join failed");
  }
  BOOST_TEST(ran == 2u);
}

BOOST_AUTO_TEST_SUITE_END()  // thread_determinism_test
