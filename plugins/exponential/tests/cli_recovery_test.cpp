// The exponential family end to end through the mixfit executable: data drawn from known rates (mixfit sample)
// are fitted back by EM (every rate and weight within five standard errors) and by VB with a Dirichlet-process
// prior on K = 10 (three effective components); predict reproduces labels.csv, score the log-likelihood.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/run_checks.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(exponential_cli_recovery_test)

using namespace mixfit::testing;
namespace tt = boost::test_tools;

namespace {

const std::size_t kRows = 6000;
const GeneratingRates kTruth{{0.5, 0.3, 0.2}, {{0.2, 10.0}, {10.0, 0.2}, {10.0, 10.0}}};

const char* kGeneratingModel = R"(format: mixfit-model/1
family: exponential
options: {min_rate: 1.0e-10}
columns: [wait, service]
types: [real, real]
weights: [0.5, 0.3, 0.2]
components:
  - rates: [0.2, 10]
  - rates: [10, 0.2]
  - rates: [10, 10]
)";

std::string experiment(const std::string& model, const std::string& inference, const std::string& out) {
  return "experiment: {name: exponential_recovery, seed: 4}\n"
         "data: {path: data.csv, columns: [wait, service]}\n"
         "model: " + model + "\n"
         "inference: " + inference + "\n"
         "output: {dir: " + out + "}\n";
}

struct Drawn {
  TempDir dir;
  Drawn() { sample_data(dir.path(), kGeneratingModel, kRows, 11); }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(em_recovers_every_rate_and_weight_and_predict_and_score_agree, Drawn) {
  write_text(dir.file("em.yaml"), experiment("{components: 3, family: exponential}",
                                             "{max_iter: 500, tol: 1.0e-10, n_init: 5}", "em"));
  const CommandResult run = run_mixfit({"run", dir.file("em.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  // A rate's standard error: λ/sqrt(N w) (complete-data information).
  check_rates_recovered(dir.file("em/model.yaml"), kTruth, kRows,
                        [](double rate, double rows) { return rate / std::sqrt(rows); });

  check_predict_and_score_reproduce_the_run(dir.file("em"), dir.file("data.csv"));
}

BOOST_FIXTURE_TEST_CASE(vb_with_a_dirichlet_process_on_ten_components_finds_three, Drawn) {
  write_text(dir.file("vb.yaml"),
             experiment("{components: 10, family: exponential, weights: {prior: dirichlet_process}}",
                        "{algorithm: vb, max_iter: 1000, tol: 1.0e-8, n_init: 2}", "vb"));
  const CommandResult run = run_mixfit({"run", dir.file("vb.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("vb/summary.yaml"));
  BOOST_TEST(summary["effective_components"].as<int>() == 3);
  // The saved posterior loads back: sample from the VB model and refit by EM.
  const CommandResult resampled = run_mixfit({"sample", "--model", dir.file("vb/model.yaml"), "-n", "3000", "--seed",
                                              "5", "--out", dir.file("data.csv")});
  BOOST_TEST_REQUIRE(resampled.exit_code == 0, resampled.err);
  write_text(dir.file("refit.yaml"), experiment("{components: 3, family: exponential}",
                                                "{max_iter: 500, tol: 1.0e-10, n_init: 3}", "refit"));
  const CommandResult refit = run_mixfit({"run", dir.file("refit.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(refit.exit_code == 0, refit.err);
  const YAML::Node model = YAML::LoadFile(dir.file("refit/model.yaml"));
  std::vector<bool> seen(3, false);
  for (std::size_t k = 0; k < 3; ++k)
    seen[nearest_truth(kTruth, model["components"][k]["rates"].as<std::vector<double>>())] = true;
  BOOST_TEST((seen[0] && seen[1] && seen[2]));
}

// A negative waiting time is found once, where the data are read, by line and column; no run directory is left.
BOOST_AUTO_TEST_CASE(a_negative_cell_is_a_located_error_for_run_and_predict) {
  TempDir dir;
  write_text(dir.file("data.csv"), "wait,service\n0.5,1.0\n2.0,-0.25\n1.0,3.0\n");
  write_text(dir.file("bad.yaml"), experiment("{components: 1, family: exponential}", "{max_iter: 10}", "bad"));
  const CommandResult run = run_mixfit({"run", dir.file("bad.yaml"), "--quiet"});
  BOOST_TEST(run.exit_code != 0);
  BOOST_TEST(run.err.find("data.csv:3: data row 2: column 'service': expected a number >= 0 for the exponential "
                          "family, got -0.25") != std::string::npos,
             run.err);
  BOOST_TEST(!std::filesystem::exists(dir.file("bad")));

  write_text(dir.file("model.yaml"), kGeneratingModel);
  const CommandResult predicted = run_mixfit({"predict", "--model", dir.file("model.yaml"), "--data",
                                              dir.file("data.csv")});
  BOOST_TEST(predicted.exit_code != 0);
  BOOST_TEST(predicted.err.find("data.csv:3: data row 2: column 'service': expected a number >= 0") !=
                 std::string::npos,
             predicted.err);
}

// As one part of a product: the rates come back next to a Gaussian part, and the domain check reaches the part's
// column (and only it: the Gaussian column may be negative).
BOOST_AUTO_TEST_CASE(a_part_of_a_product) {
  TempDir dir;
  std::ostringstream csv;
  csv.precision(17);
  csv << "height,wait\n";
  boost::random::mt19937_64 stream(5);
  for (int i = 0; i < 2000; ++i) {
    const bool second = i % 2 == 1;
    csv << boost::random::normal_distribution<double>(second ? 6.0 : -1.0, 1.0)(stream) << ","
        << boost::random::exponential_distribution<double>(second ? 8.0 : 0.5)(stream) << "\n";
  }
  write_text(dir.file("mixed.csv"), csv.str());
  const std::string model =
      "{components: 2, family: product, parts: [{family: gaussian, columns: [height], options: {covariance: diag}}, "
      "{family: exponential, columns: [wait]}]}";
  const std::string body = "experiment: {name: product_part, seed: 3}\ndata: {path: mixed.csv}\nmodel: " + model +
                           "\ninference: {max_iter: 300, tol: 1.0e-10, n_init: 2}\noutput: {dir: out}\n";
  write_text(dir.file("product.yaml"), body);
  const CommandResult run = run_mixfit({"run", dir.file("product.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node fitted = YAML::LoadFile(dir.file("out/model.yaml"));
  std::vector<double> rates;
  for (std::size_t k = 0; k < 2; ++k) rates.push_back(fitted["components"][k]["parts"][1]["rates"][0].as<double>());
  std::sort(rates.begin(), rates.end());
  BOOST_TEST(std::abs(rates[0] - 0.5) <= 5 * 0.5 / std::sqrt(1000.0));  // λ/sqrt(N_k)
  BOOST_TEST(std::abs(rates[1] - 8.0) <= 5 * 8.0 / std::sqrt(1000.0));

  write_text(dir.file("mixed.csv"), "height,wait\n-1.5,0.25\n2.0,-3\n");
  const CommandResult bad = run_mixfit({"run", dir.file("product.yaml"), "--quiet", "--out", dir.file("bad")});
  BOOST_TEST(bad.exit_code != 0);
  BOOST_TEST(bad.err.find("mixed.csv:3: data row 2: column 'wait': expected a number >= 0 for the product family") !=
                 std::string::npos,
             bad.err);
}

BOOST_AUTO_TEST_SUITE_END()
