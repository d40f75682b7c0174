// Degenerate data still fit: finite, sensible results and a warning in summary.yaml (duplicates, collapse onto a
// point, constant columns, extreme scales, components that lose every point under reseed / drop / error).
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <sstream>

BOOST_AUTO_TEST_SUITE(cli_degenerate_data_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;
namespace tt = boost::test_tools;

namespace {

struct Point {
  double x, y;
};

// Two 10×10 lattices of spacing 0.2: one centred on (0, 0), one on (8, 8).
std::vector<Point> two_blobs() {
  std::vector<Point> points;
  for (const double centre : {0.0, 8.0})
    for (int i = 0; i < 10; ++i)
      for (int j = 0; j < 10; ++j) points.push_back({centre + 0.2 * (i - 4.5), centre + 0.2 * (j - 4.5)});
  return points;
}

std::string csv(const std::vector<Point>& points, double scale = 1.0) {
  std::ostringstream out;
  out.precision(17);
  out << "x,y\n";
  for (const auto& p : points) out << p.x * scale << "," << p.y * scale << "\n";
  return out.str();
}

struct Run {
  CommandResult result;
  std::string dir;
  YAML::Node summary, model;
};

// Writes data and an experiment (`model` and `inference` are those sections' bodies), runs it into <dir>/out.
Run fit_model(const TempDir& dir, const std::string& data, const std::string& model, const std::string& inference,
              int seed = 5) {
  write_text(dir.file("data.csv"), data);
  write_text(dir.file("experiment.yaml"), "experiment: {name: degenerate, seed: " + std::to_string(seed) + "}\n"
                                          "data: {path: data.csv}\n"
                                          "model: " + model + "\n"
                                          "inference: " + inference + "\n"
                                          "output: {dir: out}\n");
  Run run;
  run.dir = dir.file("out");
  run.result = run_mixfit({"run", dir.file("experiment.yaml"), "--quiet"});
  if (run.result.exit_code == 0) {
    run.summary = YAML::LoadFile(run.dir + "/summary.yaml");
    run.model = YAML::LoadFile(run.dir + "/model.yaml");
  }
  return run;
}

// A full-covariance gaussian fit with `components` components.
Run fit(const TempDir& dir, const std::string& data, std::size_t components, const std::string& inference) {
  return fit_model(dir, data, "{components: " + std::to_string(components) + ", family: gaussian}", inference);
}

// Every number in a YAML tree is finite.
bool all_finite(const YAML::Node& node) {
  if (node.IsSequence() || node.IsMap()) {
    for (const auto& item : node)
      if (!all_finite(node.IsMap() ? item.second : item)) return false;
    return true;
  }
  double value = 0.0;
  return !YAML::convert<double>::decode(node, value) || std::isfinite(value);
}

std::size_t warnings_containing(const YAML::Node& summary, const std::string& text) {
  std::size_t found = 0;
  for (const auto& warning : summary["warnings"]) found += warning.as<std::string>().find(text) != std::string::npos;
  return found;
}

void expect_finite(const Run& run) {
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  BOOST_TEST(std::isfinite(run.summary["log_likelihood"].as<double>()));
  BOOST_TEST(std::isfinite(run.summary["bic"].as<double>()));
  BOOST_TEST(all_finite(run.model["weights"]));
  BOOST_TEST(all_finite(run.model["components"]));
}

// Starts a 3-component EM with a third component so far away that no row gives it any weight.
const char* kStartWithDeadComponent =
    "weights: [0.4, 0.4, 0.2]\n"
    "components:\n"
    "  - {mean: [0, 0], covariance: [[1, 0], [0, 1]]}\n"
    "  - {mean: [8, 8], covariance: [[1, 0], [0, 1]]}\n"
    "  - {mean: [1000000, 1000000], covariance: [[1, 0], [0, 1]]}\n";

}  // namespace

BOOST_AUTO_TEST_CASE(duplicate_points_collapse_with_a_warning_per_component) {
  TempDir dir;
  std::vector<Point> points;
  for (const Point p : {Point{1, 2}, Point{5, 5}, Point{9, 1}})
    for (int copy = 0; copy < 20; ++copy) points.push_back(p);
  const Run run = fit(dir, csv(points), 3, "{max_iter: 50, init: {method: kmeans++}}");
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "collapsed onto a single point") == 3u);
  BOOST_TEST(warnings_containing(run.summary, "all but 0 of its 20 effective rows, so its spread is the family's "
                                              "regularisation alone") == 3u);
  for (const auto& weight : run.model["weights"]) BOOST_TEST(weight.as<double>() == 1.0 / 3.0, tt::tolerance(1e-12));
  // Each covariance is the regularisation alone: reg_covar·I.
  for (const auto& component : run.model["components"])
    BOOST_TEST(component["covariance"][0][0].as<double>() == 1e-6, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_component_on_a_lone_outlier_is_reported_by_row) {
  TempDir dir;
  std::vector<Point> points = two_blobs();
  points.push_back({1000, 1000});
  const Run run = fit(dir, csv(points), 3, "{max_iter: 100, init: {method: kmeans++}}");
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "collapsed onto a single point (row 201)") == 1u, run.result.out);
}

