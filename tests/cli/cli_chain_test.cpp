// inference.chain: stages run in order, each from the previous stage's model; one trace across them.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_chain_test)

using namespace mixfit::testing;

namespace {

const std::string kQuickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";

/// trace.csv's lines split at commas, header first.
std::vector<std::vector<std::string>> trace_cells(const std::string& run) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : split_lines(read_text(run + "/trace.csv"))) {
    std::vector<std::string> cells;
    std::size_t start = 0, comma;
    while ((comma = line.find(',', start)) != std::string::npos) {
      cells.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    cells.push_back(line.substr(start));
    rows.push_back(cells);
  }
  return rows;
}

CommandResult run(const TempDir& dir, const std::string& name, const std::vector<std::string>& settings) {
  std::vector<std::string> args{"run", kQuickstart, "--out", dir.file(name), "--quiet"};
  for (const std::string& setting : settings) {
    args.push_back("--set");
    args.push_back(setting);
  }
  return run_mixfit(args);
}

}  // namespace

// EM for 7 iterations, then EM again from that model for 13, is EM for 20: the same bits.
BOOST_AUTO_TEST_CASE(each_stage_starts_from_the_previous_stages_model) {
  TempDir dir;
  const CommandResult plain_run =
      run(dir, "plain", {"inference.tol=0", "inference.max_iter=20", "model.components=4"});
  BOOST_TEST_REQUIRE(plain_run.exit_code == 0, plain_run.err);
  const CommandResult chained =
      run(dir, "chain",
          {"model.components=4", "inference.chain=[{algorithm: em, max_iter: 7, tol: 0}, "
                                 "{algorithm: em, max_iter: 13, tol: 0}]"});
  BOOST_TEST_REQUIRE(chained.exit_code == 0, chained.err);
  BOOST_TEST(read_text(dir.file("plain/model.yaml")) == read_text(dir.file("chain/model.yaml")));
  BOOST_TEST(read_text(dir.file("plain/labels.csv")) == read_text(dir.file("chain/labels.csv")));
  const auto plain = trace_cells(dir.file("plain"));
  const auto chain = trace_cells(dir.file("chain"));
  BOOST_TEST_REQUIRE(chain.size() == 21u);
  BOOST_TEST(chain[0][0] + "," + chain[0][1] + "," + chain[0][4] == "iteration,mean_log_likelihood,stage");
  for (std::size_t i = 1; i <= 20; ++i) {
    BOOST_TEST(chain[i][0] == std::to_string(i));                // iterations numbered across the stages
    BOOST_TEST(chain[i][1] == plain[i][1], "iteration " << i);    // the same log-likelihood, to the bit
    BOOST_TEST(chain[i][4] == (i <= 7 ? "1" : "2"));
  }
  const YAML::Node summary = YAML::LoadFile(dir.file("chain/summary.yaml"));
  BOOST_TEST(summary["algorithm"].as<std::string>() == "chain");
  BOOST_TEST_REQUIRE(summary["stages"].size() == 2u);
  BOOST_TEST(summary["stages"][0]["n_iter"].as<int>() == 7);
  BOOST_TEST(summary["stages"][1]["algorithm"].as<std::string>() == "em");
  BOOST_TEST(summary["n_iter"].as<int>() == 20);
}

// SEM then EM (the usual use of SEM) and CEM then EM: stage keys override inference's, objectives per stage.
BOOST_AUTO_TEST_CASE(stages_of_different_algorithms_report_each_objective) {
  TempDir dir;
  const CommandResult sem_em =
      run(dir, "sem_em", {"inference.max_iter=30", "inference.chain=[{algorithm: sem}, {algorithm: em, tol: 1.0e-9, "
                                                   "max_iter: 300}]"});
  BOOST_TEST_REQUIRE(sem_em.exit_code == 0, sem_em.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("sem_em/summary.yaml"));
  BOOST_TEST(summary["stages"][0]["n_iter"].as<int>() == 30);  // inference.max_iter, as sem runs them all
  BOOST_TEST(summary["stages"][1]["converged"].as<bool>());
  BOOST_TEST(summary["converged"].as<bool>());
  const double em_stage = summary["stages"][1]["mean_log_likelihood"].as<double>();
  BOOST_TEST(std::abs(summary["mean_log_likelihood"].as<double>() - em_stage) < 1e-8 * std::abs(em_stage));

  const CommandResult cem_em =
      run(dir, "cem_em", {"inference.chain=[{algorithm: cem, tol: 1.0e-10}, {algorithm: em, tol: 1.0e-9}]"});
  BOOST_TEST_REQUIRE(cem_em.exit_code == 0, cem_em.err);
  const auto cells = trace_cells(dir.file("cem_em"));
  BOOST_TEST(cells[0][1] == "objective");  // the stages' objectives differ in kind
  const YAML::Node stages = YAML::LoadFile(dir.file("cem_em/summary.yaml"))["stages"];
  BOOST_TEST(stages[0]["mean_classification_log_likelihood"].IsDefined());
  BOOST_TEST(stages[1]["mean_log_likelihood"].IsDefined());
}

