// data.labels: semi-supervised EM against mclust's MclustSSC.fit (tests/data/mclust_ssc, written by
// scripts/reference/mclust_ssc.R) from the same start: diabetes with every fourth row's class known, the start
// one-hot on those rows and 1/3 elsewhere. mclust runs M, E (known rows reset to one-hot) 25 times; mixfit's
// responsibilities start is that first M-step, so 24 EM iterations end on the same parameters, and its trace
// is mclust's log-likelihood Σ_unknown log p(x) + Σ_known log π_z p(x | θ_z) of iterations 1..24.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_known_labels_test)

using namespace mixfit::testing;

namespace {

const std::string kFixtures = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/mclust_ssc/";

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

std::string config(const std::string& model, std::size_t iterations, const std::string& out) {
  return "experiment: {name: ssc, seed: 1}\n"
         "data: {path: " + kFixtures + "diabetes_labelled.csv, labels: known}\n"
         "model: {components: 3, family: gaussian, options: {covariance: " + model + ", reg_covar: 0}}\n"
         "inference: {algorithm: em, max_iter: " + std::to_string(iterations) +
         ", tol: 0, init: {method: responsibilities, file: " + kFixtures + "start_responsibilities.csv}}\n"
         "output: {dir: " + out + "}\n";
}

// Σ_k as model.yaml holds it: a matrix per component, a spherical variance, or one shared matrix.
arma::mat covariance_of(const YAML::Node& model, std::size_t k) {
  const YAML::Node own = model["components"][k]["covariance"];
  if (own && own.IsSequence()) return to_mat(own);
  if (own && own.IsScalar()) return own.as<double>() * arma::eye(3, 3);
  return to_mat(model["shared"]["covariance"]);
}

}  // namespace

BOOST_AUTO_TEST_CASE(semi_supervised_em_is_mclust_ssc_from_the_same_start) {
  const YAML::Node reference = YAML::LoadFile(kFixtures + "diabetes_ssc.yaml");
  const std::size_t iterations = reference["iterations"].as<std::size_t>();
  const double rows = reference["rows"].as<double>();
  const std::vector<std::string> data_lines = split_lines(read_text(kFixtures + "diabetes_labelled.csv"));
  for (const YAML::Node& fit : reference["fits"]) {
    const std::string model = fit["model"].as<std::string>();
    BOOST_TEST_CONTEXT(model) {
      TempDir dir;
      write_text(dir.file("ssc.yaml"), config(model, iterations - 1, dir.file("run")));
      const CommandResult result = run_mixfit({"run", dir.file("ssc.yaml"), "--quiet"});
      BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);

      const std::vector<double> expected = fit["log_likelihood_trace"].as<std::vector<double>>();
      const std::vector<std::string> trace = split_lines(read_text(dir.file("run/trace.csv")));
      BOOST_TEST_REQUIRE(trace.size() == iterations);  // header + iterations − 1
      for (std::size_t t = 1; t < iterations; ++t) {
        const std::string& line = trace[t];
        const std::size_t first = line.find(',') + 1;
        const double ours = std::stod(line.substr(first, line.find(',', first) - first)) * rows;
        BOOST_TEST(relative(ours, expected[t - 1]) < 1e-10, "iteration " << t << ": " << ours << " vs " << expected[t - 1]);
      }
      const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
      BOOST_TEST(relative(summary["log_likelihood"].as<double>(), expected.back()) < 1e-10);
      BOOST_TEST(summary["known_labels"].as<std::size_t>() == reference["known_rows"].as<std::size_t>());

      const YAML::Node ours = YAML::LoadFile(dir.file("run/model.yaml"));
      for (std::size_t k = 0; k < 3; ++k) {
        BOOST_TEST(relative(ours["weights"][k].as<double>(), fit["weights"][k].as<double>()) < 1e-10);
        const arma::vec mean = to_vec(ours["components"][k]["mean"]);
        BOOST_TEST(max_relative_error(mean, to_vec(fit["means"][k])) < 1e-10, "mean " << k);
        const arma::mat covariance = covariance_of(ours, k);
        const arma::mat reference_covariance = to_mat(fit["covariances"][k]);
        BOOST_TEST(arma::abs(covariance - reference_covariance).max() / arma::abs(reference_covariance).max() < 1e-10,
                   "covariance " << k);
      }
      // Labels: mclust's final classification, and every known row keeps its class.
      const std::vector<std::string> labels = split_lines(read_text(dir.file("run/labels.csv")));
      BOOST_TEST_REQUIRE(labels.size() == data_lines.size());
      std::size_t differ = 0, moved = 0;
      for (std::size_t n = 1; n < labels.size(); ++n) {
        const std::string label = labels[n].substr(0, labels[n].find(','));
        differ += std::stoul(label) != fit["classification"][n - 1].as<std::size_t>();
        const std::string known = data_lines[n].substr(data_lines[n].rfind(',') + 1);
        if (!known.empty()) moved += known != label;
      }
      BOOST_TEST(differ == 0u);
      BOOST_TEST(moved == 0u);
    }
  }
}

