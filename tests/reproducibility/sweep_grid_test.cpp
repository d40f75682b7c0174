// Sweep grids: point order, names, and located errors.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/experiment/sweep_grid.hpp"

BOOST_AUTO_TEST_SUITE(sweep_grid_test)

using namespace mixfit;

namespace {

SweepPlan expand(const std::string& text) { return expand_sweep(YAML::Load(text), {"exp.yaml", "sweep"}); }

std::string error_of(const std::string& text) {
  try {
    expand(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(cartesian_product_with_the_last_key_fastest) {
  const SweepPlan plan = expand("grid: {model.components: [1, 2, 3], model.options.covariance: [full, diag]}\n"
                                "select: aic\n");
  BOOST_TEST(plan.select == "aic");
  BOOST_TEST_REQUIRE(plan.points.size() == 6u);
  BOOST_TEST(plan.points[0].name == "components=1,covariance=full");
  BOOST_TEST(plan.points[1].name == "components=1,covariance=diag");
  BOOST_TEST(plan.points[5].name == "components=3,covariance=diag");
  BOOST_TEST(plan.points[3].assignments[0].first == "model.components");
  BOOST_TEST(plan.points[3].assignments[0].second.as<int>() == 2);
  BOOST_TEST(plan.points[3].index == 3u);
  BOOST_TEST(describe_point(plan, plan.points[3]) == "4/6 components=2 covariance=diag");
  BOOST_TEST(expand("grid: {experiment.seed: [1]}").select == "bic");
}

BOOST_AUTO_TEST_CASE(names_are_unique_and_filesystem_safe) {
  const SweepPlan shared = expand("grid: {a.k: [1], b.k: [2]}");
  BOOST_TEST(shared.points[0].name == "a.k=1,b.k=2");
  const SweepPlan unsafe = expand("grid: {data.path: [a/b.csv, a b.csv, a_b.csv]}");
  BOOST_TEST(unsafe.points[0].name == "path=a_b.csv");
  BOOST_TEST(unsafe.points[1].name == "1-path=a_b.csv");
  BOOST_TEST(unsafe.points[2].name == "2-path=a_b.csv");
}

BOOST_AUTO_TEST_CASE(errors_name_the_place_and_the_problem) {
  BOOST_TEST(error_of("[1, 2]").find("exp.yaml:1:1: sweep: expected a mapping") != std::string::npos);
  BOOST_TEST(error_of("grid: {a: [1]}\nselct: bic").find("sweep.selct: unknown key 'selct'") != std::string::npos);
  BOOST_TEST(error_of("grid: {a: [1]}\nselct: bic").find("did you mean 'select'") != std::string::npos);
  BOOST_TEST(error_of("select: bic").find("sweep.grid: required key missing") != std::string::npos);
  BOOST_TEST(error_of("grid: {}").find("expected a non-empty mapping") != std::string::npos);
  BOOST_TEST(error_of("grid: {model.components: []}").find("exp.yaml:1:26: sweep.grid.model.components: expected a "
                                                           "non-empty list") != std::string::npos);
  BOOST_TEST(error_of("grid: {model.components: 3}").find("expected a non-empty list") != std::string::npos);
  BOOST_TEST(error_of("grid: {model.components: [[1, 2]]}").find("sweep.grid.model.components[0]: expected a single") !=
             std::string::npos);
  BOOST_TEST(error_of("grid: {output.dir: [a, b]}").find("cannot be swept") != std::string::npos);
  BOOST_TEST(error_of("grid: {experiment.name: [a, b]}").find("cannot be swept") != std::string::npos);
  BOOST_TEST(error_of("grid: {model..components: [1]}").find("expected a dotted key") != std::string::npos);
  BOOST_TEST(error_of("grid: {a: [1]}\nselect: bi").find("did you mean 'bic'") != std::string::npos);
  const std::string hundred = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]";
  BOOST_TEST(error_of("grid: {a: " + hundred + ", b: " + hundred + ", c: " + hundred + "}").find("more than 10000") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()  // sweep_grid_test
