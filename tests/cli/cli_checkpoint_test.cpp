// Checkpoints: a run killed with SIGKILL and resumed ends with the bits of the uninterrupted run; --restart i alone.
#include <boost/test/unit_test.hpp>

#include "mixfit/experiment/checkpoint.hpp"
#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <thread>

BOOST_AUTO_TEST_SUITE(cli_checkpoint_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

const std::string kQuickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";

// Drops what depends on the wall clock: trace.csv's seconds column, summary.yaml's seconds line.
std::string without_timing(const std::string& path) {
  if (path.ends_with("trace.csv")) return trace_without_seconds(fs::path(path).parent_path().string());
  std::string result;
  for (const auto& line : split_lines(read_text(path)))
    if (!line.starts_with("seconds:") && !line.starts_with("  dir:")) result += line + "\n";  // output.dir differs by design
  return result;
}

void expect_same_results(const std::string& a, const std::string& b) {
  for (const char* name : {"config.yaml", "model.yaml", "labels.csv", "responsibilities.csv", "trace.csv",
                           "summary.yaml"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST_REQUIRE(fs::exists(b + "/" + name));
      BOOST_TEST(without_timing(a + "/" + name) == without_timing(b + "/" + name));
    }
  }
}

// The hidden checkpoint file of run directory `run`.
std::string checkpoint_of(const std::string& run) {
  const fs::path path(run);
  return (path.parent_path() / ("." + path.filename().string() + ".checkpoint") / "checkpoint.yaml").string();
}

// Starts `args`, waits until its checkpoint is inside restart `restart`, then SIGKILLs it.
void kill_during_restart(const std::vector<std::string>& args, const std::string& run, std::size_t restart) {
  const int pid = start_mixfit(args);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool reached = false;
  while (!reached && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!fs::exists(checkpoint_of(run))) continue;
    try {
      reached = YAML::LoadFile(checkpoint_of(run))["restart"].as<std::size_t>() >= restart;
    } catch (const std::exception&) {
      // Only complete files are ever renamed into place, but be tolerant.
    }
  }
  BOOST_TEST_REQUIRE(reached, "the run never checkpointed restart " << restart);
  BOOST_TEST_REQUIRE(kill_process(pid), "the run finished before it could be killed");
  BOOST_TEST(!fs::exists(run));  // nothing under the final name
}

// Runs quickstart with `settings` whole, and again killed during its second restart and resumed: the same bits.
void expect_resume_bit_identical(const std::vector<std::string>& settings, const std::string& checkpoint_text = "") {
  TempDir dir;
  std::vector<std::string> whole = {"run", kQuickstart, "--out", dir.file("whole")};
  whole.insert(whole.end(), settings.begin(), settings.end());
  BOOST_TEST_REQUIRE(run_mixfit(whole).exit_code == 0);
  BOOST_TEST(!fs::exists(checkpoint_of(dir.file("whole"))));  // removed once the run completed

  std::vector<std::string> killed = {"run", kQuickstart, "--out", dir.file("killed")};
  killed.insert(killed.end(), settings.begin(), settings.end());
  kill_during_restart(killed, dir.file("killed"), 1);
  if (!checkpoint_text.empty())
    BOOST_TEST(read_text(checkpoint_of(dir.file("killed"))).find(checkpoint_text) != std::string::npos);
  const CommandResult resumed = run_mixfit({"run", "--resume", dir.file("killed"), "--quiet"});
  BOOST_TEST_REQUIRE(resumed.exit_code == 0, resumed.err);
  expect_same_results(dir.file("whole"), dir.file("killed"));
  BOOST_TEST(!fs::exists(checkpoint_of(dir.file("killed"))));
}

}  // namespace

BOOST_AUTO_TEST_CASE(em_killed_and_resumed_ends_bit_identical) {
  expect_resume_bit_identical({"--quiet", "--set", "model.components=8", "--set", "inference.tol=0", "--set",
                               "inference.max_iter=400", "--set", "inference.n_init=2", "--set",
                               "output.checkpoint_every=5"});
}

// SEM's checkpoint also keeps the most likely model its chain has visited: resumed, it ends on the same model.
BOOST_AUTO_TEST_CASE(sem_killed_and_resumed_ends_bit_identical) {
  expect_resume_bit_identical({"--quiet", "--set", "model.components=8", "--set", "inference.algorithm=sem", "--set",
                               "inference.max_iter=400", "--set", "inference.n_init=2", "--set",
                               "output.checkpoint_every=5"},
                              "best_visited:");
}

// A chain's checkpoint holds its finished stages and the one in progress: resumed, it ends bit-identical.
BOOST_AUTO_TEST_CASE(chain_killed_and_resumed_ends_bit_identical) {
  expect_resume_bit_identical(
      {"--quiet", "--set", "model.components=8", "--set", "inference.n_init=2", "--set", "output.checkpoint_every=3",
       "--set", "inference.chain=[{algorithm: sem, max_iter: 60}, {algorithm: cem, max_iter: 40}, "
                "{algorithm: em, max_iter: 300, tol: 0}]"},
      "stages:");
}

