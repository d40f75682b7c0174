// The examples/ folders run as their READMEs say, and their results are what the READMEs claim.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <sstream>

BOOST_AUTO_TEST_SUITE(examples_test)

using namespace mixfit::testing;

namespace {

const std::string kExamples = std::string(MIXFIT_SOURCE_DIR) + "/examples/";

// Column `name` of a CSV with a header line, as text.
std::vector<std::string> text_column(const std::string& path, const std::string& name) {
  const auto lines = split_lines(read_text(path));
  std::vector<std::string> header;
  std::stringstream first(lines.at(0));
  for (std::string field; std::getline(first, field, ',');) header.push_back(field);
  const auto at = std::find(header.begin(), header.end(), name) - header.begin();
  BOOST_TEST_REQUIRE(static_cast<std::size_t>(at) < header.size(), path << " has no column " << name);
  std::vector<std::string> values;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::stringstream row(lines[i]);
    std::string field;
    for (long c = 0; c <= at; ++c) std::getline(row, field, ',');
    values.push_back(field);
  }
  return values;
}

std::vector<long> integer_column(const std::string& path, const std::string& name) {
  std::vector<long> values;
  for (const auto& text : text_column(path, name)) values.push_back(std::stol(text));
  return values;
}

// The share of rows whose label's most common true class is their own (labels
// matched to classes by majority, so any relabelling scores the same).
template <class Truth>
double agreement(const std::vector<long>& labels, const std::vector<Truth>& truth) {
  std::map<long, std::map<Truth, std::size_t>> table;
  for (std::size_t n = 0; n < labels.size(); ++n) ++table[labels[n]][truth[n]];
  std::size_t agreeing = 0;
  for (const auto& [label, counts] : table) {
    std::size_t best = 0;
    for (const auto& [cls, count] : counts) best = std::max(best, count);
    agreeing += best;
  }
  return static_cast<double>(agreeing) / static_cast<double>(labels.size());
}

void require_ok(const CommandResult& result) { BOOST_TEST_REQUIRE(result.exit_code == 0, result.err); }

bool is_png(const std::string& path) { return read_text(path).rfind("\x89PNG\r\n\x1a\n", 0) == 0; }

}  // namespace

BOOST_AUTO_TEST_CASE(three_blobs_example) {
  TempDir dir;
  const std::vector<long> source = integer_column(std::string(MIXFIT_SOURCE_DIR) + "/configs/data/three_blobs.csv", "source");
  for (const std::string fit : {"em", "kmeans", "vb"}) {
    const std::string run = dir.file("blobs_" + fit);
    require_ok(run_mixfit({"run", kExamples + "three_blobs/" + fit + ".yaml", "--out", run, "--quiet"}));
    const double agreeing = agreement(integer_column(run + "/labels.csv", "label"), source);
    BOOST_TEST(agreeing > 0.95, fit << ": " << agreeing << " of the rows agree with the true blob");
    require_ok(run_mixfit({"plot", run, "--format", "png"}));
    BOOST_TEST(is_png(run + "/plots/clusters.png"), fit);
  }
  const YAML::Node summary = YAML::LoadFile(dir.file("blobs_vb") + "/summary.yaml");
  BOOST_TEST(summary["effective_components"].as<int>() == 3);
}

BOOST_AUTO_TEST_CASE(classic_250_example) {
  TempDir dir;
  const std::string example = kExamples + "classic_250/";
  // The shipped data are what the README's command draws, byte for byte.
  require_ok(run_mixfit({"sample", "--model", example + "generating_model.yaml", "-n", "250", "--seed", "1", "--out",
                         dir.file("data.csv")}));
  BOOST_TEST(read_text(dir.file("data.csv")) == read_text(example + "data.csv"));

  const std::string run = dir.file("fit");
  require_ok(run_mixfit({"run", example + "fit.yaml", "--out", run, "--quiet"}));
  const YAML::Node truth = YAML::LoadFile(example + "generating_model.yaml");
  const YAML::Node fitted = YAML::LoadFile(run + "/model.yaml");
  // Each generating component against the nearest fitted mean, within 4 standard errors σ/√(N w).
  for (std::size_t k = 0; k < 3; ++k) {
    const auto mean = truth["components"][k]["mean"].as<std::vector<double>>();
    const auto cov = truth["components"][k]["covariance"].as<std::vector<std::vector<double>>>();
    const double rows = 250.0 * truth["weights"][k].as<double>();
    double best = 1e300;
    std::vector<double> nearest;
    for (std::size_t j = 0; j < 3; ++j) {
      const auto m = fitted["components"][j]["mean"].as<std::vector<double>>();
      const double distance = std::hypot(m[0] - mean[0], m[1] - mean[1]);
      if (distance < best) best = distance, nearest = m;
    }
    for (std::size_t d = 0; d < 2; ++d)
      BOOST_TEST(std::abs(nearest[d] - mean[d]) < 4.0 * std::sqrt(cov[d][d] / rows), "component " << k << ", x" << d);
  }
  const YAML::Node trace = YAML::LoadFile(run + "/trace_parameters.yaml");
  BOOST_TEST(trace.size() > 0u);

  require_ok(run_mixfit({"plot", run, "--animate"}));
  const std::string gif = read_text(run + "/plots/components.gif");
  BOOST_TEST(gif.rfind("GIF89a", 0) == 0u);
  std::size_t frames = 0;
  for (std::size_t at = gif.find("\x21\xF9\x04"); at != std::string::npos; at = gif.find("\x21\xF9\x04", at + 1)) ++frames;
  BOOST_TEST(frames >= 3u, frames << " frames");

  require_ok(run_mixfit({"sample", "--model", run + "/model.yaml", "-n", "10000", "--seed", "2", "--out",
                         dir.file("new.csv")}));
  BOOST_TEST(split_lines(read_text(dir.file("new.csv"))).size() >= 10001u);
}

