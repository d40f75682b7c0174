// The von_mises family end to end: angles drawn from three components come back by EM (directions and
// concentrations within five standard errors), predict and score agree with the run, and an angle outside
// [−π, 2π] is a located error.
#include <boost/test/unit_test.hpp>

#include "von_mises_math.hpp"

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/run_checks.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(von_mises_cli_test)

using namespace mixfit::testing;
namespace tt = boost::test_tools;

namespace {

const char* kGenerating = R"(format: mixfit-model/1
family: von_mises
options: {max_concentration: 1000000.0}
columns: [wind, hour]
types: [real, real]
weights: [0.4, 0.35, 0.25]
components:
  - {mean_direction: [0, 2], concentration: [8, 4]}
  - {mean_direction: [2.5, -1], concentration: [5, 10]}
  - {mean_direction: [-2, 0.5], concentration: [12, 6]}
)";
const std::vector<std::vector<double>> kDirections = {{0, 2}, {2.5, -1}, {-2, 0.5}};
const std::vector<std::vector<double>> kConcentrations = {{8, 4}, {5, 10}, {12, 6}};
const std::vector<double> kWeights = {0.4, 0.35, 0.25};
const std::size_t kRows = 5000;

double angle_between(double a, double b) { return std::abs(std::remainder(a - b, 2 * std::numbers::pi)); }

}  // namespace

BOOST_AUTO_TEST_CASE(em_recovers_directions_and_concentrations) {
  TempDir dir;
  write_text(dir.file("generating.yaml"), kGenerating);
  const CommandResult sampled = run_mixfit({"sample", "--model", dir.file("generating.yaml"), "-n",
                                            std::to_string(kRows), "--seed", "6", "--out", dir.file("data.csv")});
  BOOST_TEST_REQUIRE(sampled.exit_code == 0, sampled.err);
  write_text(dir.file("em.yaml"), "experiment: {name: angles, seed: 3}\ndata: {path: data.csv, columns: [wind, hour]}\n"
                                   "model: {components: 3, family: von_mises}\n"
                                   "inference: {max_iter: 500, tol: 1.0e-10, n_init: 4}\noutput: {dir: em}\n");
  const CommandResult run = run_mixfit({"run", dir.file("em.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node model = YAML::LoadFile(dir.file("em/model.yaml"));
  std::vector<bool> seen(3, false);
  for (std::size_t k = 0; k < 3; ++k) {
    const YAML::Node mu = model["components"][k]["mean_direction"];
    std::size_t t = 0;
    double best = HUGE_VAL;
    for (std::size_t s = 0; s < 3; ++s) {
      const double d = angle_between(mu[0].as<double>(), kDirections[s][0]) + angle_between(mu[1].as<double>(), kDirections[s][1]);
      if (d < best) best = d, t = s;
    }
    BOOST_TEST_REQUIRE(!seen[t]);
    seen[t] = true;
    const double n = kRows * kWeights[t];
    BOOST_TEST(std::abs(model["weights"][k].as<double>() - kWeights[t]) <=
               5 * std::sqrt(kWeights[t] * (1 - kWeights[t]) / kRows));
    for (std::size_t d = 0; d < 2; ++d) {
      const double kappa = kConcentrations[t][d], a = mixfit::von_mises::mean_resultant_length(kappa);
      // Fisher information per row: κ A(κ) for μ, A'(κ) = 1 − A² − A/κ for κ.
      BOOST_TEST(angle_between(mu[d].as<double>(), kDirections[t][d]) <= 5 / std::sqrt(n * kappa * a));
      const double fitted = model["components"][k]["concentration"][d].as<double>();
      BOOST_TEST(std::abs(fitted - kappa) <= 5 / std::sqrt(n * (1 - a * a - a / kappa)), fitted << " vs " << kappa);
    }
  }
  check_predict_and_score_reproduce_the_run(dir.file("em"), dir.file("data.csv"));

  write_text(dir.file("data.csv"), "wind,hour\n0.5,1\n7.5,0\n1,1\n2,2\n-1,0.5\n");
  const CommandResult bad = run_mixfit({"run", dir.file("em.yaml"), "--quiet", "--out", dir.file("bad")});
  BOOST_TEST(bad.exit_code != 0);
  BOOST_TEST(bad.err.find("data.csv:3: data row 2: column 'wind': expected an angle in radians") != std::string::npos,
             bad.err);
}

BOOST_AUTO_TEST_SUITE_END()
