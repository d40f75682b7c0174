// The built-in poisson family end to end through the mixfit executable: counts drawn from three components
// (mixfit sample) come back by EM (every rate and weight within five standard errors), VB with a Dirichlet-process
// prior on K = 10 keeps three, predict reproduces labels.csv and score the log-likelihood.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/run_checks.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(poisson_cli_test)

using namespace mixfit::testing;

namespace {

const std::size_t kRows = 4000;
const std::vector<double> kWeights = {0.5, 0.3, 0.2};
const std::vector<std::vector<double>> kRates = {{1.0, 12.0}, {8.0, 2.0}, {20.0, 20.0}};

const char* kGeneratingModel = R"(format: mixfit-model/1
family: poisson
options: {min_rate: 1.0e-10}
columns: [visits, calls]
types: [real, real]
weights: [0.5, 0.3, 0.2]
components:
  - rates: [1, 12]
  - rates: [8, 2]
  - rates: [20, 20]
)";

std::string experiment(const std::string& model, const std::string& inference, const std::string& out) {
  return "experiment: {name: poisson_recovery, seed: 6}\ndata: {path: data.csv, columns: [visits, calls]}\nmodel: " +
         model + "\ninference: " + inference + "\noutput: {dir: " + out + "}\n";
}

// The true component whose rates are nearest (relative) to a fitted component's.
std::size_t nearest_truth(const YAML::Node& rates) {
  std::size_t best = 0;
  double best_distance = HUGE_VAL;
  for (std::size_t t = 0; t < kRates.size(); ++t) {
    double distance = 0.0;
    for (std::size_t d = 0; d < 2; ++d) distance += std::pow(std::log(rates[d].as<double>() / kRates[t][d]), 2);
    if (distance < best_distance) best_distance = distance, best = t;
  }
  return best;
}

struct Drawn {
  TempDir dir;
  Drawn() {
    write_text(dir.file("generating.yaml"), kGeneratingModel);
    const CommandResult sampled = run_mixfit({"sample", "--model", dir.file("generating.yaml"), "-n",
                                              std::to_string(kRows), "--seed", "13", "--out", dir.file("data.csv")});
    BOOST_TEST_REQUIRE(sampled.exit_code == 0, sampled.err);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(em_recovers_every_rate_and_weight_and_predict_and_score_agree, Drawn) {
  write_text(dir.file("em.yaml"), experiment("{components: 3, family: poisson}",
                                             "{max_iter: 500, tol: 1.0e-10, n_init: 5}", "em"));
  const CommandResult run = run_mixfit({"run", dir.file("em.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node model = YAML::LoadFile(dir.file("em/model.yaml"));
  std::vector<bool> seen(3, false);
  for (std::size_t k = 0; k < 3; ++k) {
    const YAML::Node rates = model["components"][k]["rates"];
    const std::size_t t = nearest_truth(rates);
    BOOST_TEST_REQUIRE(!seen[t], "two fitted components match true component " << t);
    seen[t] = true;
    // Standard errors: sqrt(w(1 − w)/N) for a weight, sqrt(λ/(N w)) for a rate (complete-data information).
    const double w = kWeights[t];
    BOOST_TEST(std::abs(model["weights"][k].as<double>() - w) <= 5 * std::sqrt(w * (1 - w) / kRows));
    for (std::size_t d = 0; d < 2; ++d)
      BOOST_TEST(std::abs(rates[d].as<double>() - kRates[t][d]) <= 5 * std::sqrt(kRates[t][d] / (kRows * w)),
                 "component " << k << " column " << d << ": " << rates[d].as<double>() << " vs " << kRates[t][d]);
  }
  check_predict_and_score_reproduce_the_run(dir.file("em"), dir.file("data.csv"));
}

BOOST_FIXTURE_TEST_CASE(vb_with_a_dirichlet_process_on_ten_components_finds_three, Drawn) {
  write_text(dir.file("vb.yaml"),
             experiment("{components: 10, family: poisson, weights: {prior: dirichlet_process}}",
                        "{algorithm: vb, max_iter: 1000, tol: 1.0e-8, n_init: 2}", "vb"));
  const CommandResult run = run_mixfit({"run", dir.file("vb.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("vb/summary.yaml"));
  BOOST_TEST(summary["effective_components"].as<int>() == 3);
}

BOOST_AUTO_TEST_SUITE_END()
