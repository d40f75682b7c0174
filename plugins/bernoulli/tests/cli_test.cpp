// End to end through the mixfit executable: run, predict, score and sample a bernoulli model; bad cells fail cleanly.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <sstream>

BOOST_AUTO_TEST_SUITE(cli_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

const char* kExperiment = R"(experiment: {name: bernoulli_cli, seed: 3}
data: {path: data.csv}
model:
  components: 2
  family: bernoulli
  options: {eps: 1.0e-6}
inference: {max_iter: 100, tol: 1.0e-10, n_init: 2}
output: {dir: out}
)";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

/// 40 rows of five binary columns in two clear groups, spelled in every accepted way.
std::string mixed_spelling_csv() {
  const char* ones[] = {"1", "true", "yes", "TRUE", "Yes"};
  const char* zeros[] = {"0", "false", "no", "False", "NO"};
  std::string csv = "a,b,c,d,e\n";
  for (int row = 0; row < 40; ++row) {
    const bool first_group = row % 2 == 0;
    for (int column = 0; column < 5; ++column) {
      // Group 1 is mostly ones in a, b, c; group 2 mostly ones in d, e; every 7th cell flipped.
      bool one = first_group ? column < 3 : column >= 3;
      if ((row * 5 + column) % 7 == 0) one = !one;
      csv += std::string(one ? ones[(row + column) % 5] : zeros[(row + column) % 5]) + (column < 4 ? "," : "\n");
    }
  }
  return csv;
}

