// Checks of a finished run: predict and score against what the run wrote.
#include "support/run_checks.hpp"

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

namespace mixfit::testing {

void check_predict_and_score_reproduce_the_run(const std::string& run_dir, const std::string& data) {
  const std::string model = run_dir + "/model.yaml";
  const CommandResult predicted = run_mixfit({"predict", "--model", model, "--data", data, "--out", run_dir + "/predicted.csv"});
  BOOST_TEST_REQUIRE(predicted.exit_code == 0, predicted.err);
  const std::vector<std::string> labels = split_lines(read_text(run_dir + "/labels.csv"));
  const std::vector<std::string> predictions = split_lines(read_text(run_dir + "/predicted.csv"));
  BOOST_TEST_REQUIRE(predictions.size() == labels.size());
  // After the header: the label as labels.csv has it, and the uncertainty to 1e-12 (the run's last pass and
  // predict's may differ in the last bits of a log-density, so in the last bits of a responsibility).
  for (std::size_t i = 1; i < labels.size(); ++i) {
    const std::size_t label_end = labels[i].find(',');
    BOOST_TEST_REQUIRE(predictions[i].rfind(labels[i].substr(0, label_end + 1), 0) == 0u, "row " << i);
    const double fitted = std::stod(labels[i].substr(label_end + 1));
    const double predicted = std::stod(predictions[i].substr(label_end + 1));
    BOOST_TEST_REQUIRE(std::abs(fitted - predicted) <= 1e-12, "row " << i << ": " << fitted << " " << predicted);
  }

  const CommandResult scored = run_mixfit({"score", "--model", model, "--data", data, "--out", run_dir + "/scores.csv"});
  BOOST_TEST_REQUIRE(scored.exit_code == 0, scored.err);
  double total = 0.0;
  const std::vector<std::string> rows = split_lines(read_text(run_dir + "/scores.csv"));
  for (std::size_t i = 1; i < rows.size(); ++i) total += std::stod(rows[i].substr(rows[i].rfind(',') + 1));
  const double fitted = YAML::LoadFile(run_dir + "/summary.yaml")["log_likelihood"].as<double>();
  BOOST_TEST(total == fitted, boost::test_tools::tolerance(1e-12));
}

void sample_data(const std::string& dir, const std::string& generating_model, std::size_t rows, int seed) {
  write_text(dir + "/generating.yaml", generating_model);
  const CommandResult sampled = run_mixfit({"sample", "--model", dir + "/generating.yaml", "-n", std::to_string(rows),
                                            "--seed", std::to_string(seed), "--out", dir + "/data.csv"});
  BOOST_TEST_REQUIRE(sampled.exit_code == 0, sampled.err);
}

std::size_t nearest_truth(const GeneratingRates& truth, const std::vector<double>& rates) {
  std::size_t best = 0;
  double best_distance = HUGE_VAL;
  for (std::size_t t = 0; t < truth.rates.size(); ++t) {
    double distance = 0.0;
    for (std::size_t d = 0; d < rates.size(); ++d) distance += std::pow(std::log(rates[d] / truth.rates[t][d]), 2);
    if (distance < best_distance) best_distance = distance, best = t;
  }
  return best;
}

void check_rates_recovered(const std::string& model_file, const GeneratingRates& truth, std::size_t rows,
                           const std::function<double(double rate, double rows)>& standard_error) {
  const YAML::Node model = YAML::LoadFile(model_file);
  const std::size_t k_count = truth.weights.size();
  BOOST_TEST_REQUIRE(model["components"].size() == k_count);
  std::vector<bool> seen(k_count, false);
  for (std::size_t k = 0; k < k_count; ++k) {
    const std::vector<double> rates = model["components"][k]["rates"].as<std::vector<double>>();
    const std::size_t t = nearest_truth(truth, rates);
    BOOST_TEST_REQUIRE(!seen[t], "two fitted components match true component " << t);
    seen[t] = true;
    const double w = truth.weights[t], n = static_cast<double>(rows);
    BOOST_TEST(std::abs(model["weights"][k].as<double>() - w) <= 5 * std::sqrt(w * (1 - w) / n), "weight " << k);
    for (std::size_t d = 0; d < rates.size(); ++d)
      BOOST_TEST(std::abs(rates[d] - truth.rates[t][d]) <= 5 * standard_error(truth.rates[t][d], n * w),
                 "component " << k << " column " << d << ": " << rates[d] << " vs " << truth.rates[t][d]);
  }
}

}  // namespace mixfit::testing