// Old Faithful (R's datasets::faithful), tied covariance, K = 3, reg_covar 0 as mclust fits it: from this seed EM
// ends in a local optimum (log-likelihood -1140.068) whose third component holds one row by arg max (row 211) but
// 7.8 rows of soft weight over 31 rows, and shares the covariance of the others. The hard-label check called that
// a collapse onto row 211 with a spread of regularisation alone; neither is true.
BOOST_AUTO_TEST_CASE(a_tied_component_holding_one_row_by_arg_max_is_no_collapse) {
  TempDir dir;
  const Run run = fit_model(dir, read_text(std::string(MIXFIT_SOURCE_DIR) + "/tests/data/faithful/faithful.csv"),
                            "{components: 3, family: gaussian, options: {covariance: tied, reg_covar: 0}}",
                            "{max_iter: 1000, tol: 1.0e-10}", 1);
  expect_finite(run);
  BOOST_TEST_REQUIRE(run.summary["log_likelihood"].as<double>() == -1140.068, tt::tolerance(1e-6));
  std::size_t in_third = 0;  // row 211 alone, by arg max
  for (const std::string& line : split_lines(read_text(run.dir + "/labels.csv"))) in_third += line.rfind("2,", 0) == 0;
  BOOST_TEST_REQUIRE(in_third == 1u);
  BOOST_TEST(272 * run.model["weights"][2].as<double>() == 7.836, tt::tolerance(1e-3));
  BOOST_TEST(warnings_containing(run.summary, "collapsed") == 0u, run.summary["warnings"]);
}

// A component on one value of one column (a rounded column): reported with the column, unless its spread there
// is shared (tied covariance). 100 rows with z = 0.2 exactly, 100 with z continuous.
BOOST_AUTO_TEST_CASE(a_spike_on_one_value_of_a_column_is_reported_unless_the_spread_is_shared) {
  std::ostringstream csv;
  csv.precision(17);
  csv << "x,y,z\n";
  for (int i = 0; i < 200; ++i) {
    const double u = 0.01 * i;
    if (i < 100)
      csv << std::sin(7 * u) << "," << std::cos(5 * u) << ",0.2\n";
    else
      csv << 8 + std::sin(7 * u) << "," << 8 + std::cos(5 * u) << "," << 3 + std::sin(11 * u) << "\n";
  }
  for (const std::string covariance : {"diag", "full", "tied"}) {
    TempDir dir;
    const Run run = fit_model(dir, csv.str(), "{components: 2, family: gaussian, options: {covariance: " + covariance + "}}",
                              "{max_iter: 100}");
    expect_finite(run);
    const std::size_t expected = covariance == "tied" ? 0u : 1u;
    BOOST_TEST(warnings_containing(run.summary, "collapsed onto one value of a column ('z' = 0.2, as in row") == expected,
               covariance << ": " << run.summary["warnings"]);
    BOOST_TEST(warnings_containing(run.summary, "collapsed onto a single point") == 0u);
  }
}

BOOST_AUTO_TEST_CASE(variational_collapse_blames_the_prior) {
  TempDir dir;
  std::vector<Point> points;
  for (const Point p : {Point{1, 2}, Point{5, 5}, Point{9, 1}})
    for (int copy = 0; copy < 20; ++copy) points.push_back(p);
  const Run run = fit(dir, csv(points), 3, "{algorithm: vb, max_iter: 200}");
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "of its 20 effective rows, so its spread comes from the prior alone") ==
             3u);
  BOOST_TEST(warnings_containing(run.summary, "regularisation") == 0u);
}

BOOST_AUTO_TEST_CASE(a_constant_column_is_named_and_gets_the_regularised_variance) {
  TempDir dir;
  std::vector<Point> points = two_blobs();
  for (auto& p : points) p.y = 3.5;
  const Run run = fit(dir, csv(points), 2, "{max_iter: 100}");
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "column 'y' is constant (every row 3.5)") == 1u);
  for (const auto& component : run.model["components"]) {
    BOOST_TEST(component["mean"][1].as<double>() == 3.5, tt::tolerance(1e-12));
    BOOST_TEST(component["covariance"][1][1].as<double>() == 1e-6, tt::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_CASE(data_scaled_by_1e150_fit_like_the_unscaled_data) {
  TempDir plain_dir, huge_dir;
  const Run plain = fit(plain_dir, csv(two_blobs()), 2, "{max_iter: 100, tol: 0}");
  const Run huge = fit(huge_dir, csv(two_blobs(), 1e150), 2, "{max_iter: 100, tol: 0}");
  expect_finite(plain);
  expect_finite(huge);
  BOOST_TEST(warnings_containing(huge.summary, "squared values come near the range of a double") == 2u);
  // Means scale with the data, covariances with its square; weights do not change.
  for (std::size_t k = 0; k < 2; ++k) {
    BOOST_TEST(huge.model["weights"][k].as<double>() == plain.model["weights"][k].as<double>(), tt::tolerance(1e-9));
    // One blob's mean is 0 up to rounding: compare to the data's extent (about 10), not to the mean.
    const double mean_error = huge.model["components"][k]["mean"][0].as<double>() / 1e150 -
                              plain.model["components"][k]["mean"][0].as<double>();
    BOOST_TEST(std::abs(mean_error) < 1e-9 * 10.0);
    BOOST_TEST(huge.model["components"][k]["covariance"][0][0].as<double>() ==
                   1e300 * plain.model["components"][k]["covariance"][0][0].as<double>(),
               tt::tolerance(1e-5));  // plain carries reg_covar = 1e-6 on a variance of about 0.33
  }
}

BOOST_AUTO_TEST_CASE(data_scaled_by_1e_minus_150_stay_finite_and_are_flagged) {
  TempDir dir;
  const Run run = fit(dir, csv(two_blobs(), 1e-150), 2, "{max_iter: 100}");
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "absolute floors (such as gaussian reg_covar) swamp") == 2u);
  for (const auto& component : run.model["components"])
    BOOST_TEST(std::abs(component["mean"][0].as<double>()) < 1e-148);
}