struct FittedRun {
  TempDir dir;
  std::string model;
  FittedRun() {
    write_text(dir.file("experiment.yaml"), kExperiment);
    write_text(dir.file("data.csv"), mixed_spelling_csv());
    const CommandResult result = run_mixfit({"run", dir.file("experiment.yaml"), "--quiet"});
    if (result.exit_code != 0) throw std::runtime_error(result.err);
    model = dir.file("out/model.yaml");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(fitted, FittedRun)

BOOST_AUTO_TEST_CASE(run_writes_a_bernoulli_model) {
  const YAML::Node saved = YAML::LoadFile(model);
  BOOST_TEST(saved["family"].as<std::string>() == "bernoulli");
  BOOST_TEST(saved["columns"].as<std::vector<std::string>>() == (std::vector<std::string>{"a", "b", "c", "d", "e"}),
             boost::test_tools::per_element());
  BOOST_TEST(saved["types"].as<std::vector<std::string>>() == std::vector<std::string>(5, "binary"),
             boost::test_tools::per_element());
  BOOST_TEST(saved["options"]["eps"].as<double>() == 1e-6);
  BOOST_TEST_REQUIRE(saved["components"].size() == 2u);
  for (const auto& component : saved["components"]) {
    BOOST_TEST_REQUIRE(component["probabilities"].size() == 5u);
    for (const auto& p : component["probabilities"]) {
      BOOST_TEST(p.as<double>() >= 1e-6);
      BOOST_TEST(p.as<double>() <= 1.0 - 1e-6);
    }
  }
  // The two groups are found: one component has a > 0.5 > d, the other the reverse.
  const double a0 = saved["components"][0]["probabilities"][0].as<double>();
  const double a1 = saved["components"][1]["probabilities"][0].as<double>();
  BOOST_TEST(std::abs(a0 - a1) > 0.5);
  BOOST_TEST((a0 < 49.0 / 138.0 || a1 < 49.0 / 138.0));
  // K·D probabilities plus K − 1 weights.
  const YAML::Node summary = YAML::LoadFile(dir.file("out/summary.yaml"));
  BOOST_TEST(summary["n_parameters"].as<int>() == 11);
  BOOST_TEST(summary["bic"].as<double>() == -2 * summary["log_likelihood"].as<double>() + 11 * std::log(40.0),
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(predict_matches_the_run_outputs) {
  const CommandResult result = run_mixfit({"predict", "--model", model, dir.file("data.csv"), "--out", dir.file("p.csv")});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto predicted = lines(read_text(dir.file("p.csv")));
  BOOST_TEST(predicted.front() == "label,uncertainty,r0,r1");
  const auto labels = lines(read_text(dir.file("out/labels.csv")));
  const auto responsibilities = lines(read_text(dir.file("out/responsibilities.csv")));
  BOOST_REQUIRE_EQUAL(predicted.size(), 41u);
  BOOST_REQUIRE_EQUAL(labels.size(), 41u);
  for (std::size_t i = 1; i < predicted.size(); ++i) BOOST_TEST(predicted[i] == labels[i] + "," + responsibilities[i]);
}

BOOST_AUTO_TEST_CASE(score_total_equals_the_run_log_likelihood) {
  const CommandResult result = run_mixfit({"score", "--model", model, dir.file("data.csv"), "--out", dir.file("s.csv")});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node printed = YAML::Load(result.out);
  const YAML::Node summary = YAML::LoadFile(dir.file("out/summary.yaml"));
  BOOST_TEST(printed["total_log_likelihood"].as<std::string>() == summary["log_likelihood"].as<std::string>());
  const auto rows = lines(read_text(dir.file("s.csv")));
  BOOST_TEST(rows.front() == "log_density");
  BOOST_TEST(rows.size() == 41u);
  for (std::size_t i = 1; i < rows.size(); ++i) BOOST_TEST(std::stod(rows[i]) < 0.0);
}

BOOST_AUTO_TEST_CASE(sample_writes_zero_one_cells_reproducibly) {
  const std::vector<std::string> args{"sample", "--model", model, "-n", "2000", "--seed", "1", "--out"};
  auto a = args, b = args;
  a.push_back(dir.file("a.csv"));
  b.push_back(dir.file("b.csv"));
  BOOST_TEST_REQUIRE(run_mixfit(a).exit_code == 0);
  BOOST_TEST_REQUIRE(run_mixfit(b).exit_code == 0);
  BOOST_TEST(read_text(dir.file("a.csv")) == read_text(dir.file("b.csv")));
  const auto rows = lines(read_text(dir.file("a.csv")));
  BOOST_TEST(rows.front() == "a,b,c,d,e,component");
  BOOST_TEST_REQUIRE(rows.size() == 2001u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::istringstream cells(rows[i]);
    std::string cell;
    for (int column = 0; column < 5 && std::getline(cells, cell, ','); ++column)
      BOOST_TEST((cell == "0" || cell == "1"), "row " << i << ": " << rows[i]);
  }
  // The sample reads back as data for the same model.
  const CommandResult rescored = run_mixfit({"score", "--model", model, dir.file("a.csv")});
  BOOST_TEST(rescored.exit_code == 0, rescored.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_non_binary_cell_fails_naming_file_line_and_column) {
  TempDir dir;
  write_text(dir.file("experiment.yaml"), kExperiment);
  std::string csv = mixed_spelling_csv();
  // Line 5 of the file (row 4), column c: the 13th comma-separated cell after four header-and-row lines.
  auto all = lines(csv);
  std::istringstream row(all[4]);
  std::vector<std::string> cells;
  for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
  cells[2] = "maybe";
  all[4] = cells[0] + "," + cells[1] + "," + cells[2] + "," + cells[3] + "," + cells[4];
  csv.clear();
  for (const auto& line : all) csv += line + "\n";
  write_text(dir.file("data.csv"), csv);

  const CommandResult result = run_mixfit({"run", dir.file("experiment.yaml")});
  BOOST_TEST(result.exit_code == 1);
  for (const std::string& fragment : std::vector<std::string>{dir.file("data.csv") + ":5", "'c'", "maybe"})
    BOOST_TEST(result.err.find(fragment) != std::string::npos, "expected '" << fragment << "' in: " << result.err);
  BOOST_TEST(!fs::exists(dir.file("out")));
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    (void)entry;
    ++entries;
  }
  BOOST_TEST(entries == 2u, "the failed run left files behind");
}

BOOST_AUTO_TEST_CASE(a_prior_makes_the_run_map_and_a_bad_prior_is_located) {
  TempDir dir;
  write_text(dir.file("data.csv"), mixed_spelling_csv());
  // Beta(50, 50) on 40 rows: every MAP estimate (S + 49)/(N_k + 98) lies in [49/138, 89/138],
  // while the maximum-likelihood fit of these two groups goes far outside (see run_writes_a_bernoulli_model).
  std::string experiment = kExperiment;
  experiment.replace(experiment.find("{eps: 1.0e-6}"), 13, "{eps: 1.0e-6, prior: {alpha: 50, beta: 50}}");
  write_text(dir.file("experiment.yaml"), experiment);
  const CommandResult result = run_mixfit({"run", dir.file("experiment.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node saved = YAML::LoadFile(dir.file("out/model.yaml"));
  BOOST_TEST(saved["options"]["prior"]["alpha"].as<double>() == 50.0);
  for (const auto& component : saved["components"])
    for (const auto& p : component["probabilities"]) {
      BOOST_TEST(p.as<double>() >= 49.0 / 138.0);
      BOOST_TEST(p.as<double>() <= 89.0 / 138.0);
    }

  experiment = kExperiment;
  experiment.replace(experiment.find("{eps: 1.0e-6}"), 13, "{prior: {alpha: 0, beta: 2}}");
  TempDir bad_dir;  // a fresh folder: `out` exists in the first one
  write_text(bad_dir.file("data.csv"), mixed_spelling_csv());
  write_text(bad_dir.file("bad.yaml"), experiment);
  const CommandResult bad = run_mixfit({"run", bad_dir.file("bad.yaml")});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.err.find("bad.yaml:6:") != std::string::npos, bad.err);
  BOOST_TEST(bad.err.find("model.options.prior.alpha") != std::string::npos, bad.err);
  BOOST_TEST(!fs::exists(bad_dir.file("out")));
}

BOOST_AUTO_TEST_CASE(a_vb_run_saves_a_posterior_that_predict_and_given_reuse) {
  TempDir dir;
  write_text(dir.file("data.csv"), mixed_spelling_csv());
  std::string experiment = kExperiment;
  experiment.replace(experiment.find("inference: {"), 12, "inference: {algorithm: vb, ");
  experiment.replace(experiment.find("  options:"), 0, "  weights: {prior: dirichlet_distribution, concentration: 1}\n");
  write_text(dir.file("experiment.yaml"), experiment);
  const CommandResult result = run_mixfit({"run", dir.file("experiment.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const std::string model = dir.file("out/model.yaml");
  const YAML::Node saved = YAML::LoadFile(model);
  // No prior configured: VB's Beta(1, 1), recorded with the posterior.
  BOOST_TEST(saved["prior"]["alpha"].as<double>() == 1.0);
  BOOST_TEST(saved["prior"]["beta"].as<double>() == 1.0);
  BOOST_TEST_REQUIRE(saved["components"].size() == 2u);
  double total = 0.0;  // Σ_k (a_kd + b_kd) − 2 = N for every column d
  for (const auto& component : saved["components"]) {
    const YAML::Node concentration = component["concentration"];
    BOOST_TEST_REQUIRE(concentration.size() == 2u);
    BOOST_TEST_REQUIRE(concentration[0].size() == 5u);
    for (std::size_t d = 0; d < 5; ++d) {
      const double a = concentration[0][d].as<double>(), b = concentration[1][d].as<double>();
      BOOST_TEST(component["probabilities"][d].as<double>() == a / (a + b));
      if (d == 0) total += a + b - 2.0;
    }
  }
  BOOST_TEST(total == 40.0, boost::test_tools::tolerance(1e-9));
  const YAML::Node summary = YAML::LoadFile(dir.file("out/summary.yaml"));
  BOOST_TEST(summary["elbo"].as<double>() < 0.0);
  BOOST_TEST(lines(read_text(dir.file("out/trace.csv"))).front().find("elbo") != std::string::npos);

  const CommandResult predicted = run_mixfit({"predict", "--model", model, dir.file("data.csv")});
  BOOST_TEST(predicted.exit_code == 0, predicted.err);
  // A second VB run continues from the saved posterior.
  experiment.replace(experiment.find("n_init: 2}"), 10, "n_init: 1, init: {method: given, file: out/model.yaml}}");
  experiment.replace(experiment.find("dir: out"), 8, "dir: again");
  write_text(dir.file("again.yaml"), experiment);
  const CommandResult again = run_mixfit({"run", dir.file("again.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
  const YAML::Node continued = YAML::LoadFile(dir.file("again/summary.yaml"));
  BOOST_TEST(continued["elbo"].as<double>() >= summary["elbo"].as<double>() - 1e-9 * std::abs(summary["elbo"].as<double>()));
}

BOOST_AUTO_TEST_CASE(the_example_experiment_runs) {
  TempDir dir;
  const CommandResult result =
      run_mixfit({"run", std::string(MIXFIT_SOURCE_DIR) + "/plugins/bernoulli/example.yaml", "--out", dir.file("run"),
                  "--quiet", "--set", "inference.max_iter=3", "--set", "inference.n_init=1"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node saved = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST(saved["family"].as<std::string>() == "bernoulli");
  BOOST_TEST(saved["components"].size() == 10u);
  BOOST_TEST(saved["types"].size() == 64u);
}

BOOST_AUTO_TEST_CASE(describe_lists_the_options) {
  const CommandResult described = run_mixfit({"describe", "bernoulli"});
  BOOST_TEST(described.exit_code == 0, described.err);
  for (const char* key : {"eps", "prior", "alpha", "beta"}) BOOST_TEST(described.out.find(key) != std::string::npos, key);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_test
