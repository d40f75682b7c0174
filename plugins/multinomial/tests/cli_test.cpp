// The multinomial family end to end: bags of counts drawn from three components come back by EM (every
// probability and weight within five standard errors), VB with a Dirichlet-process prior on K = 10 keeps three,
// predict reproduces labels.csv and score the log-likelihood.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/run_checks.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(multinomial_cli_test)

using namespace mixfit::testing;
namespace tt = boost::test_tools;

namespace {

const char* kGenerating = R"(format: mixfit-model/1
family: multinomial
options: {eps: 1.0e-10}
columns: [w1, w2, w3, w4]
types: [real, real, real, real]
weights: [0.5, 0.3, 0.2]
components:
  - {probabilities: [0.7, 0.1, 0.1, 0.1], mean_total: 30}
  - {probabilities: [0.1, 0.6, 0.2, 0.1], mean_total: 30}
  - {probabilities: [0.05, 0.05, 0.3, 0.6], mean_total: 30}
)";
const std::vector<std::vector<double>> kProbabilities = {
    {0.7, 0.1, 0.1, 0.1}, {0.1, 0.6, 0.2, 0.1}, {0.05, 0.05, 0.3, 0.6}};
const std::vector<double> kWeights = {0.5, 0.3, 0.2};
const std::size_t kRows = 4000;

std::string experiment(const std::string& model, const std::string& inference, const std::string& out) {
  return "experiment: {name: multinomial, seed: 2}\ndata: {path: data.csv, columns: [w1, w2, w3, w4]}\nmodel: " +
         model + "\ninference: " + inference + "\noutput: {dir: " + out + "}\n";
}

std::size_t nearest(const YAML::Node& probabilities) {
  std::size_t best = 0;
  double distance = HUGE_VAL;
  for (std::size_t t = 0; t < 3; ++t) {
    double d = 0.0;
    for (std::size_t i = 0; i < 4; ++i) d += std::pow(probabilities[i].as<double>() - kProbabilities[t][i], 2);
    if (d < distance) distance = d, best = t;
  }
  return best;
}

}  // namespace

BOOST_AUTO_TEST_CASE(em_and_vb_recover_the_components) {
  TempDir dir;
  write_text(dir.file("generating.yaml"), kGenerating);
  const CommandResult sampled = run_mixfit({"sample", "--model", dir.file("generating.yaml"), "-n",
                                            std::to_string(kRows), "--seed", "4", "--out", dir.file("data.csv")});
  BOOST_TEST_REQUIRE(sampled.exit_code == 0, sampled.err);

  write_text(dir.file("em.yaml"), experiment("{components: 3, family: multinomial}",
                                             "{max_iter: 500, tol: 1.0e-10, n_init: 4}", "em"));
  const CommandResult run = run_mixfit({"run", dir.file("em.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node model = YAML::LoadFile(dir.file("em/model.yaml"));
  std::vector<bool> seen(3, false);
  for (std::size_t k = 0; k < 3; ++k) {
    const YAML::Node p = model["components"][k]["probabilities"];
    const std::size_t t = nearest(p);
    BOOST_TEST_REQUIRE(!seen[t]);
    seen[t] = true;
    const double w = kWeights[t], n = kRows * w;
    BOOST_TEST(std::abs(model["weights"][k].as<double>() - w) <= 5 * std::sqrt(w * (1 - w) / kRows));
    for (std::size_t i = 0; i < 4; ++i) {
      const double pi = kProbabilities[t][i];
      BOOST_TEST(std::abs(p[i].as<double>() - pi) <= 5 * std::sqrt(pi * (1 - pi) / (30 * n)));  // 30 n draws
    }
    BOOST_TEST(model["components"][k]["mean_total"].as<double>() == 30.0, tt::tolerance(1e-13));  // every row has 30
  }
  check_predict_and_score_reproduce_the_run(dir.file("em"), dir.file("data.csv"));

  write_text(dir.file("vb.yaml"),
             experiment("{components: 10, family: multinomial, weights: {prior: dirichlet_process}}",
                        "{algorithm: vb, max_iter: 1000, tol: 1.0e-8, n_init: 2}", "vb"));
  const CommandResult vb = run_mixfit({"run", dir.file("vb.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(vb.exit_code == 0, vb.err);
  BOOST_TEST(YAML::LoadFile(dir.file("vb/summary.yaml"))["effective_components"].as<int>() == 3);
}

BOOST_AUTO_TEST_SUITE_END()
