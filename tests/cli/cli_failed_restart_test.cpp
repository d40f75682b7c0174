// Restarts that fail numerically (singular covariances with reg_covar: 0) are recorded and the run goes on;
// inference.singular_component reseeds, drops or fails a component whose covariance turns singular mid-run.
#include <boost/test/unit_test.hpp>

#include "mixfit/experiment/checkpoint.hpp"
#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>

BOOST_AUTO_TEST_SUITE(cli_failed_restart_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

struct Point {
  double x, y, z;
};

// 4×4×4 lattices of spacing 0.5 centred on `centres`, then three copies of `duplicate`: a cluster too small
// for a 3-D covariance, which kmeans++ may seed on its own, or EM may shrink a component onto.
std::vector<Point> lattices_and_duplicates(const std::vector<Point>& centres, Point duplicate = {3, 3, 8}) {
  std::vector<Point> points;
  for (const Point& c : centres)
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        for (int l = 0; l < 4; ++l)
          points.push_back({c.x + 0.5 * (i - 1.5), c.y + 0.5 * (j - 1.5), c.z + 0.5 * (l - 1.5)});
  for (int copy = 0; copy < 3; ++copy) points.push_back(duplicate);
  return points;
}

std::string csv(const std::vector<Point>& points) {
  std::ostringstream out;
  out.precision(17);
  out << "x,y,z\n";
  for (const auto& p : points) out << p.x << "," << p.y << "," << p.z << "\n";
  return out.str();
}

struct Run {
  CommandResult result;
  std::string dir;
  YAML::Node summary, model;
};

// Writes data and an experiment with gaussian `options` and the inference section `inference`, runs it into
// <dir>/out (with progress lines on stderr unless `quiet`).
Run fit(const TempDir& dir, const std::vector<Point>& points, std::size_t components, const std::string& options,
        const std::string& inference, bool quiet = true) {
  write_text(dir.file("data.csv"), csv(points));
  write_text(dir.file("experiment.yaml"), "experiment: {name: failed_restarts, seed: 7}\n"
                                          "data: {path: data.csv}\n"
                                          "model: {components: " + std::to_string(components) +
                                              ", family: gaussian, options: " + options + "}\n"
                                              "inference: " + inference + "\n"
                                              "output: {dir: out}\n");
  Run run;
  run.dir = dir.file("out");
  std::vector<std::string> args = {"run", dir.file("experiment.yaml")};
  if (quiet) args.push_back("--quiet");
  run.result = run_mixfit(args);
  if (run.result.exit_code == 0) {
    run.summary = YAML::LoadFile(run.dir + "/summary.yaml");
    run.model = YAML::LoadFile(run.dir + "/model.yaml");
  }
  return run;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t warnings_containing(const YAML::Node& summary, const std::string& text) {
  std::size_t found = 0;
  for (const auto& warning : summary["warnings"]) found += contains(warning.as<std::string>(), text);
  return found;
}

const std::vector<Point> kTwoCentres = {{0, 0, 0}, {6, 0, 0}};
const std::vector<Point> kThreeCentres = {{0, 0, 0}, {6, 0, 0}, {0, 6, 0}};

// A 3-component start whose component 2 sits on the duplicates with so small a covariance that no lattice point
// gives it any weight (exp(−3000) is 0): its first M-step has three identical points, a zero covariance.
const char* kStartOnDuplicates =
    "weights: [0.45, 0.45, 0.1]\n"
    "components:\n"
    "  - {mean: [0, 0, 0], covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}\n"
    "  - {mean: [6, 0, 0], covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}\n"
    "  - {mean: [3, 3, 8], covariance: [[0.01, 0, 0], [0, 0.01, 0], [0, 0, 0.01]]}\n";

const char* kStrict = "{reg_covar: 0}";

}  // namespace

BOOST_AUTO_TEST_CASE(a_failed_restart_is_recorded_and_the_best_of_the_others_wins) {
  TempDir dir;
  const Run run = fit(dir, lattices_and_duplicates(kThreeCentres, {3, 3, 4}), 4, kStrict,
                      "{n_init: 10, max_iter: 200, singular_component: error, init: {method: kmeans++}}",
                      /*quiet=*/false);
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  const YAML::Node restarts = run.summary["restarts"];
  BOOST_TEST_REQUIRE(restarts.size() == 10u);
  std::size_t failed = 0, failed_at_start = 0;
  std::optional<std::size_t> best;
  double best_value = -INFINITY;
  for (std::size_t i = 0; i < restarts.size(); ++i) {
    const YAML::Node r = restarts[i];
    BOOST_TEST(r["restart"].as<std::size_t>() == i);
    const std::string status = r["status"].as<std::string>();
    BOOST_TEST_REQUIRE((status == "ok" || status == "failed"), status);
    if (status == "failed") {
      ++failed;
      const std::string error = r["error"].as<std::string>();
      BOOST_TEST(contains(error, "the covariance is not positive definite after adding reg_covar = 0"), error);
      // At the first M-step from kmeans++, or at an EM iteration (singular_component: error).
      if (error.starts_with("initialisation (inference.init.method: kmeans++): ")) {
        ++failed_at_start;
      } else {
        BOOST_TEST(error.starts_with("iteration "), error);
        BOOST_TEST(contains(error, "(inference.singular_component: error; reseed or drop would go on)"), error);
      }
      BOOST_TEST(!r["log_likelihood"]);
      // The progress line names it (1-based, as every progress line counts restarts).
      BOOST_TEST(contains(run.result.err, "em  restart " + std::to_string(i + 1) + "/10  FAILED: " + error),
                 run.result.err);
      continue;
    }
    BOOST_TEST(!r["error"]);
    const double value = r["log_likelihood"].as<double>();
    BOOST_TEST(std::isfinite(value));
    if (value > best_value) {
      best_value = value;
      best = i;
    }
  }
  // The seed gives every kind: restarts that fail at the start, mid-run, and at least one that finishes.
  BOOST_TEST(failed_at_start >= 1u);
  BOOST_TEST(failed > failed_at_start);
  BOOST_TEST(failed <= 9u);
  BOOST_TEST_REQUIRE(best.has_value());
  BOOST_TEST(run.summary["best_restart"].as<std::size_t>() == *best);
  BOOST_TEST(run.summary["log_likelihood"].as<std::string>() == restarts[*best]["log_likelihood"].as<std::string>());
  BOOST_TEST(contains(run.result.out, "failed restarts"), run.result.out);
}

BOOST_AUTO_TEST_CASE(when_every_restart_fails_the_error_names_each) {
  TempDir dir;
  // Three points, five copies each: every kmeans++ start gives each component one distinct point.
  std::vector<Point> points;
  for (const Point p : {Point{0, 0, 0}, Point{5, 1, 2}, Point{1, 7, 3}})
    for (int copy = 0; copy < 5; ++copy) points.push_back(p);
  const Run run = fit(dir, points, 3, kStrict, "{n_init: 3, init: {method: kmeans++}}");
  BOOST_TEST(run.result.exit_code == 1);
  const std::string& err = run.result.err;
  BOOST_TEST(contains(err, "all 3 restarts failed: restart 0: initialisation (inference.init.method: kmeans++): "),
             err);
  BOOST_TEST(contains(err, "; restart 1: initialisation"), err);
  BOOST_TEST(contains(err, "; restart 2: initialisation"), err);
  BOOST_TEST(contains(err, "not positive definite after adding reg_covar = 0"), err);
  BOOST_TEST(!fs::exists(run.dir));
}

BOOST_AUTO_TEST_CASE(singular_component_error_fails_the_restart_at_its_iteration) {
  TempDir dir;
  write_text(dir.file("start.yaml"), kStartOnDuplicates);
  const Run run = fit(dir, lattices_and_duplicates(kTwoCentres), 3, kStrict,
                      "{n_init: 2, singular_component: error, init: {method: given, file: start.yaml}}");
  BOOST_TEST(run.result.exit_code == 1);
  const std::string& err = run.result.err;
  // Both restarts start from the same parameters, so both fail the same way, and the message lists both.
  for (const char* restart : {"restart 0: ", "restart 1: "})
    BOOST_TEST(contains(err, std::string(restart) + "iteration 1: gaussian family (full covariance): M-step: "
                                                    "component 2: the covariance is not positive definite"),
               err);
  BOOST_TEST(contains(err, "(inference.singular_component: error; reseed or drop would go on)"), err);
  BOOST_TEST(!fs::exists(run.dir));
}

BOOST_AUTO_TEST_CASE(a_singular_component_is_reseeded_by_default) {
  TempDir dir;
  write_text(dir.file("start.yaml"), kStartOnDuplicates);
  const Run run = fit(dir, lattices_and_duplicates(kTwoCentres), 3, kStrict,
                      "{max_iter: 50, init: {method: given, file: start.yaml}}");
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  BOOST_TEST(warnings_containing(run.summary, "restart 0, iteration 1: component 2's covariance turned singular "
                                              "(gaussian family (full covariance): M-step: component 2: ") == 1u,
             run.result.out);
  BOOST_TEST(warnings_containing(run.summary, "re-seeded from the ") >= 1u);
  BOOST_TEST(warnings_containing(run.summary, "(inference.singular_component: reseed)") >= 1u);
  BOOST_TEST(run.summary["components"].as<int>() == 3);
  BOOST_TEST(run.summary["restarts"][0]["status"].as<std::string>() == "ok");
  BOOST_TEST(std::isfinite(run.summary["log_likelihood"].as<double>()));
}

BOOST_AUTO_TEST_CASE(a_singular_component_can_be_dropped) {
  TempDir dir;
  write_text(dir.file("start.yaml"), kStartOnDuplicates);
  const Run run = fit(dir, lattices_and_duplicates(kTwoCentres), 3, kStrict,
                      "{max_iter: 50, singular_component: drop, init: {method: given, file: start.yaml}}");
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  BOOST_TEST(warnings_containing(run.summary, "restart 0, iteration 1: component 2's covariance turned singular (") ==
             1u);
  BOOST_TEST(warnings_containing(run.summary, "and was dropped; the fit goes on with K = 2 "
                                              "(inference.singular_component: drop)") == 1u);
  BOOST_TEST(run.summary["components"].as<int>() == 2);
  BOOST_TEST(run.model["components"].size() == 2u);
  BOOST_TEST(run.summary["n_parameters"].as<int>() == 19);  // 2·(3 + 6) + 1
}

BOOST_AUTO_TEST_CASE(a_singular_tied_covariance_fails_the_restart_under_reseed) {
  TempDir dir;
  // Every row on the plane z = 1: the pooled covariance has no z variance.
  std::vector<Point> points = lattices_and_duplicates(kTwoCentres);
  for (auto& p : points) p.z = 1.0;
  write_text(dir.file("start.yaml"), "weights: [0.5, 0.5]\n"
                                     "components: [{mean: [0, 0, 1]}, {mean: [6, 0, 1]}]\n"
                                     "shared: {covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}\n");
  const Run run = fit(dir, points, 2, "{covariance: tied, reg_covar: 0}",
                      "{init: {method: given, file: start.yaml}}");
  BOOST_TEST(run.result.exit_code == 1);
  BOOST_TEST(contains(run.result.err, "restart 0: iteration 1: gaussian family (tied covariance): M-step: the tied "
                                      "covariance (shared by all components) is not positive definite"),
             run.result.err);
  BOOST_TEST(contains(run.result.err, "cannot be fixed by re-seeding or dropping one component"), run.result.err);
}

BOOST_AUTO_TEST_CASE(a_sweep_point_with_failed_restarts_is_ok) {
  TempDir dir;
  write_text(dir.file("data.csv"), csv(lattices_and_duplicates(kThreeCentres, {3, 3, 4})));
  write_text(dir.file("experiment.yaml"),
             "experiment: {name: sweep_failed_restarts, seed: 7}\n"
             "data: {path: data.csv}\n"
             "model: {components: 4, family: gaussian, options: {reg_covar: 0}}\n"
             "inference: {n_init: 10, max_iter: 200, singular_component: error}\n"
             "output: {dir: out}\n"
             "sweep: {grid: {model.components: [3, 4]}}\n");
  const CommandResult result = run_mixfit({"run", dir.file("experiment.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const std::vector<std::string> lines = split_lines(read_text(dir.file("out") + "/sweep.csv"));
  BOOST_TEST_REQUIRE(lines.size() == 3u);
  std::size_t failed_restarts = 0;
  for (const auto& entry : fs::directory_iterator(dir.file("out"))) {
    if (!entry.is_directory()) continue;
    for (const auto& r : YAML::LoadFile(entry.path().string() + "/summary.yaml")["restarts"])
      failed_restarts += r["status"].as<std::string>() == "failed";
  }
  BOOST_TEST(failed_restarts >= 1u);
  for (std::size_t i = 1; i < lines.size(); ++i) BOOST_TEST(contains(lines[i], ",ok,"), lines[i]);
}

BOOST_AUTO_TEST_CASE(checkpoints_keep_failed_restarts) {
  TempDir dir;
  mixfit::Checkpoint checkpoint;
  checkpoint.experiment_file = dir.file("e.yaml");
  checkpoint.run_directory = dir.file("run");
  checkpoint.resolved_config = "experiment: {name: e}\n";
  checkpoint.restart = 2;
  checkpoint.model = YAML::Load("{family: gaussian, weights: [1]}");
  checkpoint.report.objective_name = "mean_log_likelihood";
  mixfit::RestartSummary failed;
  failed.restart = 0;
  failed.seed = 41;
  failed.error = "initialisation (inference.init.method: kmeans++): component 3: not positive definite";
  mixfit::RestartSummary finished{1, 42, -1.5, checkpoint.report, {}};
  checkpoint.completed = {failed, finished};
  mixfit::write_checkpoint(checkpoint);
  const mixfit::Checkpoint read = mixfit::read_checkpoint(dir.file("run"));
  BOOST_TEST_REQUIRE(read.completed.size() == 2u);
  BOOST_TEST(read.completed[0].failed());
  BOOST_TEST(read.completed[0].restart == 0u);
  BOOST_TEST(read.completed[0].seed == 41u);
  BOOST_TEST(read.completed[0].error == failed.error);
  BOOST_TEST(!read.completed[1].failed());
  BOOST_TEST(read.completed[1].objective == -1.5);
}

BOOST_AUTO_TEST_CASE(a_run_killed_after_failed_restarts_resumes_to_the_same_results) {
  // Restarts 0-6 fail (at the start or mid-run), restart 7 runs all 20000 iterations, 8 and 9 fail: the
  // kill comes inside restart 7, when the checkpoint lists seven failed restarts. The pattern is that of raw
  // k-means++ distances (init.scale: none); standardised starts give another one.
  TempDir dir;
  write_text(dir.file("data.csv"), csv(lattices_and_duplicates(kThreeCentres, {3, 3, 4})));
  write_text(dir.file("experiment.yaml"),
             "experiment: {name: killed_after_failures, seed: 7}\n"
             "data: {path: data.csv}\n"
             "model: {components: 4, family: gaussian, options: {reg_covar: 0}}\n"
             "inference: {n_init: 10, max_iter: 20000, tol: 0, singular_component: error, init: {scale: none}}\n"
             "output: {dir: out, checkpoint_every: 100}\n");
  const auto run = [&](const std::string& name) {
    return std::vector<std::string>{"run", dir.file("experiment.yaml"), "--quiet", "--out", dir.file(name)};
  };
  BOOST_TEST_REQUIRE(run_mixfit(run("whole")).exit_code == 0);
  const YAML::Node whole = YAML::LoadFile(dir.file("whole") + "/summary.yaml");
  BOOST_TEST_REQUIRE(whole["best_restart"].as<std::size_t>() == 7u);
  for (std::size_t restart = 0; restart < 7; ++restart)
    BOOST_TEST_REQUIRE(whole["restarts"][restart]["status"].as<std::string>() == "failed");

  const std::string killed = dir.file("killed");
  const std::string checkpoint = mixfit::checkpoint_path(killed);
  const int pid = start_mixfit(run("killed"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool reached = false;
  while (!reached && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!fs::exists(checkpoint)) continue;
    try {
      reached = YAML::LoadFile(checkpoint)["restart"].as<std::size_t>() == 7;
    } catch (const std::exception&) {
      // Only complete files are renamed into place, but be tolerant.
    }
  }
  BOOST_TEST_REQUIRE(reached, "the run never checkpointed restart 7");
  BOOST_TEST_REQUIRE(kill_process(pid), "the run finished before it could be killed");
  BOOST_TEST(mixfit::read_checkpoint(killed).completed.size() == 7u);
  const CommandResult resumed = run_mixfit({"run", "--resume", killed, "--quiet"});
  BOOST_TEST_REQUIRE(resumed.exit_code == 0, resumed.err);
  const YAML::Node summary = YAML::LoadFile(killed + "/summary.yaml");
  BOOST_TEST(YAML::Dump(summary["restarts"]) == YAML::Dump(whole["restarts"]));
  BOOST_TEST(read_text(killed + "/model.yaml") == read_text(dir.file("whole") + "/model.yaml"));
}

BOOST_AUTO_TEST_SUITE_END()  // cli_failed_restart_test
