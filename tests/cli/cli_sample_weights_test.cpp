// data.weights: a row of integer weight w fits exactly as w copies of it, and a row of weight 0 as no row.
//
// Each case writes two files from one table: the rows with a weight column w_n = n mod 4 (so a quarter of
// them weigh 0), and the rows repeated w_n times without it. Both are fitted from the same start (the weighted
// data's own k-means++ start, fitted for a few iterations and saved) with tol 0 and a fixed number of
// iterations; every number of model.yaml, the log-likelihood and the criteria must agree to 1e-12 relative
// and every repeated row must get its original's label. Sums over w copies and w times one row differ only by
// rounding, so nothing looser is needed.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <regex>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_sample_weights_test)

using namespace mixfit::testing;

namespace {

const std::string kSource = MIXFIT_SOURCE_DIR;

struct WeightedCase {
  std::string name;
  std::string data;       // a CSV file under the source tree
  std::size_t max_rows;   // the first rows of it (0: all)
  std::string model;      // the model section's body, one YAML flow map
  std::string algorithm;  // em | cem | vb | kmeans
  std::string columns = "";  // data.columns as a YAML flow list (empty: every column but w)
  // Iterations from the shared start. Far from convergence EM can amplify rounding differences: on all 64
  // digit pixels (K = 4) the weighted and repeated fits part by 1e-11 after 4 iterations and 1e-9 after 10,
  // with 1 and 2 iterations equal to 1e-12; on 16 pixels they stay within 1e-12 for 25.
  std::size_t iterations = 25;
};

// [p0, ..., p<count − 1>]: pixel columns of digits_binary.csv (not its `digit` column).
std::string pixel_columns(int count) {
  std::string list = "[";
  for (int i = 0; i < count; ++i) list += (i ? ", p" : "p") + std::to_string(i);
  return list + "]";
}

// The weighted table (with its weight column and, when `labels`, an all-unknown label column)
// and the table of repeated rows.
void write_tables(const TempDir& dir, const WeightedCase& c, const std::string& weight_of_row = "mod4") {
  const std::vector<std::string> lines = split_lines(read_text(kSource + "/" + c.data));
  std::string weighted = lines[0] + ",w\n", repeated = lines[0] + "\n";
  const std::size_t rows = c.max_rows ? std::min(c.max_rows, lines.size() - 1) : lines.size() - 1;
  for (std::size_t n = 0; n < rows; ++n) {
    const std::size_t w = weight_of_row == "mod4" ? n % 4 : (n % 3 == 0 ? 0 : 1);
    weighted += lines[n + 1] + "," + std::to_string(w) + "\n";
    for (std::size_t copy = 0; copy < w; ++copy) repeated += lines[n + 1] + "\n";
  }
  write_text(dir.file("weighted.csv"), weighted);
  write_text(dir.file("repeated.csv"), repeated);
}

std::string experiment(const WeightedCase& c, const std::string& data, bool weighted, const std::string& inference,
                       const std::string& out) {
  return "experiment: {name: " + c.name + ", seed: 5}\n"
         "data: {path: " + data + (weighted ? ", weights: w" : "") +
         (c.columns.empty() ? "" : ", columns: " + c.columns) + "}\n"
         "model: " + c.model + "\ninference: " + inference + "\noutput: {dir: " + out + "}\n";
}

// Every number in a text, in order (model.yaml's structure is the same for both fits).
std::vector<double> numbers_in(const std::string& text) {
  static const std::regex number(R"([-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)");
  std::vector<double> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != std::sregex_iterator(); ++it)
    out.push_back(std::stod(it->str()));
  return out;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b)) + 1e-300; }

