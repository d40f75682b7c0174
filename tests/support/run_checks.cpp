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

}  // namespace mixfit::testing
