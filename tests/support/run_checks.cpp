// Checks of a finished run: predict and score against what the run wrote.
#include "support/run_checks.hpp"

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <boost/test/unit_test.hpp>
#include <yaml-cpp/yaml.h>

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
  for (std::size_t i = 1; i < labels.size(); ++i)  // after the header: label, then the responsibilities
    BOOST_TEST_REQUIRE(predictions[i].substr(0, predictions[i].find(',')) == labels[i], "row " << i);

  const CommandResult scored = run_mixfit({"score", "--model", model, "--data", data, "--out", run_dir + "/scores.csv"});
  BOOST_TEST_REQUIRE(scored.exit_code == 0, scored.err);
  double total = 0.0;
  const std::vector<std::string> rows = split_lines(read_text(run_dir + "/scores.csv"));
  for (std::size_t i = 1; i < rows.size(); ++i) total += std::stod(rows[i].substr(rows[i].rfind(',') + 1));
  const double fitted = YAML::LoadFile(run_dir + "/summary.yaml")["log_likelihood"].as<double>();
  BOOST_TEST(total == fitted, boost::test_tools::tolerance(1e-12));
}

}  // namespace mixfit::testing