void expect_same_fit(const TempDir& dir, const WeightedCase& c) {
  const std::string start = c.algorithm == "kmeans" ? "" : dir.file("start/model.yaml");
  const std::string init =
      c.algorithm == "kmeans" ? "{method: given, centroids: " + read_text(dir.file("centroids.yaml")) + "}"
                              : "{method: given, file: " + start + "}";
  const std::string inference = "{algorithm: " + c.algorithm + ", max_iter: " + std::to_string(c.iterations) + ", tol: 0, init: " + init + "}";
  write_text(dir.file("w.yaml"), experiment(c, dir.file("weighted.csv"), true, inference, dir.file("w")));
  write_text(dir.file("r.yaml"), experiment(c, dir.file("repeated.csv"), false, inference, dir.file("r")));
  for (const char* run : {"w.yaml", "r.yaml"}) {
    const CommandResult result = run_mixfit({"run", dir.file(run), "--quiet"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, c.name << " " << run << ": " << result.err);
  }
  const std::vector<double> weighted = numbers_in(read_text(dir.file("w/model.yaml")));
  const std::vector<double> repeated = numbers_in(read_text(dir.file("r/model.yaml")));
  BOOST_TEST_REQUIRE(weighted.size() == repeated.size(), c.name);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < weighted.size(); ++i)
    if (!close(weighted[i], repeated[i])) {
      if (differ++ < 5) BOOST_TEST_MESSAGE(c.name << ": number " << i << ": " << std::setprecision(17) << weighted[i] << " vs " << repeated[i]);
    }
  BOOST_TEST(differ == 0u, c.name << ": " << differ << " of " << weighted.size() << " numbers of model.yaml differ");

  const YAML::Node w = YAML::LoadFile(dir.file("w/summary.yaml")), r = YAML::LoadFile(dir.file("r/summary.yaml"));
  BOOST_TEST(w["total_weight"].as<double>() == static_cast<double>(r["n_rows"].as<std::size_t>()), c.name);
  for (const char* key : {"log_likelihood", "bic", "aic", "icl"})
    BOOST_TEST(close(w[key].as<double>(), r[key].as<double>()),
               c.name << " " << key << ": " << w[key].as<double>() << " vs " << r[key].as<double>());
  BOOST_TEST(w["n_parameters"].as<std::size_t>() == r["n_parameters"].as<std::size_t>());

  // Labels: row n of the weighted data has the label of each of its copies; rows of weight 0 are labelled too.
  const std::vector<std::string> w_labels = split_lines(read_text(dir.file("w/labels.csv")));
  const std::vector<std::string> r_labels = split_lines(read_text(dir.file("r/labels.csv")));
  const std::vector<std::string> lines = split_lines(read_text(dir.file("weighted.csv")));
  BOOST_TEST_REQUIRE(w_labels.size() == lines.size());
  std::size_t copy = 1, mismatched = 0;
  for (std::size_t n = 1; n < lines.size(); ++n) {
    const std::size_t weight = std::stoul(lines[n].substr(lines[n].rfind(',') + 1));
    const std::string label = w_labels[n].substr(0, w_labels[n].find(','));
    for (std::size_t i = 0; i < weight; ++i, ++copy) mismatched += r_labels.at(copy).substr(0, r_labels[copy].find(',')) != label;
  }
  BOOST_TEST(copy == r_labels.size());
  BOOST_TEST(mismatched == 0u, c.name);
}

