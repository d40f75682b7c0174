// Bad input: a clear message naming file and key/row/column, exit code 1, and no run directory left behind.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <filesystem>

BOOST_AUTO_TEST_SUITE(cli_bad_input_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

const char* kGoodData = "x,y\n0,0\n0.1,0.2\n5,5\n5.2,4.9\n-3,2\n-3.1,2.2\n";

const char* kGoodExperiment = R"(experiment: {name: bad, seed: 1}
data: {path: data.csv, columns: [x, y]}
model:
  components: 2
  family: gaussian
  options: {covariance: full}
inference:
  max_iter: 10
output: {dir: out}
)";

// Writes the experiment (and data) into a fresh folder, runs it, and checks
// the exit code, that every `expected` fragment is in the message, and that
// no run directory (or staging folder) was left behind.
void expect_failure(const std::string& experiment, const std::string& data, const std::vector<std::string>& expected,
                    const std::vector<std::string>& extra_args = {}) {
  TempDir dir;
  write_text(dir.file("experiment.yaml"), experiment);
  write_text(dir.file("data.csv"), data);
  std::vector<std::string> args{"run", dir.file("experiment.yaml")};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const CommandResult result = run_mixfit(args);
  BOOST_TEST(result.exit_code == 1);
  for (const auto& fragment : expected)
    BOOST_TEST(result.err.find(fragment) != std::string::npos, "expected '" << fragment << "' in: " << result.err);
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    (void)entry;
    ++entries;
  }
  BOOST_TEST(entries == 2u, "the failed run left files behind");
  BOOST_TEST(!fs::exists(dir.file("out")));
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_good_experiment_runs) {
  TempDir dir;
  write_text(dir.file("experiment.yaml"), kGoodExperiment);
  write_text(dir.file("data.csv"), kGoodData);
  const CommandResult result = run_mixfit({"run", dir.file("experiment.yaml"), "--quiet"});
  BOOST_TEST(result.exit_code == 0, result.err);
  BOOST_TEST(fs::exists(dir.file("out/model.yaml")));
}

BOOST_AUTO_TEST_CASE(unknown_key_suggests_the_right_one) {
  expect_failure(replace(kGoodExperiment, "max_iter: 10", "max_itr: 10"), kGoodData,
                 {"experiment.yaml:8:", "inference.max_itr", "did you mean 'max_iter'"});
}

BOOST_AUTO_TEST_CASE(wrong_type_names_key_and_value) {
  expect_failure(replace(kGoodExperiment, "max_iter: 10", "max_iter: ten"), kGoodData,
                 {"experiment.yaml:8:", "inference.max_iter", "ten"});
}

BOOST_AUTO_TEST_CASE(wrong_type_from_the_command_line) {
  expect_failure(kGoodExperiment, kGoodData, {"experiment.yaml", "inference.tol", "command line"},
                 {"--set", "inference.tol=-1"});
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error_has_a_line) {
  expect_failure(replace(kGoodExperiment, "max_iter: 10", "max_iter: [10"), kGoodData,
                 {"experiment.yaml:", "YAML syntax error"});
}

BOOST_AUTO_TEST_CASE(missing_data_file) {
  expect_failure(replace(kGoodExperiment, "path: data.csv", "path: nowhere.csv"), kGoodData, {"nowhere.csv"});
}

BOOST_AUTO_TEST_CASE(non_numeric_cell_names_line_and_column) {
  expect_failure(kGoodExperiment, "x,y\n0,0\n0.1,zero\n5,5\n-3,2\n", {"data.csv:3", "'y'", "zero"});
}

BOOST_AUTO_TEST_CASE(nan_in_the_data) {
  expect_failure(kGoodExperiment, "x,y\n0,0\nnan,1\n5,5\n-3,2\n", {"data.csv:3", "'x'", "NaN"});
}

BOOST_AUTO_TEST_CASE(missing_column) {
  expect_failure(replace(kGoodExperiment, "columns: [x, y]", "columns: [x, z]"), kGoodData, {"data.csv", "'z'"});
}

BOOST_AUTO_TEST_CASE(more_components_than_rows) {
  expect_failure(replace(kGoodExperiment, "components: 2", "components: 7"), kGoodData,
                 {"experiment.yaml", "model.components", "7", "6 rows"});
}

BOOST_AUTO_TEST_CASE(non_positive_components) {
  expect_failure(replace(kGoodExperiment, "components: 2", "components: 0"), kGoodData,
                 {"experiment.yaml:4:", "model.components"});
}

BOOST_AUTO_TEST_CASE(unknown_family_lists_what_was_found) {
  expect_failure(replace(kGoodExperiment, "family: gaussian", "family: gausian"), kGoodData,
                 {"experiment.yaml", "model.family", "unknown family 'gausian'", "did you mean 'gaussian'",
                  "libmixfit_gaussian.so"});
}

BOOST_AUTO_TEST_CASE(unknown_covariance_type) {
  expect_failure(replace(kGoodExperiment, "covariance: full", "covariance: fulll"), kGoodData,
                 {"experiment.yaml:6:", "model.options.covariance", "fulll", "full, diag, spherical, tied"});
}

BOOST_AUTO_TEST_CASE(unknown_family_option) {
  expect_failure(replace(kGoodExperiment, "covariance: full", "reg_cov: 0.1"), kGoodData,
                 {"experiment.yaml:6:", "model.options.reg_cov", "did you mean 'reg_covar'"});
}

BOOST_AUTO_TEST_CASE(missing_experiment_file) {
  const CommandResult result = run_mixfit({"run", "/nonexistent/experiment.yaml"});
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.err.find("/nonexistent/experiment.yaml") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_with_2) {
  BOOST_TEST(run_mixfit({"frobnicate"}).exit_code == 2);
  BOOST_TEST(run_mixfit({"run"}).exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_bad_input_test
