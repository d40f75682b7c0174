// The kit's families and student_t as parts of one product, end to end: rows drawn component by component (mixfit
// sample on one-component models of each part's family) are fitted by EM as a product of poisson, von_mises,
// multinomial and student_t parts; every part's parameters come back within five standard errors, and predict and
// score reproduce the run.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/run_checks.hpp"

#include <boost/math/special_functions/bessel.hpp>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_product_parts_test)

using namespace mixfit::testing;

namespace {

constexpr std::size_t kRowsPerComponent = 2000;

struct Part {
  std::string family, columns, types;
  std::vector<std::string> components;  ///< the one-component model's `components:` entry, per true component
};

const std::vector<Part> kParts = {
    {"poisson", "[count]", "[real]", {"{rates: [3]}", "{rates: [15]}"}},
    {"von_mises", "[angle]", "[real]",
     {"{mean_direction: [0.5], concentration: [8]}", "{mean_direction: [-2], concentration: [4]}"}},
    {"multinomial", "[w1, w2, w3]", "[real, real, real]",
     {"{probabilities: [0.6, 0.3, 0.1], mean_total: 20}", "{probabilities: [0.1, 0.2, 0.7], mean_total: 30}"}},
    {"student_t", "[x, y]", "[real, real]",
     {"{mean: [0, 0], scale: [[1, 0], [0, 1]], degrees_of_freedom: 5}",
      "{mean: [4, 4], scale: [[1, 0.3], [0.3, 0.5]], degrees_of_freedom: 5}"}},
};

// Rows of true component z for every part, side by side: data.csv holds component 0's rows, then component 1's.
void write_data(const TempDir& dir) {
  std::vector<std::string> rows(2 * kRowsPerComponent + 1);
  for (std::size_t p = 0; p < kParts.size(); ++p)
    for (std::size_t z = 0; z < 2; ++z) {
      const std::string model = dir.file("part" + std::to_string(p) + "_" + std::to_string(z) + ".yaml");
      write_text(model, "format: mixfit-model/1\nfamily: " + kParts[p].family + "\ncolumns: " + kParts[p].columns +
                            "\ntypes: " + kParts[p].types + "\nweights: [1]\ncomponents:\n  - " +
                            kParts[p].components[z] + "\n");
      const CommandResult sampled = run_mixfit({"sample", "--model", model, "-n", std::to_string(kRowsPerComponent),
                                                "--seed", std::to_string(10 * p + z + 1)});
      BOOST_TEST_REQUIRE(sampled.exit_code == 0, sampled.err);
      const std::vector<std::string> lines = split_lines(sampled.out);
      BOOST_TEST_REQUIRE(lines.size() == kRowsPerComponent + 1);
      for (std::size_t i = z == 0 ? 0 : 1; i < lines.size(); ++i) {
        std::string& row = rows[z * kRowsPerComponent + i];
        row += (row.empty() ? "" : ",") + lines[i].substr(0, lines[i].rfind(','));  // without `component`
      }
    }
  std::string csv;
  for (const std::string& row : rows) csv += row + "\n";
  write_text(dir.file("data.csv"), csv);
}

double number(const YAML::Node& node) { return node.as<double>(); }

}  // namespace

BOOST_AUTO_TEST_CASE(poisson_von_mises_multinomial_and_student_t_parts_are_recovered) {
  TempDir dir;
  write_data(dir);
  write_text(dir.file("product.yaml"),
             "experiment: {name: parts, seed: 5}\n"
             "data: {path: data.csv}\n"
             "model:\n  components: 2\n  family: product\n  parts:\n"
             "    - {family: poisson, columns: [count]}\n"
             "    - {family: von_mises, columns: [angle]}\n"
             "    - {family: multinomial, columns: [w1, w2, w3]}\n"
             "    - {family: student_t, columns: [x, y], options: {degrees_of_freedom: 5}}\n"
             "inference: {max_iter: 500, tol: 1.0e-10, n_init: 3}\n"
             "output: {dir: out}\n");
  const CommandResult run = run_mixfit({"run", dir.file("product.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node model = YAML::LoadFile(dir.file("out/model.yaml"));
  const double n = static_cast<double>(kRowsPerComponent);
  for (std::size_t k = 0; k < 2; ++k) {
    const YAML::Node parts = model["components"][k]["parts"];
    const double rate = number(parts[0]["rates"][0]);
    const std::size_t z = rate < 9.0 ? 0 : 1;  // the true component: by its count rate (3 or 15)
    BOOST_TEST(std::abs(number(model["weights"][k]) - 0.5) <= 5 * std::sqrt(0.25 / (2 * n)));
    // Standard errors at N = 2000 rows per component (complete-data information).
    BOOST_TEST(std::abs(rate - (z == 0 ? 3.0 : 15.0)) <= 5 * std::sqrt((z == 0 ? 3.0 : 15.0) / n));
    // von Mises: var(μ̂) = 1/(N κ A(κ)) and var(κ̂) = 1/(N A'(κ)), A = I₁/I₀, A' = 1 − A² − A/κ.
    const double kappa = z == 0 ? 8.0 : 4.0;
    const double a = boost::math::cyl_bessel_i(1, kappa) / boost::math::cyl_bessel_i(0, kappa);
    BOOST_TEST(std::abs(number(parts[1]["mean_direction"][0]) - (z == 0 ? 0.5 : -2.0)) <= 5 / std::sqrt(n * kappa * a));
    BOOST_TEST(std::abs(number(parts[1]["concentration"][0]) - kappa) <= 5 / std::sqrt(n * (1 - a * a - a / kappa)));
    const std::vector<double> p = z == 0 ? std::vector<double>{0.6, 0.3, 0.1} : std::vector<double>{0.1, 0.2, 0.7};
    const double total = z == 0 ? 20.0 : 30.0;
    for (std::size_t d = 0; d < 3; ++d)
      BOOST_TEST(std::abs(number(parts[2]["probabilities"][d]) - p[d]) <= 5 * std::sqrt(p[d] * (1 - p[d]) / (n * total)));
    // Every drawn row has the total exactly; the weighted mean moves only by the other component's stray weight.
    BOOST_TEST(std::abs(number(parts[2]["mean_total"]) - total) <= 5 * std::sqrt(total / n));
    for (std::size_t d = 0; d < 2; ++d)  // a t mean's variance is the scale's times ν/(ν − 2) over N
      BOOST_TEST(std::abs(number(parts[3]["mean"][d]) - (z == 0 ? 0.0 : 4.0)) <= 5 * std::sqrt(5.0 / 3.0 / n));
  }
  check_predict_and_score_reproduce_the_run(dir.file("out"), dir.file("data.csv"));
}

BOOST_AUTO_TEST_SUITE_END()
