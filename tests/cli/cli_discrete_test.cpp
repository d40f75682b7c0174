// The shipped discrete and mixed-type experiments end to end: digits with component images, customers as a product.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <sstream>

BOOST_AUTO_TEST_SUITE(cli_discrete_test)

using namespace mixfit::testing;

namespace {

const std::string kConfigs = std::string(MIXFIT_SOURCE_DIR) + "/configs/";


std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

// Fraction of rows whose label agrees with the truth under the best one-to-one relabelling (K ≤ 4).
double best_agreement(const std::vector<int>& labels, const std::vector<int>& truth, int k) {
  std::vector<int> perm(k);
  std::iota(perm.begin(), perm.end(), 0);
  double best = 0.0;
  do {
    std::size_t agree = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) agree += perm[labels[i]] == truth[i];
    best = std::max(best, static_cast<double>(agree) / labels.size());
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

}  // namespace

BOOST_AUTO_TEST_CASE(digits_bernoulli_writes_component_images) {
  TempDir dir;
  const CommandResult result = run_mixfit({"run", kConfigs + "digits_bernoulli.yaml", "--out", dir.file("run"),
                                           "--quiet", "--set", "inference.n_init=1", "--set", "inference.max_iter=40"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(summary["n_parameters"].as<int>() == 10 * 64 + 9);
  for (int k = 0; k < 10; ++k) {
    const std::string image = read_text(dir.file("run/component_" + std::to_string(k) + ".pgm"));
    BOOST_TEST_REQUIRE(image.rfind("P5\n8 8\n255\n", 0) == 0u);
    BOOST_TEST(image.size() == 11u + 64u);
    // A digit's mean image has both dark background and bright strokes.
    const auto pixels = image.substr(11);
    const auto [low, high] = std::minmax_element(pixels.begin(), pixels.end(), [](char a, char b) {
      return static_cast<unsigned char>(a) < static_cast<unsigned char>(b);
    });
    BOOST_TEST(static_cast<unsigned char>(*high) - static_cast<unsigned char>(*low) > 128);
  }
  const YAML::Node model = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST(model["types"][0].as<std::string>() == "binary");
}

BOOST_AUTO_TEST_CASE(component_images_must_match_the_row_width) {
  TempDir dir;
  const CommandResult result = run_mixfit({"run", kConfigs + "digits_bernoulli.yaml", "--out", dir.file("run"),
                                           "--quiet", "--set", "output.component_images.width=7"});
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.err.find("output.component_images") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(customers_latent_class_recovers_the_segments) {
  TempDir dir;
  const CommandResult result =
      run_mixfit({"run", kConfigs + "customers_latent_class.yaml", "--out", dir.file("run"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  // diag Gaussian 3·(2+2) + categorical 3·((4−1)+(3−1)) + Bernoulli 3·2 + weights 2.
  BOOST_TEST(summary["n_parameters"].as<int>() == 12 + 15 + 6 + 2);

  const YAML::Node model = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST(model["levels"].size() == 2u);
  BOOST_TEST(model["levels"][0][0].as<std::string>() == "north");  // first appearance

  const auto data = split_lines(read_text(kConfigs + "data/customers.csv"));
  const auto labels = split_lines(read_text(dir.file("run/labels.csv")));
  std::vector<int> fitted, truth;
  for (std::size_t i = 1; i < data.size(); ++i) {
    truth.push_back(std::stoi(split(data[i]).back()));
    fitted.push_back(std::stoi(labels[i]));
  }
  BOOST_TEST(best_agreement(fitted, truth, 3) > 0.9);

  // Samples come back in the data's own vocabulary.
  const CommandResult sample = run_mixfit({"sample", "--model", dir.file("run/model.yaml"), "-n", "200", "--seed", "4"});
  BOOST_TEST_REQUIRE(sample.exit_code == 0, sample.err);
  const auto rows = split_lines(sample.out);
  BOOST_TEST(rows.front() == "age,income,region,plan,smoker,churned,component");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto cells = split(rows[i]);
    BOOST_TEST((cells[2] == "north" || cells[2] == "south" || cells[2] == "east" || cells[2] == "west"));
    BOOST_TEST((cells[4] == "0" || cells[4] == "1"));
  }
  // predict on the training file gives the run's labels.
  const CommandResult predicted = run_mixfit({"predict", "--model", dir.file("run/model.yaml"), kConfigs + "data/customers.csv"});
  BOOST_TEST_REQUIRE(predicted.exit_code == 0, predicted.err);
  const auto prediction_rows = split_lines(predicted.out);
  for (std::size_t i = 1; i < prediction_rows.size(); ++i)
    BOOST_TEST(split(prediction_rows[i])[0] == split(labels[i])[0]);
}

BOOST_AUTO_TEST_CASE(data_types_override_reads_a_column_as_categorical) {
  TempDir dir;
  write_text(dir.file("e.yaml"), "data: {path: " + kConfigs + "data/customers.csv, columns: [smoker, churned], "
                                 "types: {churned: categorical}}\nmodel: {components: 2, family: bernoulli}\n"
                                 "output: {dir: out}\n");
  const CommandResult result = run_mixfit({"run", dir.file("e.yaml"), "--quiet"});
  // bernoulli models binary columns only: the override makes the model invalid, and says why.
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.err.find("churned") != std::string::npos);
  BOOST_TEST(result.err.find("categorical") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_discrete_test