// configs/banknote_chain.yaml (SEM then EM) and configs/banknote_sem.yaml run as their comments say.
BOOST_AUTO_TEST_CASE(the_examples_run) {
  TempDir dir;
  const std::string configs = std::string(MIXFIT_SOURCE_DIR) + "/configs/";
  const CommandResult chain =
      run_mixfit({"run", configs + "banknote_chain.yaml", "--out", dir.file("chain"), "--quiet"});
  BOOST_TEST_REQUIRE(chain.exit_code == 0, chain.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("chain/summary.yaml"));
  BOOST_TEST(summary["stages"].size() == 2u);
  BOOST_TEST(summary["stages"][0]["n_iter"].as<int>() == 100);
  BOOST_TEST(summary["converged"].as<bool>());
  const CommandResult plot = run_mixfit({"plot", dir.file("chain"), "--format", "png"});
  BOOST_TEST(plot.exit_code == 0, plot.err);
  const CommandResult sem = run_mixfit({"run", configs + "banknote_sem.yaml", "--out", dir.file("sem"), "--quiet"});
  BOOST_TEST_REQUIRE(sem.exit_code == 0, sem.err);
  BOOST_TEST(split_lines(read_text(dir.file("sem/trace.csv"))).size() == 301u);
}

// init: {method: small_em}: each short run is plain EM from its start, and more runs can only find a likelier one
// (run r draws its start from its own stream, so the first R runs are the same for any larger `runs`).
BOOST_AUTO_TEST_CASE(small_em_keeps_the_most_likely_of_its_short_em_runs) {
  TempDir dir;
  const std::string banknote = std::string(MIXFIT_SOURCE_DIR) + "/configs/banknote_sem.yaml";
  auto fit = [&](const std::string& name, const std::string& init, const std::string& max_iter) {
    const CommandResult result =
        run_mixfit({"run", banknote, "--out", dir.file(name), "--quiet", "--set", "inference.algorithm=em", "--set",
                    "inference.n_init=1", "--set", "inference.tol=0", "--set", "inference.max_iter=" + max_iter,
                    "--set", "inference.init=" + init});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    return std::stod(trace_cells(dir.file(name))[1][1]);  // the start's mean log-likelihood
  };
  // 3 short iterations then 10 of EM is 12 short iterations then 1: the same 13 M-steps, the same bits.
  fit("a", "{method: small_em, runs: 1, iterations: 3}", "10");
  fit("b", "{method: small_em, runs: 1, iterations: 12}", "1");
  BOOST_TEST(read_text(dir.file("a/model.yaml")) == read_text(dir.file("b/model.yaml")));
  double previous = -INFINITY;
  bool improved = false;
  for (const char* runs : {"1", "2", "5", "10", "20"}) {
    const double start = fit(std::string("runs") + runs,
                             std::string("{method: small_em, runs: ") + runs + ", iterations: 2}", "1");
    BOOST_TEST(start >= previous, runs << " runs");
    improved = improved || (previous > -INFINITY && start > previous);
    previous = start;
  }
  BOOST_TEST(improved);  // banknote with K = 3 has starts of different quality
}

// output.trace_parameters follows the chain's numbering: one entry per iteration across the stages.
BOOST_AUTO_TEST_CASE(parameter_traces_number_iterations_across_stages) {
  TempDir dir;
  const CommandResult result =
      run(dir, "traced", {"inference.chain=[{algorithm: sem, max_iter: 6}, {algorithm: em, max_iter: 9, tol: 0}]",
                          "output.trace_parameters=true"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node traced = YAML::LoadFile(dir.file("traced/trace_parameters.yaml"));
  std::vector<std::size_t> iterations;
  for (const YAML::Node& entry : traced["iterations"]) iterations.push_back(entry["iteration"].as<std::size_t>());
  BOOST_TEST_REQUIRE(iterations.size() == 15u);
  for (std::size_t t = 0; t < iterations.size(); ++t) BOOST_TEST(iterations[t] == t + 1);
}

BOOST_AUTO_TEST_CASE(bad_chains_are_located_errors) {
  TempDir dir;
  auto error_of = [&](const std::string& inference) {
    write_text(dir.file("chain.yaml"), "experiment: {name: c}\ndata: {path: " + std::string(MIXFIT_SOURCE_DIR) +
                                           "/configs/data/three_blobs.csv, columns: [x, y]}\n"
                                           "model: {components: 2, family: gaussian}\ninference:\n" + inference);
    const CommandResult result = run_mixfit({"validate", dir.file("chain.yaml")});
    BOOST_TEST(result.exit_code != 0);
    return result.err;
  };
  const std::string at = dir.file("chain.yaml");
  BOOST_TEST(error_of("  chain: sem\n").find(at + ":5:10: inference.chain: expected a list of stages") !=
             std::string::npos);
  BOOST_TEST(error_of("  chain: [{algorithm: sem}, {algoritm: em}]\n")
                 .find(at + ":5:30: inference.chain[1].algoritm: unknown key 'algoritm'; did you mean 'algorithm'?") !=
             std::string::npos);
  BOOST_TEST(error_of("  chain: [{algorithm: kmeans}]\n")
                 .find("inference.chain[0].algorithm: expected one of em, cem, sem, got 'kmeans'") !=
             std::string::npos);
  BOOST_TEST(error_of("  chain: [{max_iter: 0}]\n").find("inference.chain[0].max_iter") != std::string::npos);
  BOOST_TEST(error_of("  init: {method: kmeans++, runs: 3}\n")
                 .find("inference.init: 'runs' belongs to method small_em") != std::string::npos);
  BOOST_TEST(error_of("  algorithm: vb\n  init: {method: small_em}\n")
                 .find("inference.init.method: small_em starts em, cem, sem and chains") != std::string::npos);
  BOOST_TEST(error_of("  algorithm: vb\n  chain: [{algorithm: em}]\n")
                 .find("inference.chain: a chain runs em, cem and sem stages; inference.algorithm is vb") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_chain_test
