// The student_t family end to end: with ν → ∞ it is the Gaussian fit (1e-8), and data drawn from three t
// components come back by EM, with predict and score agreeing with the run.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/run_checks.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(student_t_cli_test)

using namespace mixfit::testing;
namespace tt = boost::test_tools;

namespace {

const char* kGenerating = R"(format: mixfit-model/1
family: student_t
options: {covariance: full, degrees_of_freedom: estimate}
columns: [x, y]
types: [real, real]
weights: [0.5, 0.3, 0.2]
components:
  - {mean: [0, 0], scale: [[1, 0.4], [0.4, 1]], degrees_of_freedom: 3}
  - {mean: [8, 1], scale: [[0.5, 0], [0, 2]], degrees_of_freedom: 6}
  - {mean: [3, 9], scale: [[2, -0.5], [-0.5, 1]], degrees_of_freedom: 15}
)";
const std::vector<std::vector<double>> kMeans = {{0, 0}, {8, 1}, {3, 9}};
const std::vector<double> kWeights = {0.5, 0.3, 0.2};
const std::vector<double> kDegrees = {3, 6, 15};
const std::size_t kRows = 6000;

std::string experiment(const std::string& model, const std::string& out) {
  return "experiment: {name: student_t, seed: 8}\ndata: {path: data.csv, columns: [x, y]}\nmodel: " + model +
         "\ninference: {max_iter: 1000, tol: 0, n_init: 2}\noutput: {dir: " + out + "}\n";
}

struct Drawn {
  TempDir dir;
  Drawn() { sample_data(dir.path(), kGenerating, kRows, 21); }
  YAML::Node fit(const std::string& model, const std::string& out) {
    write_text(dir.file(out + ".yaml"), experiment(model, out));
    const CommandResult run = run_mixfit({"run", dir.file(out + ".yaml"), "--quiet"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
    return YAML::LoadFile(dir.file(out + "/model.yaml"));
  }
};

}  // namespace

// u = (ν + D)/(ν + δ) → 1 and the normaliser's excess → 0: the same EM, start and numbers as the Gaussian's.
BOOST_FIXTURE_TEST_CASE(with_infinite_degrees_of_freedom_it_is_the_gaussian_fit, Drawn) {
  const YAML::Node t = fit("{components: 3, family: student_t, options: {degrees_of_freedom: 1.0e15}}", "t");
  const YAML::Node gaussian = fit("{components: 3, family: gaussian}", "gaussian");
  // Both runs keep the best of two restarts, which reach the same optimum in two orders of the components; which
  // one wins is decided in the last bits, so each t component is compared with the Gaussian one nearest to it.
  std::vector<bool> matched(3, false);
  for (std::size_t k = 0; k < 3; ++k) {
    const auto mean = [](const YAML::Node& model, std::size_t c) {
      return std::vector<double>{model["components"][c]["mean"][0].as<double>(),
                                 model["components"][c]["mean"][1].as<double>()};
    };
    std::size_t g = 0;
    for (std::size_t c = 1; c < 3; ++c)
      if (std::hypot(mean(t, k)[0] - mean(gaussian, c)[0], mean(t, k)[1] - mean(gaussian, c)[1]) <
          std::hypot(mean(t, k)[0] - mean(gaussian, g)[0], mean(t, k)[1] - mean(gaussian, g)[1]))
        g = c;
    BOOST_TEST_REQUIRE(!matched[g], "two t components match Gaussian component " << g);
    matched[g] = true;
    for (std::size_t i = 0; i < 2; ++i) {
      BOOST_TEST(mean(t, k)[i] == mean(gaussian, g)[i], tt::tolerance(1e-8));
      for (std::size_t j = 0; j < 2; ++j)
        BOOST_TEST(t["components"][k]["scale"][i][j].as<double>() ==
                       gaussian["components"][g]["covariance"][i][j].as<double>(),
                   tt::tolerance(1e-8));
    }
  }
  const double t_fit = YAML::LoadFile(dir.file("t/summary.yaml"))["log_likelihood"].as<double>();
  const double g_fit = YAML::LoadFile(dir.file("gaussian/summary.yaml"))["log_likelihood"].as<double>();
  BOOST_TEST(t_fit == g_fit, tt::tolerance(1e-8));
}

BOOST_FIXTURE_TEST_CASE(em_recovers_means_weights_and_degrees_and_predict_and_score_agree, Drawn) {
  const YAML::Node model = fit("{components: 3, family: student_t}", "em");
  std::vector<bool> seen(3, false);
  for (std::size_t k = 0; k < 3; ++k) {
    const YAML::Node component = model["components"][k];
    std::size_t t = 0;  // the true component with the nearest mean
    double best = HUGE_VAL;
    for (std::size_t s = 0; s < 3; ++s) {
      const double dx = component["mean"][0].as<double>() - kMeans[s][0], dy = component["mean"][1].as<double>() - kMeans[s][1];
      if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, t = s;
    }
    BOOST_TEST_REQUIRE(!seen[t]);
    seen[t] = true;
    const double n = kRows * kWeights[t];
    BOOST_TEST(std::abs(model["weights"][k].as<double>() - kWeights[t]) <=
               5 * std::sqrt(kWeights[t] * (1 - kWeights[t]) / kRows));
    // The location's standard error under a t: sqrt(Σ_dd (ν + D + 2)/((ν + D) n)) (its Fisher information).
    const double nu = kDegrees[t];
    const YAML::Node generating = YAML::Load(kGenerating)["components"][t]["scale"];
    for (std::size_t d = 0; d < 2; ++d) {
      const double error = std::sqrt(generating[d][d].as<double>() * (nu + 4) / ((nu + 2) * n));
      BOOST_TEST(std::abs(component["mean"][d].as<double>() - kMeans[t][d]) <= 5 * error);
    }
    // ν's information is small (and falls as ν grows): within a factor of two of the truth.
    const double fitted_nu = component["degrees_of_freedom"].as<double>();
    BOOST_TEST((fitted_nu > 0.5 * nu && fitted_nu < 2 * nu), "ν " << fitted_nu << " for " << nu);
  }

  check_predict_and_score_reproduce_the_run(dir.file("em"), dir.file("data.csv"));
}

BOOST_AUTO_TEST_SUITE_END()