// The start both fits share: the weighted data's own k-means++ start after three iterations, saved.
void fit_start(const TempDir& dir, const WeightedCase& c) {
  const std::string algorithm = c.algorithm == "cem" ? "em" : c.algorithm;
  const std::string inference = "{algorithm: " + algorithm + ", max_iter: 3, init: {method: kmeans++}}";
  write_text(dir.file("start.yaml"), experiment(c, dir.file("weighted.csv"), true, inference, dir.file("start")));
  const CommandResult result = run_mixfit({"run", dir.file("start.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, c.name << ": " << result.err);
  if (c.algorithm == "kmeans") {
    // centroids.csv → a YAML list of lists for init.centroids.
    const std::vector<std::string> rows = split_lines(read_text(dir.file("start/centroids.csv")));
    std::string list = "[";
    for (std::size_t i = 1; i < rows.size(); ++i) list += (i > 1 ? ", [" : "[") + rows[i] + "]";
    write_text(dir.file("centroids.yaml"), list + "]");
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(integer_weights_fit_as_repeated_rows_for_every_family_and_algorithm) {
  const std::string faithful = "tests/data/faithful/faithful.csv";
  const std::string customers = "configs/data/customers.csv";
  const std::vector<WeightedCase> cases = {
      {"gaussian_full_em", faithful, 0, "{components: 3, family: gaussian, options: {covariance: full}}", "em"},
      {"gaussian_diag_em", faithful, 0, "{components: 3, family: gaussian, options: {covariance: diag}}", "em"},
      {"gaussian_spherical_cem", faithful, 0, "{components: 2, family: gaussian, options: {covariance: spherical}}",
       "cem"},
      {"gaussian_tied_em", faithful, 0, "{components: 3, family: gaussian, options: {covariance: tied}}", "em"},
      {"gaussian_full_vb", faithful, 0, "{components: 4, family: gaussian, options: {covariance: full}}", "vb"},
      {"gaussian_kmeans", faithful, 0, "{components: 3, family: gaussian}", "kmeans"},
      {"gaussian_mclust_vev_em", faithful, 0, "{components: 2, family: gaussian, options: {covariance: VEV, reg_covar: 0}}", "em"},
      {"bernoulli_em", "configs/data/digits_binary.csv", 400, "{components: 4, family: bernoulli}", "em",
       pixel_columns(16)},
      {"bernoulli_vb", "configs/data/digits_binary.csv", 400, "{components: 4, family: bernoulli}", "vb",
       pixel_columns(16)},
      {"categorical_cem", customers, 300,
       "{components: 3, family: product, parts: [{family: categorical, columns: [region, plan]}]}", "cem"},
      {"exponential_em", faithful, 0, "{components: 2, family: exponential}", "em"},
      {"exponential_vb", faithful, 0, "{components: 2, family: exponential}", "vb"},
      {"student_t_em", faithful, 0, "{components: 2, family: student_t}", "em"},
      {"von_mises_cem", faithful, 0, "{components: 2, family: von_mises}", "cem", "[eruptions]"},
      {"multinomial_em", "configs/data/digits_binary.csv", 400, "{components: 3, family: multinomial}", "em",
       pixel_columns(16)},
      {"product_em", customers, 0,
       "{components: 3, family: product, parts: [{family: gaussian, columns: [age, income], options: {covariance: "
       "diag}}, {family: categorical, columns: [region, plan]}, {family: bernoulli, columns: [smoker, churned]}]}",
       "em"},
  };
  for (const WeightedCase& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      TempDir dir;
      write_tables(dir, c);
      fit_start(dir, c);
      expect_same_fit(dir, c);
    }
  }
}

// Weight 0 is the row removed, and its responsibilities are still written.
BOOST_AUTO_TEST_CASE(zero_weights_fit_as_removed_rows) {
  const WeightedCase c{"zero", "tests/data/faithful/faithful.csv", 0,
                       "{components: 2, family: gaussian, options: {covariance: full}}", "em"};
  TempDir dir;
  write_tables(dir, c, "zero_or_one");
  fit_start(dir, c);
  expect_same_fit(dir, c);
  const std::vector<std::string> responsibilities = split_lines(read_text(dir.file("w/responsibilities.csv")));
  BOOST_TEST(responsibilities.size() == 273u);  // every row of faithful, weighed or not
}

// Bad weight and label columns: a located error before anything is written.
BOOST_AUTO_TEST_CASE(bad_annotation_columns_are_located_errors) {
  TempDir dir;
  write_text(dir.file("data.csv"), "x,w,lab\n1.0,1,\n2.0,-1,0\n3.0,1,7\n");
  const auto run_with = [&](const std::string& data_keys) {
    write_text(dir.file("bad.yaml"), "experiment: {name: bad, seed: 1}\ndata: {path: data.csv, " + data_keys +
                                         "}\nmodel: {components: 2, family: gaussian}\noutput: {dir: out}\n");
    return run_mixfit({"run", dir.file("bad.yaml"), "--quiet"});
  };
  CommandResult result = run_with("columns: [x], weights: w");
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.err.find("data.csv:3: column 'w': expected a sample weight >= 0, got '-1'") != std::string::npos,
             result.err);
  result = run_with("columns: [x], labels: lab");
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.err.find("data.csv:4: column 'lab': expected a known component 0..1") != std::string::npos,
             result.err);
  result = run_with("columns: [x, w], weights: w");
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.err.find("data.weights") != std::string::npos, result.err);
  result = run_with("weights: nope");
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.err.find("data.weights: column 'nope' not found") != std::string::npos, result.err);
  BOOST_TEST(!std::filesystem::exists(dir.file("out")));
}

BOOST_AUTO_TEST_SUITE_END()  // cli_sample_weights_test