BOOST_AUTO_TEST_CASE(an_empty_component_is_reseeded_from_the_worst_explained_row) {
  TempDir dir;
  write_text(dir.file("start.yaml"), kStartWithDeadComponent);
  // A stray point between the blobs, far worse explained than any lattice point, as row 201.
  std::vector<Point> points = two_blobs();
  points.push_back({3, -2});
  const Run run = fit(dir, csv(points), 3, "{max_iter: 30, init: {method: given, file: start.yaml}}");
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "component 2 lost all its points at iteration 1; re-seeded from the "
                                              "worst-explained row 201") == 1u,
             run.result.out);
  BOOST_TEST(run.summary["components"].as<int>() == 3);
  // The stray point keeps its own component (a spike at reg_covar, reported as a collapse).
  BOOST_TEST(run.model["weights"][2].as<double>() == 1.0 / 201.0, tt::tolerance(1e-9));
  BOOST_TEST(run.model["components"][2]["mean"][0].as<double>() == 3.0, tt::tolerance(1e-12));
  BOOST_TEST(run.model["components"][2]["mean"][1].as<double>() == -2.0, tt::tolerance(1e-12));
  BOOST_TEST(warnings_containing(run.summary, "component 2 collapsed onto a single point (row 201)") == 1u);
}

BOOST_AUTO_TEST_CASE(an_empty_component_can_be_dropped) {
  TempDir dir;
  write_text(dir.file("start.yaml"), kStartWithDeadComponent);
  const Run run = fit(dir, csv(two_blobs()), 3,
                      "{max_iter: 30, empty_component: drop, init: {method: given, file: start.yaml}}");
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "component 2 lost all its points at iteration 1 and was dropped; the "
                                              "fit goes on with K = 2") == 1u);
  BOOST_TEST(run.summary["components"].as<int>() == 2);
  BOOST_TEST(run.model["weights"].size() == 2u);
  BOOST_TEST(run.model["components"].size() == 2u);
  BOOST_TEST(run.summary["n_parameters"].as<int>() == 11);  // 2·(2 + 3) + 1
  for (const auto& weight : run.model["weights"]) BOOST_TEST(weight.as<double>() == 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(an_empty_component_can_be_an_error) {
  TempDir dir;
  write_text(dir.file("start.yaml"), kStartWithDeadComponent);
  const Run run = fit(dir, csv(two_blobs()), 3,
                      "{max_iter: 30, empty_component: error, init: {method: given, file: start.yaml}}");
  BOOST_TEST(run.result.exit_code == 1);
  BOOST_TEST(run.result.err.find("component 2 lost all its points at iteration 1") != std::string::npos,
             run.result.err);
  BOOST_TEST(run.result.err.find("inference.empty_component") != std::string::npos);
  BOOST_TEST(!fs::exists(run.dir));
}

BOOST_AUTO_TEST_CASE(k_means_drops_an_empty_cluster) {
  TempDir dir;
  const std::string inference =
      "{algorithm: kmeans, max_iter: 30, empty_component: drop, "
      "init: {method: given, centroids: [[0, 0], [8, 8], [1000000, 1000000]]}}";
  const Run run = fit(dir, csv(two_blobs()), 3, inference);
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "cluster 2 lost all its points at iteration 1 and was dropped") == 1u);
  BOOST_TEST(run.model["components"].size() == 2u);
  BOOST_TEST(split_lines(read_text(run.dir + "/centroids.csv")).size() == 3u);  // header + 2
}

BOOST_AUTO_TEST_CASE(k_means_reseeds_an_empty_cluster_by_default) {
  TempDir dir;
  const std::string inference =
      "{algorithm: kmeans, max_iter: 30, init: {method: given, centroids: [[0, 0], [8, 8], [1000000, 1000000]]}}";
  const Run run = fit(dir, csv(two_blobs()), 3, inference);
  expect_finite(run);
  BOOST_TEST(warnings_containing(run.summary, "cluster 2 lost all its points at iteration 1; moved") == 1u);
  BOOST_TEST(run.model["components"].size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_degenerate_data_test