// k-means++ with known labels starts the known components at their rows' means: the fit ends with every known row
// in its class, and under CEM and k-means too.
BOOST_AUTO_TEST_CASE(known_rows_keep_their_component_under_every_algorithm) {
  const std::vector<std::string> data_lines = split_lines(read_text(kFixtures + "diabetes_labelled.csv"));
  for (const std::string algorithm : {"em", "cem", "sem", "kmeans", "vb"}) {
    BOOST_TEST_CONTEXT(algorithm) {
      TempDir dir;
      write_text(dir.file("run.yaml"),
                 "experiment: {name: ssc, seed: 3}\n"
                 "data: {path: " + kFixtures + "diabetes_labelled.csv, labels: known}\n"
                 "model: {components: 3, family: gaussian}\n"
                 "inference: {algorithm: " + algorithm + ", max_iter: 40, n_init: 2}\noutput: {dir: run}\n");
      const CommandResult result = run_mixfit({"run", dir.file("run.yaml"), "--quiet"});
      BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
      const std::vector<std::string> labels = split_lines(read_text(dir.file("run/labels.csv")));
      BOOST_TEST_REQUIRE(labels.size() == data_lines.size());
      std::size_t moved = 0, known = 0;
      for (std::size_t n = 1; n < labels.size(); ++n) {
        const std::string label = data_lines[n].substr(data_lines[n].rfind(',') + 1);
        if (label.empty()) continue;
        ++known;
        moved += label != labels[n].substr(0, labels[n].find(','));
      }
      BOOST_TEST(known == 37u);
      BOOST_TEST(moved == 0u);
    }
  }
}

// Known labels, sample weights and missing cells together: the start's known means skip missing cells, and
// the known rows keep their class.
BOOST_AUTO_TEST_CASE(known_labels_with_weights_and_missing_cells) {
  const std::vector<std::string> lines = split_lines(read_text(kFixtures + "diabetes_labelled.csv"));
  std::string table = lines[0] + ",w\n";
  for (std::size_t n = 1; n < lines.size(); ++n) {
    std::string line = lines[n];
    if (n % 3 == 0) line.erase(line.find(',') + 1, line.find(',', line.find(',') + 1) - line.find(',') - 1);  // insulin
    table += line + "," + std::to_string(1 + n % 2) + "\n";
  }
  TempDir dir;
  write_text(dir.file("data.csv"), table);
  write_text(dir.file("run.yaml"), "experiment: {name: all, seed: 5}\n"
                                   "data: {path: data.csv, labels: known, weights: w, missing: marginalize}\n"
                                   "model: {components: 3, family: gaussian}\ninference: {max_iter: 100, n_init: 2}\n"
                                   "output: {dir: run}\n");
  const CommandResult result = run_mixfit({"run", dir.file("run.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(summary["missing"]["cells"].as<std::size_t>() == 48u);
  BOOST_TEST(summary["known_labels"].as<std::size_t>() == 37u);
  const std::vector<std::string> labels = split_lines(read_text(dir.file("run/labels.csv")));
  const std::vector<std::string> rows = split_lines(table);
  std::size_t moved = 0;
  for (std::size_t n = 1; n < labels.size(); ++n) {
    const std::string known = rows[n].substr(0, rows[n].rfind(','));  // the row without its weight
    const std::string label = known.substr(known.rfind(',') + 1);
    if (!label.empty()) moved += label != labels[n].substr(0, labels[n].find(','));
  }
  BOOST_TEST(moved == 0u);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_known_labels_test
