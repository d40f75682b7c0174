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
const GeneratingRates kTruth{{0.5, 0.3, 0.2}, {{1.0, 12.0}, {8.0, 2.0}, {20.0, 20.0}}};

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

struct Drawn {
  TempDir dir;
  Drawn() { sample_data(dir.path(), kGeneratingModel, kRows, 13); }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(em_recovers_every_rate_and_weight_and_predict_and_score_agree, Drawn) {
  write_text(dir.file("em.yaml"), experiment("{components: 3, family: poisson}",
                                             "{max_iter: 500, tol: 1.0e-10, n_init: 5}", "em"));
  const CommandResult run = run_mixfit({"run", dir.file("em.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  // A rate's standard error: sqrt(λ/(N w)) (complete-data information).
  check_rates_recovered(dir.file("em/model.yaml"), kTruth, kRows,
                        [](double rate, double rows) { return std::sqrt(rate / rows); });
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
