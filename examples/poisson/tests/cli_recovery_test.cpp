// The example end to end through the mixfit executable: example.yaml loads this build's plugin with
// `plugins:`, EM and VB recover the generating rates of data/counts.csv, and a bad count is a located error.
#include <boost/test/unit_test.hpp>

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kExample = POISSON_EXAMPLE_DIR;
const fs::path kWork = fs::current_path() / "cli_recovery_runs";

struct Result {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Built with += throughout: GCC 12 warns falsely on "literal" + std::string (-Wrestrict, GCC bug 105329).
std::string quoted(const std::string& text) {  // paths here contain no quote
  std::string result = "'";
  result += text;
  result += "'";
  return result;
}

std::string plugins_override() {
  std::string assignment = "plugins=[";
  assignment += MIXFIT_PLUGIN_FILE;
  assignment += "]";
  return assignment;
}

/// Runs the mixfit executable with `args`; its output is captured through a file.
Result run_mixfit(const std::vector<std::string>& args) {
  fs::create_directories(kWork);
  const fs::path log = kWork / "output.txt";
  std::string command = quoted(MIXFIT_EXECUTABLE);
  for (const std::string& arg : args) {
    command += " ";
    command += quoted(arg);
  }
  command += " > ";
  command += quoted(log.string());
  command += " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

/// D×K rates of a model file.
arma::mat rates_of(const fs::path& model_file) {
  const YAML::Node components = YAML::LoadFile(model_file.string())["components"];
  arma::mat rates(components[0]["rates"].size(), components.size());
  for (std::size_t k = 0; k < components.size(); ++k)
    for (std::size_t d = 0; d < rates.n_rows; ++d) rates(d, k) = components[k]["rates"][d].as<double>();
  return rates;
}

/// How many rows of data/counts.csv each true component drew (its last column, `component`).
arma::vec true_counts(std::size_t num_components) {
  std::ifstream in(kExample / "data" / "counts.csv");
  std::string line;
  std::getline(in, line);  // header
  arma::vec counts(num_components, arma::fill::zeros);
  while (std::getline(in, line)) counts(std::stoul(line.substr(line.rfind(',') + 1))) += 1.0;
  return counts;
}

/// Fits example.yaml with `overrides` and checks every fitted rate against the generating one: within five
/// standard errors sqrt(λ / N_k) of the maximum-likelihood rate, after matching components (labels are arbitrary).
void expect_recovery(const std::string& run_name, const std::vector<std::string>& overrides) {
  const fs::path out = kWork / run_name;
  std::vector<std::string> args = {"run", (kExample / "example.yaml").string(), "--set", plugins_override(),
                                   "--out", out.string(), "--force"};
  for (const std::string& o : overrides) args.insert(args.end(), {"--set", o});
  const Result result = run_mixfit(args);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.output);
  const arma::mat truth = rates_of(kExample / "generating_model.yaml");
  const arma::mat fitted = rates_of(out / "model.yaml");
  BOOST_TEST_REQUIRE(fitted.n_rows == truth.n_rows);
  BOOST_TEST_REQUIRE(fitted.n_cols == truth.n_cols);
  const arma::vec n = true_counts(truth.n_cols);
  // The permutation of fitted components closest to the truth in standard-error units.
  std::vector<std::size_t> order(truth.n_cols), best;
  std::iota(order.begin(), order.end(), 0);
  double best_worst = INFINITY;
  do {
    double worst = 0.0;
    for (std::size_t k = 0; k < truth.n_cols; ++k)
      for (std::size_t d = 0; d < truth.n_rows; ++d)
        worst = std::max(worst, std::abs(fitted(d, order[k]) - truth(d, k)) / std::sqrt(truth(d, k) / n(k)));
    if (worst < best_worst) best_worst = worst, best = order;
  } while (std::next_permutation(order.begin(), order.end()));
  BOOST_TEST_MESSAGE(run_name << ": the worst fitted rate is " << best_worst << " standard errors from its generating rate");
  BOOST_TEST(best_worst <= 5.0, run_name << ": worst rate is " << best_worst << " standard errors off\nfitted:\n"
                                         << fitted << "generating:\n" << truth);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_recovery_test)

BOOST_AUTO_TEST_CASE(em_recovers_the_generating_rates) { expect_recovery("em", {}); }

BOOST_AUTO_TEST_CASE(vb_recovers_the_generating_rates) {
  expect_recovery("vb", {"inference.algorithm=vb"});
  const YAML::Node model = YAML::LoadFile((kWork / "vb" / "model.yaml").string());
  BOOST_TEST(model["components"][0]["gamma_shape"].size() == 3u);  // the posterior is saved
  BOOST_TEST(model["prior"]["rate"].as<double>() == 0.01);         // under the default Gamma(1, 0.01)
}

BOOST_AUTO_TEST_CASE(predict_score_and_sample_load_the_plugin_given_with_plugin) {
  const fs::path out = kWork / "for_predict";
  const Result fit = run_mixfit({"run", (kExample / "example.yaml").string(), "--set", plugins_override(), "--out",
                                 out.string(), "--force", "--quiet"});
  BOOST_TEST_REQUIRE(fit.exit_code == 0, fit.output);
  const std::string model = (out / "model.yaml").string(), data = (kExample / "data" / "counts.csv").string();
  // mixfit has poisson built in (from these same sources); --plugin makes this build's library replace it for the
  // command, and says so.
  const Result listed = run_mixfit({"describe", "--plugin", MIXFIT_PLUGIN_FILE});
  BOOST_TEST(listed.exit_code == 0, listed.output);
  BOOST_TEST(listed.output.find("replaces the built-in") != std::string::npos, listed.output);
  // With it, predict gives the run's own labels.
  const fs::path predictions = kWork / "predictions.csv";
  const Result predicted =
      run_mixfit({"predict", "--model", model, data, "--plugin", MIXFIT_PLUGIN_FILE, "--out", predictions.string()});
  BOOST_TEST_REQUIRE(predicted.exit_code == 0, predicted.output);
  std::ifstream mine(predictions), run_labels(out / "labels.csv");
  std::string predicted_line, label_line;
  std::getline(mine, predicted_line);
  std::getline(run_labels, label_line);
  std::size_t rows = 0;
  while (std::getline(mine, predicted_line) && std::getline(run_labels, label_line)) {
    BOOST_TEST_REQUIRE(predicted_line.substr(0, predicted_line.find(',')) == label_line.substr(0, label_line.find(',')),
                       "row " << rows);
    ++rows;
  }
  BOOST_TEST(rows > 0u);
  const Result scored = run_mixfit({"score", "--model", model, data, "--plugin", MIXFIT_PLUGIN_FILE});
  BOOST_TEST(scored.exit_code == 0, scored.output);
  BOOST_TEST(scored.output.find("total_log_likelihood:") != std::string::npos, scored.output);
  // A folder works too: the plugin's build folder.
  const std::string folder = fs::path(MIXFIT_PLUGIN_FILE).parent_path().string();
  const Result sampled = run_mixfit({"sample", "--model", model, "-n", "5", "--plugin", folder});
  BOOST_TEST(sampled.exit_code == 0, sampled.output);
  BOOST_TEST(std::count(sampled.output.begin(), sampled.output.end(), '\n') == 6, sampled.output);  // header + 5
  const Result described = run_mixfit({"describe", "poisson", "--plugin", MIXFIT_PLUGIN_FILE});
  BOOST_TEST(described.exit_code == 0, described.output);
  BOOST_TEST(described.output.find("min_rate") != std::string::npos, described.output);
}

BOOST_AUTO_TEST_CASE(a_count_that_is_not_an_integer_fails_with_its_row_and_leaves_no_run) {
  fs::create_directories(kWork);
  const fs::path data = kWork / "bad_counts.csv";
  std::ofstream(data) << "visits,calls,emails\n1,2,3\n4,2.5,0\n";
  const fs::path out = kWork / "bad";
  fs::remove_all(out);
  std::string data_override = "data.path=";
  data_override += data.string();
  const Result result = run_mixfit({"run", (kExample / "example.yaml").string(), "--set", plugins_override(),
                                    "--set", data_override, "--set", "model.components=1", "--out", out.string()});
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.output.find("data row 2: column 'calls': expected a count") != std::string::npos,
             result.output);
  BOOST_TEST(!fs::exists(out));
}

BOOST_AUTO_TEST_SUITE_END()
