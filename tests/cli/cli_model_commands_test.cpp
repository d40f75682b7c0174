// predict, score and sample on a fitted model, and describe.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <sstream>

BOOST_AUTO_TEST_SUITE(cli_model_commands_test)

using namespace mixfit::testing;

namespace {

const std::string kQuickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";
const std::string kData = std::string(MIXFIT_SOURCE_DIR) + "/configs/data/three_blobs.csv";


struct FittedRun {
  TempDir dir;
  std::string model;
  FittedRun() {
    const CommandResult result = run_mixfit({"run", kQuickstart, "--out", dir.file("run"), "--quiet"});
    if (result.exit_code != 0) throw std::runtime_error(result.err);
    model = dir.file("run/model.yaml");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(model_commands, FittedRun)

BOOST_AUTO_TEST_CASE(predict_matches_the_run_outputs) {
  const CommandResult result = run_mixfit({"predict", "--model", model, kData, "--out", dir.file("p.csv")});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto predicted = split_lines(read_text(dir.file("p.csv")));
  BOOST_TEST(predicted.front() == "label,uncertainty,r0,r1,r2");
  const auto labels = split_lines(read_text(dir.file("run/labels.csv")));
  const auto responsibilities = split_lines(read_text(dir.file("run/responsibilities.csv")));
  BOOST_REQUIRE_EQUAL(predicted.size(), labels.size());
  for (std::size_t i = 1; i < predicted.size(); ++i)
    BOOST_TEST(predicted[i] == labels[i] + "," + responsibilities[i]);
  // Without --out the table goes to stdout.
  const CommandResult to_stdout = run_mixfit({"predict", "--model", model, kData});
  BOOST_TEST(to_stdout.out == read_text(dir.file("p.csv")));
}

BOOST_AUTO_TEST_CASE(score_total_equals_the_run_log_likelihood) {
  const CommandResult result = run_mixfit({"score", "--model", model, kData, "--out", dir.file("s.csv")});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node printed = YAML::Load(result.out);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(printed["total_log_likelihood"].as<std::string>() == summary["log_likelihood"].as<std::string>());
  const auto rows = split_lines(read_text(dir.file("s.csv")));
  BOOST_TEST(rows.front() == "log_density");
  BOOST_TEST(rows.size() == 3001u);
  double total = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) total += std::stod(rows[i]);
  BOOST_TEST(total == printed["total_log_likelihood"].as<double>(), boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(sample_is_reproducible_and_labelled) {
  const std::vector<std::string> args{"sample", "--model", model, "-n", "10000", "--seed", "1", "--out"};
  auto a = args, b = args, c = args;
  a.push_back(dir.file("a.csv"));
  b.push_back(dir.file("b.csv"));
  c.push_back(dir.file("c.csv"));
  c[6] = "2";
  BOOST_TEST_REQUIRE(run_mixfit(a).exit_code == 0);
  BOOST_TEST_REQUIRE(run_mixfit(b).exit_code == 0);
  BOOST_TEST_REQUIRE(run_mixfit(c).exit_code == 0);
  BOOST_TEST(read_text(dir.file("a.csv")) == read_text(dir.file("b.csv")));
  BOOST_TEST(read_text(dir.file("a.csv")) != read_text(dir.file("c.csv")));
  const auto rows = split_lines(read_text(dir.file("a.csv")));
  BOOST_TEST(rows.front() == "x,y,component");
  BOOST_TEST(rows.size() == 10001u);
  // Component frequencies follow the fitted weights (5 standard errors).
  const YAML::Node fitted = YAML::LoadFile(model);
  std::vector<double> counts(3, 0.0);
  for (std::size_t i = 1; i < rows.size(); ++i) counts.at(std::stoi(rows[i].substr(rows[i].rfind(',') + 1))) += 1;
  for (std::size_t k = 0; k < 3; ++k) {
    const double w = fitted["weights"][k].as<double>();
    BOOST_TEST(std::abs(counts[k] / 10000 - w) < 5 * std::sqrt(w * (1 - w) / 10000));
  }
}

BOOST_AUTO_TEST_CASE(predict_refuses_data_without_the_model_columns) {
  write_text(dir.file("other.csv"), "a,b\n1,2\n");
  const CommandResult result = run_mixfit({"predict", "--model", model, dir.file("other.csv")});
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.err.find("other.csv") != std::string::npos);
  BOOST_TEST(result.err.find("'x'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(damaged_model_file_is_refused_with_its_location) {
  std::string text = read_text(model);
  text.replace(text.find("components:"), 11, "componnts:");
  write_text(dir.file("bad.yaml"), text);
  const CommandResult result = run_mixfit({"score", "--model", dir.file("bad.yaml"), kData});
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.err.find("bad.yaml") != std::string::npos);
  BOOST_TEST(result.err.find("components") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(describe_lists_families_and_options) {
  const CommandResult families = run_mixfit({"describe"});
  BOOST_TEST(families.exit_code == 0);
  BOOST_TEST(families.out.find("gaussian") != std::string::npos);
  const CommandResult gaussian = run_mixfit({"describe", "gaussian"});
  BOOST_TEST(gaussian.exit_code == 0);
  BOOST_TEST(gaussian.out.find("reg_covar") != std::string::npos);
  BOOST_TEST(gaussian.out.find("spherical") != std::string::npos);
  const CommandResult experiment = run_mixfit({"describe", "experiment"});
  BOOST_TEST(experiment.out.find("max_iter") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_model_commands_test
