// inference.algorithm: sem (Celeux & Diebolt 1985): labels drawn from the responsibilities, the most likely model kept.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_stochastic_em_test)

using namespace mixfit::testing;

namespace {

const std::string kQuickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";

std::vector<double> trace_objectives(const std::string& run) {
  std::vector<double> values;
  const std::vector<std::string> lines = split_lines(read_text(run + "/trace.csv"));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t first = lines[i].find(',') + 1;
    values.push_back(std::stod(lines[i].substr(first, lines[i].find(',', first) - first)));
  }
  return values;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sem_runs_every_iteration_and_keeps_the_most_likely_model) {
  TempDir dir;
  const std::vector<std::string> sem{"--set", "inference.algorithm=sem", "--set", "inference.max_iter=40",
                                     "--set", "inference.tol=0.5"};
  std::vector<std::string> args{"run", kQuickstart, "--out", dir.file("sem"), "--quiet"};
  args.insert(args.end(), sem.begin(), sem.end());
  const CommandResult result = run_mixfit(args);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const std::vector<double> trace = trace_objectives(dir.file("sem"));
  BOOST_TEST(trace.size() == 40u);  // a chain does not converge: tol is not a stopping rule for sem
  const YAML::Node summary = YAML::LoadFile(dir.file("sem/summary.yaml"));
  BOOST_TEST(!summary["converged"].as<bool>());
  // The saved model is at least as likely as every model the chain visited (the trace's log-likelihoods).
  const double saved = summary["mean_log_likelihood"].as<double>();
  const double best_visited = *std::max_element(trace.begin(), trace.end());
  BOOST_TEST(saved >= best_visited - 1e-12 * std::abs(best_visited));
  // The draws moved the chain: its log-likelihood is not constant.
  BOOST_TEST(*std::min_element(trace.begin(), trace.end()) < best_visited - 1e-6);

  // On the well-separated blobs the best model SEM visits is close to EM's optimum.
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", dir.file("em"), "--quiet", "--set", "inference.tol=0",
                                 "--set", "inference.max_iter=200"})
                         .exit_code == 0);
  const double em = YAML::LoadFile(dir.file("em/summary.yaml"))["mean_log_likelihood"].as<double>();
  BOOST_TEST(saved <= em + 1e-9 * std::abs(em));
  BOOST_TEST(saved >= em - 1e-2 * std::abs(em), saved << " against EM's " << em);

  // The same seed draws the same chain.
  args[3] = dir.file("again");
  BOOST_TEST_REQUIRE(run_mixfit(args).exit_code == 0);
  for (const char* file : {"model.yaml", "labels.csv", "responsibilities.csv"})
    BOOST_TEST(read_text(dir.file("sem/") + file) == read_text(dir.file("again/") + file), file);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_stochastic_em_test