BOOST_AUTO_TEST_CASE(resume_errors_name_what_is_missing) {
  TempDir dir;
  const CommandResult none = run_mixfit({"run", "--resume", dir.file("never-started")});
  BOOST_TEST(none.exit_code == 1);
  BOOST_TEST(none.err.find("no checkpoint to resume") != std::string::npos, none.err);
  BOOST_TEST(none.err.find(".never-started.checkpoint/checkpoint.yaml") != std::string::npos, none.err);
  const CommandResult both = run_mixfit({"run", kQuickstart, "--resume", dir.file("x")});
  BOOST_TEST(both.exit_code == 2);
  const CommandResult kmeans = run_mixfit({"run", std::string(MIXFIT_SOURCE_DIR) + "/configs/kmeans.yaml", "--out",
                                           dir.file("k"), "--set", "output.checkpoint_every=2"});
  BOOST_TEST(kmeans.exit_code == 1);
  BOOST_TEST(kmeans.err.find("output.checkpoint_every") != std::string::npos, kmeans.err);
}

BOOST_AUTO_TEST_CASE(a_restart_alone_gives_the_bits_it_gives_among_the_others) {
  TempDir dir;
  const std::vector<std::string> settings = {"--quiet", "--set", "inference.n_init=3", "--set",
                                             "inference.init.method=random"};
  std::vector<std::string> all = {"run", kQuickstart, "--out", dir.file("all")};
  all.insert(all.end(), settings.begin(), settings.end());
  BOOST_TEST_REQUIRE(run_mixfit(all).exit_code == 0);
  const YAML::Node summary = YAML::LoadFile(dir.file("all") + "/summary.yaml");
  for (std::size_t restart = 0; restart < 3; ++restart) {
    std::vector<std::string> one = {"run", kQuickstart, "--out", dir.file("r" + std::to_string(restart)), "--restart",
                                    std::to_string(restart)};
    one.insert(one.end(), settings.begin(), settings.end());
    BOOST_TEST_REQUIRE(run_mixfit(one).exit_code == 0);
    const YAML::Node alone = YAML::LoadFile(dir.file("r" + std::to_string(restart)) + "/summary.yaml");
    BOOST_TEST(alone["restarts"].size() == 1u);
    BOOST_TEST(alone["restarts"][0]["seed"].as<std::string>() == summary["restarts"][restart]["seed"].as<std::string>());
    BOOST_TEST(alone["restarts"][0]["log_likelihood"].as<std::string>() ==
               summary["restarts"][restart]["log_likelihood"].as<std::string>());
  }
  // The winning restart alone reproduces the whole run's model.
  const std::string best = std::to_string(summary["best_restart"].as<std::size_t>());
  BOOST_TEST(read_text(dir.file("r" + best) + "/model.yaml") == read_text(dir.file("all") + "/model.yaml"));
  const CommandResult out_of_range = run_mixfit({"run", kQuickstart, "--out", dir.file("bad"), "--restart", "3",
                                                 "--set", "inference.n_init=3"});
  BOOST_TEST(out_of_range.exit_code == 1);
  BOOST_TEST(out_of_range.err.find("--restart 3") != std::string::npos, out_of_range.err);
}

BOOST_AUTO_TEST_CASE(checkpoints_carry_the_parameter_traces_verbatim) {
  // output.trace_parameters: the entries of the restart in progress and of the
  // best finished one must survive a resume unchanged, or trace_parameters.yaml
  // would lose the iterations before the kill.
  TempDir dir;
  mixfit::Checkpoint checkpoint;
  checkpoint.experiment_file = dir.file("e.yaml");
  checkpoint.run_directory = dir.file("run");
  checkpoint.resolved_config = "experiment: {name: e}\n";
  checkpoint.restart = 1;
  checkpoint.model = YAML::Load("{family: gaussian, weights: [1]}");
  checkpoint.report.objective_name = "mean_log_likelihood";
  checkpoint.parameter_trace = "- iteration: 1\n  weights: [0.25, 0.75]\n- iteration: 2\n  weights: [0.5, 0.5]\n";
  checkpoint.best = mixfit::BestRestart{{0, 42, -1.5, checkpoint.report, {}}, YAML::Load("{family: gaussian}"),
                                        "- iteration: 1\n  weights: [0.1000000000000000055511151231257827, 0.9]\n"};
  mixfit::write_checkpoint(checkpoint);
  const mixfit::Checkpoint read = mixfit::read_checkpoint(dir.file("run"));
  BOOST_TEST(read.parameter_trace == checkpoint.parameter_trace);
  BOOST_TEST_REQUIRE(read.best.has_value());
  BOOST_TEST(read.best->parameter_trace == checkpoint.best->parameter_trace);
  // Without a trace the key is left out and reads back empty.
  checkpoint.parameter_trace.clear();
  checkpoint.best.reset();
  mixfit::write_checkpoint(checkpoint);
  BOOST_TEST(read_text(mixfit::checkpoint_path(dir.file("run"))).find("parameter_trace") == std::string::npos);
  BOOST_TEST(mixfit::read_checkpoint(dir.file("run")).parameter_trace.empty());
}

BOOST_AUTO_TEST_SUITE_END()  // cli_checkpoint_test
