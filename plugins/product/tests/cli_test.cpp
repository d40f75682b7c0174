// The product end to end through the mixfit executable: run, model.yaml, predict, score, sample, bad input.
#include <boost/test/unit_test.hpp>

#include "product_test_support.hpp"
#include "support/command.hpp"

#include <cmath>
#include <sstream>

BOOST_AUTO_TEST_SUITE(cli_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// 300 rows: an id column nobody claims, two blobs in (a, b) and in (c, d).
void write_data(const std::string& path) {
  const arma::mat x = blob_points(4, 300, 2, 31);
  std::string csv = "id,a,b,c,d\n";
  for (std::size_t j = 0; j < x.n_cols; ++j)
    csv += "row" + std::to_string(j) + "," + format_double(x(0, j)) + "," + format_double(x(1, j)) + "," +
           format_double(x(2, j)) + "," + format_double(x(3, j)) + "\n";
  write_text(path, csv);
}

const char* const kModel =
    "model:\n"
    "  components: 2\n"
    "  family: product\n"
    "  parts:\n"
    "    - {family: gaussian, columns: [a, b], options: {covariance: diag}}\n"
    "    - family: gaussian\n"
    "      columns: [c, d]\n"
    "      options: {covariance: tied}\n"
    "inference: {max_iter: 200, tol: 1.0e-8, n_init: 2}\n";

struct FittedRun {
  TempDir dir;
  std::string data, model;
  FittedRun() {
    data = dir.file("data.csv");
    write_data(data);
    write_text(dir.file("exp.yaml"), "experiment: {name: product_cli, seed: 3}\ndata: {path: data.csv}\n" +
                                         std::string(kModel));
    const CommandResult result = run_mixfit({"run", dir.file("exp.yaml"), "--out", dir.file("run"), "--quiet"});
    if (result.exit_code != 0) throw std::runtime_error(result.err);
    model = dir.file("run/model.yaml");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(fitted, FittedRun)

BOOST_AUTO_TEST_CASE(model_yaml_holds_resolved_parts_and_parameters_by_component) {
  const YAML::Node saved = YAML::LoadFile(model);
  BOOST_TEST(saved["family"].as<std::string>() == "product");
  BOOST_TEST(saved["columns"].as<std::vector<std::string>>() == (std::vector<std::string>{"a", "b", "c", "d"}),
             boost::test_tools::per_element());
  const YAML::Node parts = saved["options"]["parts"];
  BOOST_TEST_REQUIRE(parts.size() == 2u);
  BOOST_TEST(parts[0]["options"]["reg_covar"].as<std::string>() == "1.0e-06");  // a default, shown
  BOOST_TEST(parts[1]["options"]["covariance"].as<std::string>() == "tied");
  BOOST_TEST(saved["components"][1]["parts"][0]["covariance"].size() == 2u);
  BOOST_TEST(saved["shared"]["parts"][1]["covariance"].size() == 2u);
  // config.yaml shows them too.
  const YAML::Node config = YAML::LoadFile(dir.file("run/config.yaml"));
  BOOST_TEST(config["model"]["options"]["parts"][1]["options"]["reg_covar"].as<std::string>() == "1.0e-06");
}

BOOST_AUTO_TEST_CASE(free_parameters_in_the_summary_add_the_parts) {
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  // diag over (a, b): 2·2 means + 2·2 variances; tied over (c, d): 2·2 means + 3; weights: 1.
  BOOST_TEST(summary["n_parameters"].as<std::size_t>() == 8u + 7u + 1u);
}

BOOST_AUTO_TEST_CASE(predict_and_score_agree_with_the_run) {
  const CommandResult predicted = run_mixfit({"predict", "--model", model, data, "--out", dir.file("p.csv")});
  BOOST_TEST_REQUIRE(predicted.exit_code == 0, predicted.err);
  const auto rows = lines_of(read_text(dir.file("p.csv")));
  const auto labels = lines_of(read_text(dir.file("run/labels.csv")));
  const auto responsibilities = lines_of(read_text(dir.file("run/responsibilities.csv")));
  BOOST_TEST(rows.front() == "label,uncertainty,r0,r1");
  BOOST_TEST_REQUIRE(rows.size() == 301u);
  for (std::size_t i = 1; i < rows.size(); ++i) BOOST_TEST(rows[i] == labels[i] + "," + responsibilities[i]);

  const CommandResult scored = run_mixfit({"score", "--model", model, data, "--out", dir.file("s.csv")});
  BOOST_TEST_REQUIRE(scored.exit_code == 0, scored.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(YAML::Load(scored.out)["total_log_likelihood"].as<std::string>() ==
             summary["log_likelihood"].as<std::string>());
}

BOOST_AUTO_TEST_CASE(sample_writes_every_column_and_is_reproducible) {
  const std::vector<std::string> args{"sample", "--model", model, "-n", "4000", "--seed", "9", "--out"};
  auto a = args, b = args;
  a.push_back(dir.file("a.csv"));
  b.push_back(dir.file("b.csv"));
  BOOST_TEST_REQUIRE(run_mixfit(a).exit_code == 0);
  BOOST_TEST_REQUIRE(run_mixfit(b).exit_code == 0);
  BOOST_TEST(read_text(dir.file("a.csv")) == read_text(dir.file("b.csv")));
  const auto rows = lines_of(read_text(dir.file("a.csv")));
  BOOST_TEST(rows.front() == "a,b,c,d,component");
  BOOST_TEST(rows.size() == 4001u);
  // Each column's sample mean is near the mixture mean Σ_k π_k μ_kd (5 standard errors of the sample's spread).
  const YAML::Node saved = YAML::LoadFile(model);
  arma::mat values(4, rows.size() - 1);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::istringstream fields(rows[i]);
    std::string cell;
    for (std::size_t d = 0; d < 4 && std::getline(fields, cell, ','); ++d) values(d, i - 1) = std::stod(cell);
  }
  for (std::size_t d = 0; d < 4; ++d) {
    double expected = 0.0;
    for (std::size_t k = 0; k < 2; ++k)
      expected += saved["weights"][k].as<double>() * saved["components"][k]["parts"][d / 2]["mean"][d % 2].as<double>();
    const double spread = arma::stddev(values.row(d));
    BOOST_TEST(std::abs(arma::mean(values.row(d)) - expected) < 5 * spread / std::sqrt(4000.0), "column " << d);
  }
}

BOOST_AUTO_TEST_CASE(a_damaged_part_entry_is_refused_with_its_line) {
  std::string text = read_text(model);
  // The first number of the first mean becomes x.
  const std::size_t at = text.find("mean: [");
  BOOST_TEST_REQUIRE(at != std::string::npos);
  const std::size_t first = at + 7;
  text = text.substr(0, first) + "x" + text.substr(text.find(',', first));
  write_text(dir.file("bad.yaml"), text);
  const CommandResult result = run_mixfit({"score", "--model", dir.file("bad.yaml"), data});
  BOOST_TEST(result.exit_code == 1);
  std::size_t line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
  BOOST_TEST(contains(result.err, "bad.yaml:" + std::to_string(line) + ":"), result.err);
  BOOST_TEST(contains(result.err, "expected a number, got x"), result.err);
  BOOST_TEST(contains(result.err, "(in product part 0 (gaussian over a, b))"), result.err);
}

BOOST_AUTO_TEST_CASE(a_fitted_model_yaml_is_a_given_start) {
  // With the fitted parameters as the start, the first E-step reproduces the fitted log-likelihood exactly.
  const CommandResult again = run_mixfit({"run", dir.file("exp.yaml"), "--out", dir.file("again"), "--quiet", "--set",
                                          "inference.init={method: given, file: " + model + "}", "--set",
                                          "inference.n_init=1", "--set", "inference.max_iter=1"});
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
  const auto trace = lines_of(read_text(dir.file("again/trace.csv")));
  BOOST_TEST_REQUIRE(trace.size() == 2u);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(trace[1].substr(2, trace[1].find(',', 2) - 2) == summary["mean_log_likelihood"].as<std::string>());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(bad_parts_fail_before_any_fitting_with_clear_messages) {
  TempDir dir;
  write_data(dir.file("data.csv"));
  const auto validate = [&](const std::string& parts) {
    write_text(dir.file("exp.yaml"),
               "data: {path: data.csv}\nmodel:\n  components: 2\n  family: product\n  parts:\n" + parts);
    return run_mixfit({"validate", dir.file("exp.yaml")});
  };
  const CommandResult ok = validate("    - {family: gaussian, columns: [a, b]}\n    - {family: gaussian, columns: [c]}\n");
  BOOST_TEST(ok.exit_code == 0, ok.err);
  BOOST_TEST(contains(ok.out, "3 columns, family product"), ok.out);

  const CommandResult twice = validate("    - {family: gaussian, columns: [a, b]}\n    - {family: gaussian, columns: [b]}\n");
  BOOST_TEST(twice.exit_code == 1);
  // Located at line 7 (the second claim) once the framework hands composites the written nodes; until
  // then without a line (see README.md, "Framework note"), never with a wrong one.
  BOOST_TEST(located(twice.err, "exp.yaml", 7,
                     "model.options.parts[1].columns[0]: column 'b' is claimed by two parts: part 0 (gaussian over a, "
                     "b) and part 1 (gaussian over b)"),
             twice.err);

  const CommandResult empty = validate("    - {family: gaussian, columns: [a, b]}\n    - {family: gaussian}\n");
  BOOST_TEST(empty.exit_code == 1);
  BOOST_TEST(contains(empty.err, "model.options.parts[1].columns: part 1 (gaussian) is empty"), empty.err);

  const CommandResult unknown = validate("    - {family: gaussain, columns: [a, b]}\n");
  BOOST_TEST(unknown.exit_code == 1);
  BOOST_TEST(located(unknown.err, "exp.yaml", 6,
                     "model.options.parts[0].family: unknown family 'gaussain'; did you mean 'gaussian'?"),
             unknown.err);
  BOOST_TEST(contains(unknown.err, "families found:"), unknown.err);

  const CommandResult options = validate("    - family: gaussian\n      columns: [a, b]\n      options: {covariance: ful}\n");
  BOOST_TEST(options.exit_code == 1);
  BOOST_TEST(located(options.err, "exp.yaml", 8,
                     "model.options.parts[0].options.covariance: expected one of full, diag, spherical, tied, EII, "
                     "VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV, E, V, got 'ful'; did you mean "
                     "'full'?"),
             options.err);

  const CommandResult missing = validate("    - {family: gaussian, columns: [a, nope]}\n");
  BOOST_TEST(missing.exit_code == 1);
  BOOST_TEST(contains(missing.err, "'nope'"), missing.err);
}

BOOST_AUTO_TEST_CASE(describe_shows_the_parts_key) {
  const CommandResult described = run_mixfit({"describe", "product"});
  BOOST_TEST(described.exit_code == 0, described.err);
  BOOST_TEST(contains(described.out, "parts"), described.out);
}

BOOST_AUTO_TEST_CASE(the_latent_class_example_runs_on_mixed_data,
                     *boost::unit_test::precondition(FamilyAvailable{"categorical"}) *
                         boost::unit_test::precondition(FamilyAvailable{"bernoulli"})) {
  TempDir dir;
  const std::string example = std::string(MIXFIT_SOURCE_DIR) + "/configs/customers_latent_class.yaml";
  const CommandResult run = run_mixfit({"run", example, "--out", dir.file("run"), "--quiet", "--set",
                                        "inference.n_init=1"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node saved = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST(saved["types"].as<std::vector<std::string>>() ==
                 (std::vector<std::string>{"real", "real", "categorical", "categorical", "binary", "binary"}),
             boost::test_tools::per_element());
  BOOST_TEST(saved["components"][0]["parts"].size() == 3u);
  const std::string customers = std::string(MIXFIT_SOURCE_DIR) + "/configs/data/customers.csv";
  const CommandResult scored = run_mixfit({"score", "--model", dir.file("run/model.yaml"), customers});
  BOOST_TEST(scored.exit_code == 0, scored.err);
  const CommandResult sampled =
      run_mixfit({"sample", "--model", dir.file("run/model.yaml"), "-n", "20", "--out", dir.file("s.csv")});
  BOOST_TEST_REQUIRE(sampled.exit_code == 0, sampled.err);
  const auto rows = lines_of(read_text(dir.file("s.csv")));
  BOOST_TEST(rows.front() == "age,income,region,plan,smoker,churned,component");
  // Sampled categorical cells come back as level names.
  BOOST_TEST(contains(read_text(dir.file("s.csv")), "basic"));
}

// --set overrides turn the EM example into a VB run; model.yaml then holds every part's posterior and prior,
// and a second run continues from it (init: given).
BOOST_AUTO_TEST_CASE(a_vb_run_of_the_mixed_example_saves_every_parts_posterior,
                     *boost::unit_test::precondition(FamilyAvailable{"categorical"}) *
                         boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(GaussianIsVariational{})) {
  TempDir dir;
  const std::string example = std::string(MIXFIT_SOURCE_DIR) + "/configs/customers_latent_class.yaml";
  const CommandResult run = run_mixfit({"run", example, "--out", dir.file("run"), "--quiet", "--set",
                                        "inference.n_init=1", "--set", "inference.algorithm=vb"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node saved = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST_REQUIRE(saved["prior"]["parts"].size() == 3u);
  BOOST_TEST(saved["prior"]["parts"][1]["alpha"].as<double>() == 1.0);  // categorical default
  BOOST_TEST(saved["prior"]["parts"][2]["alpha"].as<double>() == 1.0);  // bernoulli default Beta(1, 1)
  BOOST_TEST(saved["prior"]["parts"][2]["beta"].as<double>() == 1.0);
  for (const auto& component : saved["components"]) {
    BOOST_TEST(component["parts"][1]["concentration"].size() == 2u);  // region, plan
    BOOST_TEST(component["parts"][2]["concentration"].size() == 2u);  // [[a…], [b…]]
  }
  const std::string customers = std::string(MIXFIT_SOURCE_DIR) + "/configs/data/customers.csv";
  const CommandResult scored = run_mixfit({"score", "--model", dir.file("run/model.yaml"), customers});
  BOOST_TEST(scored.exit_code == 0, scored.err);
  const CommandResult again =
      run_mixfit({"run", example, "--out", dir.file("again"), "--quiet", "--set", "inference.n_init=1", "--set",
                  "inference.algorithm=vb", "--set", "inference.init.method=given", "--set",
                  "inference.init.file=" + dir.file("run/model.yaml")});
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
  const double first = YAML::LoadFile(dir.file("run/summary.yaml"))["elbo"].as<double>();
  const double second = YAML::LoadFile(dir.file("again/summary.yaml"))["elbo"].as<double>();
  BOOST_TEST(second >= first - 1e-6 * std::abs(first));
}

BOOST_AUTO_TEST_CASE(the_plugin_example_is_valid, *boost::unit_test::precondition(FamilyAvailable{"bernoulli"})) {
  const CommandResult result =
      run_mixfit({"validate", std::string(MIXFIT_SOURCE_DIR) + "/plugins/product/example.yaml"});
  BOOST_TEST(result.exit_code == 0, result.err);
  BOOST_TEST(contains(result.out, "1200 rows, 4 columns, family product"), result.out);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_test
