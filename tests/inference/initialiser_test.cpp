// Every initialisation rule gives a usable, reproducible start; bad init files fail with located messages.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/io/model_io.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

BOOST_AUTO_TEST_SUITE(initialiser_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

bool message_contains(const std::exception& e, const std::string& text) {
  return std::string(e.what()).find(text) != std::string::npos;
}

struct Setup {
  FamilyRegistry registry = build_tree_registry();
  Dataset data = three_blobs();
  BlockPlan plan{data.num_rows(), 4096};
  MixtureModel fresh() { return make_gaussian_model(registry, 3, data.column_names(), "full", 1e-6); }
};

std::string model_text(const MixtureModel& model) { return model_to_yaml(model); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(initialisation, Setup)

BOOST_AUTO_TEST_CASE(every_random_rule_is_reproducible_and_fits) {
  for (const std::string method : {"kmeans++", "kmeans", "random", "random_from_data"}) {
    BOOST_TEST_CONTEXT("method " << method) {
      InitConfig init{method, "", {}};
      MixtureModel a = fresh(), b = fresh(), c = fresh();
      RandomStream sa = derive_stream(3, "restart", 0), sb = derive_stream(3, "restart", 0),
                   sc = derive_stream(3, "restart", 1);
      initialise(a, data, plan, init, "test.yaml", sa);
      initialise(b, data, plan, init, "test.yaml", sb);
      initialise(c, data, plan, init, "test.yaml", sc);
      BOOST_TEST(a.family().has_parameters());
      BOOST_TEST(model_text(a) == model_text(b));
      if (method != "kmeans") BOOST_TEST(model_text(a) != model_text(c));
      EmOptions options;
      options.max_iter = 300;
      const FitReport report = expectation_maximization(a, data, plan, options);
      BOOST_TEST(report.converged);
      BOOST_TEST(std::isfinite(report.trace.back().objective));
    }
  }
}

BOOST_AUTO_TEST_CASE(kmeans_init_separates_the_blobs) {
  MixtureModel model = fresh();
  RandomStream stream = derive_stream(0, "restart", 0);
  initialise(model, data, plan, {"kmeans", "", {}}, "test.yaml", stream);
  const arma::vec w = arma::sort(model.mixing().weights());
  // Each blob holds 1000 of the 3000 rows.
  for (double weight : w) BOOST_TEST(std::abs(weight - 1.0 / 3.0) < 0.02);
}

BOOST_AUTO_TEST_CASE(responsibilities_file_starts_with_an_m_step) {
  TempDir dir;
  std::string text = "r0,r1,r2\n";
  for (std::size_t n = 0; n < data.num_rows(); ++n) text += n < 1000 ? "1,0,0\n" : (n < 2000 ? "0,1,0\n" : "0,0,1\n");
  write_text(dir.file("r.csv"), text);
  MixtureModel model = fresh();
  RandomStream stream = derive_stream(0, "restart", 0);
  initialise(model, data, plan, {"responsibilities", dir.file("r.csv"), {}}, "test.yaml", stream);
  const arma::vec w = model.mixing().weights();
  for (double weight : w) BOOST_TEST(std::abs(weight - 1.0 / 3.0) < 1e-12);
}

BOOST_AUTO_TEST_CASE(responsibilities_rows_must_sum_to_one) {
  TempDir dir;
  std::string text = "r0,r1,r2\n";
  for (std::size_t n = 0; n < data.num_rows(); ++n) text += n == 41 ? "0.5,0.2,0.2\n" : "1,0,0\n";
  write_text(dir.file("r.csv"), text);
  MixtureModel model = fresh();
  RandomStream stream = derive_stream(0, "restart", 0);
  try {
    initialise(model, data, plan, {"responsibilities", dir.file("r.csv"), {}}, "test.yaml", stream);
    BOOST_FAIL("expected an error");
  } catch (const DataError& e) {
    BOOST_TEST(message_contains(e, "r.csv:43:"));
    BOOST_TEST(message_contains(e, "sum to 1"));
  }
}

BOOST_AUTO_TEST_CASE(responsibilities_of_the_wrong_shape_are_refused) {
  TempDir dir;
  write_text(dir.file("r.csv"), "r0,r1\n0.5,0.5\n");
  MixtureModel model = fresh();
  RandomStream stream = derive_stream(0, "restart", 0);
  try {
    initialise(model, data, plan, {"responsibilities", dir.file("r.csv"), {}}, "test.yaml", stream);
    BOOST_FAIL("expected an error");
  } catch (const DataError& e) {
    BOOST_TEST(message_contains(e, "3000×3"));
  }
}

BOOST_AUTO_TEST_CASE(given_file_from_another_family_is_refused) {
  TempDir dir;
  write_text(dir.file("init.yaml"), "family: bernoulli\nweights: [0.5, 0.5]\ncomponents: []\n");
  MixtureModel model = fresh();
  RandomStream stream = derive_stream(0, "restart", 0);
  try {
    initialise(model, data, plan, {"given", dir.file("init.yaml"), {}}, "test.yaml", stream);
    BOOST_FAIL("expected an error");
  } catch (const ConfigError& e) {
    BOOST_TEST(message_contains(e, "init.yaml:1:"));
    BOOST_TEST(message_contains(e, "bernoulli"));
  }
}

BOOST_AUTO_TEST_CASE(given_model_round_trips_through_a_model_file) {
  MixtureModel fitted = fresh();
  RandomStream stream = derive_stream(0, "restart", 0);
  initialise(fitted, data, plan, {"kmeans++", "", {}}, "test.yaml", stream);
  TempDir dir;
  write_text(dir.file("model.yaml"), model_to_yaml(fitted));
  MixtureModel again = fresh();
  initialise(again, data, plan, {"given", dir.file("model.yaml"), {}}, "test.yaml", stream);
  BOOST_TEST(model_text(again) == model_text(fitted));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // initialiser_test
