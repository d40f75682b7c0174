// `mixfit run` end to end: the quickstart experiment, overrides, run directory contents, reproducibility.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <regex>
#include <sstream>

BOOST_AUTO_TEST_SUITE(cli_run_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

const std::string kQuickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";


// trace.csv without its wall-clock column.
std::string trace_without_seconds(const std::string& path) {
  std::string result;
  for (const auto& line : split_lines(read_text(path))) result += line.substr(0, line.rfind(',')) + "\n";
  return result;
}

}  // namespace

BOOST_AUTO_TEST_CASE(quickstart_writes_a_complete_run_directory) {
  TempDir dir;
  const std::string run = dir.file("run");
  const CommandResult result = run_mixfit({"run", kQuickstart, "--out", run});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  for (const char* name : {"config.yaml", "model.yaml", "trace.csv", "labels.csv", "responsibilities.csv", "summary.yaml"})
    BOOST_TEST(fs::exists(run + "/" + name), name);

  // One progress line per iteration, and a summary on stdout.
  const YAML::Node summary = YAML::LoadFile(run + "/summary.yaml");
  const auto n_iter = summary["n_iter"].as<std::size_t>();
  std::size_t progress_lines = 0;
  for (const auto& line : split_lines(result.err)) progress_lines += line.find(" iter ") != std::string::npos;
  BOOST_TEST(progress_lines == n_iter);
  BOOST_TEST(result.out.find("run directory: " + run) != std::string::npos);

  BOOST_TEST(summary["converged"].as<bool>());
  for (const char* key : {"log_likelihood", "mean_log_likelihood", "n_parameters", "bic", "aic", "seconds"})
    BOOST_TEST(static_cast<bool>(summary[key]), key);
  BOOST_TEST(summary["n_parameters"].as<int>() == 17);  // 3·3 covariance + 3·2 means + 2 weights
  const double ll = summary["log_likelihood"].as<double>();
  BOOST_TEST(summary["bic"].as<double>() == -2 * ll + 17 * std::log(3000.0), boost::test_tools::tolerance(1e-12));

  const auto trace = split_lines(read_text(run + "/trace.csv"));
  BOOST_TEST(trace.front() == "iteration,mean_log_likelihood,delta,seconds");
  BOOST_TEST(trace.size() == n_iter + 1);
  const auto labels = split_lines(read_text(run + "/labels.csv"));
  BOOST_TEST(labels.front() == "label,uncertainty");
  BOOST_TEST(labels.size() == 3001u);
  const auto r = split_lines(read_text(run + "/responsibilities.csv"));
  BOOST_TEST(r.front() == "r0,r1,r2");
  BOOST_TEST(r.size() == 3001u);

  // config.yaml is the experiment with every default filled in.
  const YAML::Node config = YAML::LoadFile(run + "/config.yaml");
  BOOST_TEST(config["inference"]["block_size"].as<int>() == 4096);
  BOOST_TEST(config["model"]["options"]["covariance"].as<std::string>() == "full");
  BOOST_TEST(config["experiment"]["seed"].as<int>() == 7);

  // model.yaml repeats family and options and holds the parameters.
  const YAML::Node model = YAML::LoadFile(run + "/model.yaml");
  BOOST_TEST(model["family"].as<std::string>() == "gaussian");
  BOOST_TEST(model["weights"].size() == 3u);
  BOOST_TEST(model["components"][0]["covariance"].size() == 2u);

  // No staging folder is left beside the run.
  for (const auto& entry : fs::directory_iterator(dir.path()))
    BOOST_TEST(entry.path().filename().string().find("partial") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(same_config_and_seed_give_the_same_bits) {
  TempDir dir;
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", dir.file("a"), "--quiet"}).exit_code == 0);
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", dir.file("b"), "--quiet"}).exit_code == 0);
  for (const char* name : {"model.yaml", "labels.csv", "responsibilities.csv"})
    BOOST_TEST(read_text(dir.file("a/") + name) == read_text(dir.file("b/") + name), name);
  // config.yaml differs only in output.dir.
  YAML::Node config_a = YAML::LoadFile(dir.file("a/config.yaml")), config_b = YAML::LoadFile(dir.file("b/config.yaml"));
  config_a.remove("output");
  config_b.remove("output");
  YAML::Emitter ea, eb;
  ea << config_a;
  eb << config_b;
  BOOST_TEST(std::string(ea.c_str()) == std::string(eb.c_str()));
  BOOST_TEST(trace_without_seconds(dir.file("a/trace.csv")) == trace_without_seconds(dir.file("b/trace.csv")));
  // A different seed changes the start, and so the trace.
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", dir.file("c"), "--quiet", "--set", "experiment.seed=8"}).exit_code == 0);
  BOOST_TEST(trace_without_seconds(dir.file("a/trace.csv")) != trace_without_seconds(dir.file("c/trace.csv")));
}

BOOST_AUTO_TEST_CASE(overrides_change_the_run) {
  TempDir dir;
  const CommandResult result = run_mixfit({"run", kQuickstart, "--out", dir.file("run"), "--quiet", "--set",
                                           "inference.max_iter=2", "--set", "model.options.covariance=diag", "--set",
                                           "inference.tol=0"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  BOOST_TEST(split_lines(read_text(dir.file("run/trace.csv"))).size() == 3u);
  const YAML::Node model = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST(model["options"]["covariance"].as<std::string>() == "diag");
  BOOST_TEST(model["components"][0]["covariance"].IsSequence());
  BOOST_TEST(model["components"][0]["covariance"][0].IsScalar());
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(!summary["converged"].as<bool>());
  BOOST_TEST(summary["n_iter"].as<int>() == 2);
}

BOOST_AUTO_TEST_CASE(every_covariance_type_and_restarts_run) {
  TempDir dir;
  for (const std::string covariance : {"full", "diag", "spherical", "tied"}) {
    const CommandResult result = run_mixfit({"run", kQuickstart, "--out", dir.file(covariance), "--quiet", "--set",
                                             "model.options.covariance=" + covariance, "--set", "inference.n_init=3"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const YAML::Node summary = YAML::LoadFile(dir.file(covariance + "/summary.yaml"));
    BOOST_TEST(summary["restarts"].size() == 3u);
    double best = -INFINITY;
    for (const auto& r : summary["restarts"]) best = std::max(best, r["log_likelihood"].as<double>());
    BOOST_TEST(summary["log_likelihood"].as<double>() == best);
  }
  const YAML::Node tied = YAML::LoadFile(dir.file("tied/model.yaml"));
  BOOST_TEST(static_cast<bool>(tied["shared"]["covariance"]));
  BOOST_TEST(!tied["components"][0]["covariance"]);
}

BOOST_AUTO_TEST_CASE(kmeans_algorithm_reports_inertia) {
  TempDir dir;
  const CommandResult result = run_mixfit({"run", std::string(MIXFIT_SOURCE_DIR) + "/configs/kmeans.yaml", "--out",
                                           dir.file("km"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  BOOST_TEST(split_lines(read_text(dir.file("km/trace.csv"))).front() == "iteration,inertia,delta,seconds");
  const YAML::Node summary = YAML::LoadFile(dir.file("km/summary.yaml"));
  BOOST_TEST(summary["inertia"].as<double>() > 0.0);
  BOOST_TEST(summary["converged"].as<bool>());
  BOOST_TEST(fs::exists(dir.file("km/centroids.csv")));
  // The three blobs hold 1000 rows each; k-means finds them.
  std::vector<int> counts(3, 0);
  const auto labels = split_lines(read_text(dir.file("km/labels.csv")));
  for (std::size_t i = 1; i < labels.size(); ++i) ++counts.at(std::stoi(labels[i]));
  for (int c : counts) BOOST_TEST(std::abs(c - 1000) < 30);
}

BOOST_AUTO_TEST_CASE(existing_run_directory_needs_force) {
  TempDir dir;
  const std::string run = dir.file("run");
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", run, "--quiet"}).exit_code == 0);
  const std::string before = read_text(run + "/model.yaml");
  const CommandResult again = run_mixfit({"run", kQuickstart, "--out", run, "--quiet", "--set", "experiment.seed=99"});
  BOOST_TEST(again.exit_code == 1);
  BOOST_TEST(again.err.find("already exists") != std::string::npos);
  BOOST_TEST(read_text(run + "/model.yaml") == before);
  BOOST_TEST(run_mixfit({"run", kQuickstart, "--out", run, "--quiet", "--force", "--set", "experiment.seed=99"}).exit_code == 0);
  BOOST_TEST(read_text(run + "/model.yaml") != before);
}

BOOST_AUTO_TEST_CASE(given_initialisation_from_a_previous_model) {
  TempDir dir;
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", dir.file("first"), "--quiet"}).exit_code == 0);
  const CommandResult result =
      run_mixfit({"run", kQuickstart, "--out", dir.file("second"), "--quiet", "--set", "inference.init.method=given",
                  "--set", "inference.init.file=" + dir.file("first/model.yaml")});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  // Starting at a converged model, EM stops after the second iteration.
  const YAML::Node summary = YAML::LoadFile(dir.file("second/summary.yaml"));
  BOOST_TEST(summary["n_iter"].as<int>() == 2);
}

BOOST_AUTO_TEST_CASE(inline_given_parameters_and_centroids) {
  TempDir dir;
  const std::string data = std::string(MIXFIT_SOURCE_DIR) + "/configs/data/three_blobs.csv";
  write_text(dir.file("em.yaml"), "data: {path: " + data + ", columns: [x, y]}\n" + R"(model: {components: 2, family: gaussian, options: {covariance: spherical}}
inference:
  max_iter: 3
  tol: 0
  init:
    method: given
    weights: [0.5, 0.5]
    components: [{mean: [0, 0], covariance: 1}, {mean: [5, -2], covariance: 1}]
output: {dir: em}
)");
  const CommandResult em = run_mixfit({"run", dir.file("em.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(em.exit_code == 0, em.err);
  BOOST_TEST(split_lines(read_text(dir.file("em/trace.csv"))).size() == 4u);

  write_text(dir.file("km.yaml"), "data: {path: " + data + ", columns: [x, y]}\n" + R"(model: {components: 2, family: gaussian}
inference:
  algorithm: kmeans
  init: {method: given, centroids: [[0, 0], [5, -2]]}
output: {dir: km}
)");
  const CommandResult km = run_mixfit({"run", dir.file("km.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(km.exit_code == 0, km.err);
  // Centroid 1 starts on blob 0 (around (5, -2)) and keeps its 1000 rows.
  const auto labels = split_lines(read_text(dir.file("km/labels.csv")));
  BOOST_TEST(labels[1] == "1,0");  // k-means: a hard assignment, no uncertainty
}

// YAML text of a node, for comparing parameter lists exactly.
std::string yaml_of(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return out.c_str();
}

BOOST_AUTO_TEST_CASE(trace_parameters_records_every_iteration_of_the_best_restart_exactly) {
  TempDir dir;
  const std::string run = dir.file("run");
  const CommandResult result = run_mixfit({"run", kQuickstart, "--out", run, "--quiet", "--set",
                                           "output.trace_parameters=true", "--set", "inference.n_init=2"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node summary = YAML::LoadFile(run + "/summary.yaml");
  const YAML::Node trace = YAML::LoadFile(run + "/trace_parameters.yaml");
  BOOST_TEST(trace["format"].as<std::string>() == "mixfit-parameter-trace/1");
  BOOST_TEST(trace["restart"].as<int>() == summary["best_restart"].as<int>());
  const YAML::Node iterations = trace["iterations"];
  BOOST_TEST_REQUIRE(iterations.size() == summary["n_iter"].as<std::size_t>());
  for (std::size_t i = 0; i < iterations.size(); ++i) BOOST_TEST(iterations[i]["iteration"].as<std::size_t>() == i + 1);
  // The last iteration left the model that model.yaml holds: the same text, so the same bits.
  const YAML::Node model = YAML::LoadFile(run + "/model.yaml");
  const YAML::Node last = iterations[iterations.size() - 1];
  BOOST_TEST(yaml_of(last["weights"]) == yaml_of(model["weights"]));
  BOOST_TEST(yaml_of(last["components"]) == yaml_of(model["components"]));
  // The parameters move between iterations.
  BOOST_TEST(yaml_of(iterations[0]["components"]) != yaml_of(last["components"]));
  // Off by default; rejected for k-means, whose iterations move centroids.
  const CommandResult plain = run_mixfit({"run", kQuickstart, "--out", dir.file("plain"), "--quiet"});
  BOOST_TEST_REQUIRE(plain.exit_code == 0, plain.err);
  BOOST_TEST(!fs::exists(dir.file("plain/trace_parameters.yaml")));
  const CommandResult k_means = run_mixfit({"run", kQuickstart, "--out", dir.file("km"), "--quiet", "--set",
                                            "output.trace_parameters=true", "--set", "inference.algorithm=kmeans"});
  BOOST_TEST(k_means.exit_code == 1);
  BOOST_TEST(k_means.err.find("output.trace_parameters") != std::string::npos, k_means.err);
  BOOST_TEST(!fs::exists(dir.file("km")));
}

// Every number a run writes is a float to YAML 1.1 readers (PyYAML) too: no `1e-06`, which they read as a
// string, and no `2` where a real number is meant (issue 16 item 6). Integer counts (n_iter, seeds) stay
// integers; a real-valued scalar written without a dot is caught by its exponent or by the list it is in.
void expect_yaml11_floats(const YAML::Node& node, const std::string& where, std::size_t& reals) {
  static const std::regex yaml11_float(R"([-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?)");
  static const std::regex exponent_form(R"([-+]?[0-9.]+[eE][-+]?[0-9]+)");
  static const std::regex decimal_form(R"([-+]?[0-9]*\.[0-9]*)");
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    if (std::regex_match(text, exponent_form) || std::regex_match(text, decimal_form)) {
      ++reals;
      BOOST_TEST(std::regex_match(text, yaml11_float), where << ": " << text);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) expect_yaml11_floats(node[i], where + "[" + std::to_string(i) + "]", reals);
  } else if (node.IsMap()) {
    for (const auto& entry : node) expect_yaml11_floats(entry.second, where + "." + entry.first.as<std::string>(), reals);
  }
}

BOOST_AUTO_TEST_CASE(yaml_outputs_spell_every_real_number_as_a_yaml_1_1_float) {
  TempDir dir;
  const std::string run = dir.file("run");
  // reg_covar 1e-6 and tol 1e-3 were written `1e-06` and `0.001`; spherical covariances of 1 as `1`.
  const CommandResult result = run_mixfit({"run", kQuickstart, "--out", run, "--quiet", "--set",
                                           "model.options.reg_covar=1e-6"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  for (const std::string file : {"model.yaml", "summary.yaml", "config.yaml"}) {
    std::size_t reals = 0;
    expect_yaml11_floats(YAML::LoadFile(run + "/" + file), file, reals);
    BOOST_TEST(reals > 0u, file << " has real numbers to check");
  }
  BOOST_TEST(read_text(run + "/config.yaml").find("reg_covar: 1.0e-06") != std::string::npos);
  BOOST_TEST(YAML::LoadFile(run + "/config.yaml")["model"]["options"]["reg_covar"].as<double>() == 1e-6);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_run_test