BOOST_AUTO_TEST_CASE(digits_bernoulli_example) {
  TempDir dir;
  const std::string config = kExamples + "digits_bernoulli/digits.yaml";
  require_ok(run_mixfit({"run", config, "--out", dir.file("k10"), "--quiet", "--set", "inference.n_init=1"}));
  require_ok(run_mixfit({"plot", dir.file("k10"), "--format", "png"}));
  BOOST_TEST(is_png(dir.file("k10") + "/plots/component_means.png"));
  BOOST_TEST(read_text(dir.file("k10") + "/plots/component_means.png").size() > 5000u);
  require_ok(run_mixfit({"run", config, "--out", dir.file("k1"), "--quiet", "--set", "model.components=1", "--set",
                         "inference.n_init=1"}));
  const double k10 = YAML::LoadFile(dir.file("k10") + "/summary.yaml")["mean_log_likelihood"].as<double>();
  const double k1 = YAML::LoadFile(dir.file("k1") + "/summary.yaml")["mean_log_likelihood"].as<double>();
  // Ten prototypes explain the pixels far better than one (−19 against −25 nats per image).
  BOOST_TEST(k10 > k1 + 4.0, k10 << " against " << k1);
}

BOOST_AUTO_TEST_CASE(iris_example) {
  TempDir dir;
  const std::string example = kExamples + "iris/";
  require_ok(run_mixfit({"run", example + "iris.yaml", "--out", dir.file("k3"), "--quiet"}));
  const double agreeing = agreement(integer_column(dir.file("k3") + "/labels.csv", "label"),
                                    text_column(example + "data/iris.csv", "species"));
  BOOST_TEST(agreeing > 0.90, agreeing << " of the flowers agree with their species");

  // As shipped (24 points of 5 restarts take a fraction of a second): the README's reading of it must hold.
  require_ok(run_mixfit({"run", example + "iris_sweep.yaml", "--out", dir.file("sweep"), "--quiet", "--jobs", "2"}));
  const YAML::Node sweep = YAML::LoadFile(dir.file("sweep") + "/sweep.yaml");
  BOOST_TEST(sweep["points"].as<int>() == 24);
  BOOST_TEST(sweep["failed"].size() == 0u);
  const int chosen = sweep["best"]["values"]["model.components"].as<int>();
  BOOST_TEST(chosen == 2, "BIC chose K = " << chosen);
  BOOST_TEST(sweep["best"]["values"]["model.options.covariance"].as<std::string>() == "full");
  require_ok(run_mixfit({"plot", dir.file("sweep"), "--format", "png"}));
  BOOST_TEST(is_png(dir.file("sweep") + "/plots/criteria.png"));
}

BOOST_AUTO_TEST_CASE(colour_quantisation_example) {
  TempDir dir;
  const std::string example = kExamples + "colour_quantisation/";
  require_ok(run_program(QUANTISE_IMAGE, {"scene", dir.file("scene.png")}));
  BOOST_TEST(read_text(dir.file("scene.png")) == read_text(example + "scene.png"));
  require_ok(run_program(QUANTISE_IMAGE, {"pixels", example + "scene.png", dir.file("pixels.csv")}));
  BOOST_TEST(read_text(dir.file("pixels.csv")) == read_text(example + "pixels.csv"));

  auto error_and_colours = [&](const std::string& image) {
    const CommandResult compared = run_program(QUANTISE_IMAGE, {"compare", example + "scene.png", image});
    BOOST_TEST_REQUIRE(compared.exit_code == 0, compared.err);
    const YAML::Node numbers = YAML::Load(compared.out);
    return std::make_pair(numbers["mse"].as<double>(), numbers["colours"].as<int>());
  };
  require_ok(run_program(QUANTISE_IMAGE, {"uniform", example + "scene.png", dir.file("uniform.png")}));
  const double uniform_error = error_and_colours(dir.file("uniform.png")).first;
  for (const std::string fit : {"kmeans", "gmm"}) {
    const std::string run = dir.file(fit);
    require_ok(run_mixfit({"run", example + fit + ".yaml", "--out", run, "--quiet"}));
    require_ok(run_program(QUANTISE_IMAGE, {"paint", example + "scene.png", run, dir.file(fit + ".png")}));
    BOOST_TEST(is_png(dir.file(fit + ".png")));
    const auto [error, colours] = error_and_colours(dir.file(fit + ".png"));
    BOOST_TEST(colours <= 20, fit << ": " << colours << " colours");
    BOOST_TEST(error < uniform_error / 100.0, fit << ": mean squared error " << error << ", uniform " << uniform_error);
  }
}

BOOST_AUTO_TEST_SUITE_END()  // examples_test
