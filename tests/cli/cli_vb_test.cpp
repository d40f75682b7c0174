// `mixfit run` with algorithm vb: the Dirichlet-process example, the saved posterior, ELBO trace, and MAP-EM.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

BOOST_AUTO_TEST_SUITE(cli_vb_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

const std::string kConfigs = std::string(MIXFIT_SOURCE_DIR) + "/configs/";

double number(const YAML::Node& node) { return node.as<double>(); }

}  // namespace

namespace {

// Drops what depends on the wall clock (trace.csv's seconds column, summary.yaml's seconds line) and output.dir.
std::string without_timing(const std::string& path) {
  std::string result;
  const bool trace = path.ends_with("trace.csv");
  for (const auto& line : split_lines(read_text(path))) {
    if (trace) {
      result += line.substr(0, line.rfind(',')) + "\n";
    } else if (!line.starts_with("seconds:") && !line.starts_with("  dir:")) {
      result += line + "\n";
    }
  }
  return result;
}

std::string checkpoint_of(const std::string& run) {
  const fs::path path(run);
  return (path.parent_path() / ("." + path.filename().string() + ".checkpoint") / "checkpoint.yaml").string();
}

}  // namespace


BOOST_AUTO_TEST_CASE(dirichlet_process_keeps_three_of_ten_components) {
  TempDir dir;
  const std::string run = dir.file("run");
  const CommandResult result = run_mixfit({"run", kConfigs + "three_blobs_vb.yaml", "--out", run, "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);

  const YAML::Node summary = YAML::LoadFile(run + "/summary.yaml");
  BOOST_TEST(summary["algorithm"].as<std::string>() == "vb");
  BOOST_TEST(summary["effective_components"].as<int>() == 3);
  BOOST_TEST(summary["converged"].as<bool>());
  BOOST_TEST(!summary["warnings"]);
  BOOST_TEST(std::isfinite(number(summary["elbo"])));
  // The bound is below the log-likelihood of the point estimates' own data fit.
  BOOST_TEST(number(summary["elbo"]) < number(summary["log_likelihood"]));

  // trace.csv: an elbo column that never decreases; its last value is the final bound's predecessor.
  const auto trace = split_lines(read_text(run + "/trace.csv"));
  BOOST_TEST(trace.front() == "iteration,elbo,delta,seconds");
  BOOST_TEST(trace.size() == summary["n_iter"].as<std::size_t>() + 1);
  for (std::size_t t = 2; t < trace.size(); ++t) {
    const std::string delta = trace[t].substr(0, trace[t].rfind(','));
    BOOST_TEST(std::stod(delta.substr(delta.rfind(',') + 1)) >= -1e-9 * 1e4, trace[t]);
  }

  // model.yaml: the names tests and tools rely on.
  const YAML::Node model = YAML::LoadFile(run + "/model.yaml");
  BOOST_TEST(model["weights"].size() == 10u);
  BOOST_TEST(model["weight_concentration"].size() == 2u);  // [alphas, betas]
  BOOST_TEST(model["weight_concentration"][0].size() == 10u);
  BOOST_TEST(model["weight_prior"]["type"].as<std::string>() == "dirichlet_process");
  double total = 0.0;
  for (const auto& w : model["weights"]) total += w.as<double>();
  BOOST_TEST(total == 1.0, boost::test_tools::tolerance(1e-12));
  for (const auto& component : model["components"]) {
    for (const char* key : {"mean", "covariance", "mean_precision", "degrees_of_freedom"})
      BOOST_TEST(static_cast<bool>(component[key]), key);
  }

  // labels.csv uses 3 distinct components.
  std::set<std::string> used;
  for (const auto& line : split_lines(read_text(run + "/labels.csv"))) used.insert(line.substr(0, line.find(',')));
  BOOST_TEST(used.size() == 4u);  // header + 3 labels

  // The saved model predicts, scores and samples like any other.
  const CommandResult predicted = run_mixfit({"predict", "--model", run + "/model.yaml", kConfigs + "data/three_blobs.csv",
                                              "--out", dir.file("predictions.csv")});
  BOOST_TEST(predicted.exit_code == 0, predicted.err);
  const CommandResult sampled =
      run_mixfit({"sample", "--model", run + "/model.yaml", "-n", "100", "--out", dir.file("samples.csv")});
  BOOST_TEST(sampled.exit_code == 0, sampled.err);
}

BOOST_AUTO_TEST_CASE(same_seed_same_bits_and_finite_dirichlet_weights) {
  TempDir dir;
  const std::vector<std::string> finite = {"--set", "model.weights.prior=dirichlet_distribution", "--set",
                                           "model.components=4", "--quiet"};
  std::vector<std::string> a = {"run", kConfigs + "three_blobs_vb.yaml", "--out", dir.file("a")};
  std::vector<std::string> b = {"run", kConfigs + "three_blobs_vb.yaml", "--out", dir.file("b")};
  a.insert(a.end(), finite.begin(), finite.end());
  b.insert(b.end(), finite.begin(), finite.end());
  BOOST_TEST_REQUIRE(run_mixfit(a).exit_code == 0);
  BOOST_TEST_REQUIRE(run_mixfit(b).exit_code == 0);
  BOOST_TEST(read_text(dir.file("a") + "/model.yaml") == read_text(dir.file("b") + "/model.yaml"));
  BOOST_TEST(read_text(dir.file("a") + "/responsibilities.csv") == read_text(dir.file("b") + "/responsibilities.csv"));
  const YAML::Node model = YAML::LoadFile(dir.file("a") + "/model.yaml");
  BOOST_TEST(model["weight_concentration"].size() == 4u);  // one list of K α_k
  BOOST_TEST(model["weight_prior"]["type"].as<std::string>() == "dirichlet_distribution");
}

BOOST_AUTO_TEST_CASE(map_em_uses_the_prior_and_vb_needs_a_variational_family) {
  TempDir dir;
  const CommandResult map = run_mixfit({"run", kConfigs + "quickstart.yaml", "--out", dir.file("map"), "--quiet",
                                        "--set", "model.options.prior={degrees_of_freedom: 5}", "--set",
                                        "model.weights={prior: dirichlet_distribution, concentration: 2}"});
  BOOST_TEST_REQUIRE(map.exit_code == 0, map.err);
  const YAML::Node config = YAML::LoadFile(dir.file("map") + "/config.yaml");
  BOOST_TEST(config["model"]["options"]["prior"]["degrees_of_freedom"].as<double>() == 5.0);
  const CommandResult ml = run_mixfit({"run", kConfigs + "quickstart.yaml", "--out", dir.file("ml"), "--quiet"});
  BOOST_TEST_REQUIRE(ml.exit_code == 0, ml.err);
  // The prior moves the estimates (the means shrink towards the data mean).
  BOOST_TEST(read_text(dir.file("map") + "/model.yaml") != read_text(dir.file("ml") + "/model.yaml"));

  const CommandResult bad = run_mixfit({"run", kConfigs + "quickstart.yaml", "--out", dir.file("bad"), "--set",
                                        "model.weights.prior=dirichlet_process"});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.err.find("model.weights.prior") != std::string::npos, bad.err);
  BOOST_TEST(bad.err.find("inference.algorithm: vb") != std::string::npos, bad.err);
  BOOST_TEST(!fs::exists(dir.file("bad")));
}

BOOST_AUTO_TEST_CASE(vb_killed_and_resumed_ends_bit_identical) {
  TempDir dir;
  const std::string experiment = std::string(MIXFIT_SOURCE_DIR) + "/configs/three_blobs_vb.yaml";
  const std::vector<std::string> settings = {"--quiet", "--set", "inference.tol=0", "--set", "inference.max_iter=1500",
                                             "--set", "output.checkpoint_every=3"};
  std::vector<std::string> whole = {"run", experiment, "--out", dir.file("whole")};
  whole.insert(whole.end(), settings.begin(), settings.end());
  BOOST_TEST_REQUIRE(run_mixfit(whole).exit_code == 0);

  std::vector<std::string> killed = {"run", experiment, "--out", dir.file("killed")};
  killed.insert(killed.end(), settings.begin(), settings.end());
  {
    const int pid = start_mixfit(killed);
    bool reached = false;
    for (int i = 0; i < 60000 && !reached; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      reached = fs::exists(checkpoint_of(dir.file("killed")));
    }
    BOOST_TEST_REQUIRE(reached);
    BOOST_TEST_REQUIRE(kill_process(pid), "the run finished before it could be killed");
  }
  const CommandResult resumed = run_mixfit({"run", "--resume", dir.file("killed"), "--quiet"});
  BOOST_TEST_REQUIRE(resumed.exit_code == 0, resumed.err);
  for (const char* name : {"model.yaml", "labels.csv", "responsibilities.csv", "trace.csv", "summary.yaml"})
    BOOST_TEST(without_timing(dir.file("whole") + "/" + name) == without_timing(dir.file("killed") + "/" + name), name);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_vb_test
