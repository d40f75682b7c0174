// Results do not depend on the thread count: statistics passes on 1, 2 and 7 threads give the same bits.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/parallel/for_each_block.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

#include <atomic>
#include <stdexcept>

BOOST_AUTO_TEST_SUITE(thread_determinism_test)

using namespace mixfit;
using namespace mixfit::testing;

BOOST_AUTO_TEST_CASE(em_gives_identical_bits_on_any_number_of_threads) {
  const FamilyRegistry registry = build_tree_registry();
  const Dataset data = three_blobs();
  std::vector<MixtureModel> fitted;
  std::vector<arma::mat> responsibilities;
  for (std::size_t threads : {1, 2, 7}) {
    MixtureModel model = make_gaussian_model(registry, 5, {"x", "y"}, "full", 1e-6);
    const BlockPlan plan{data.num_rows(), 37, threads};  // many uneven blocks
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
  const BlockPlan plan{1000, 7, 4};
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

BOOST_AUTO_TEST_SUITE_END()  // thread_determinism_test
