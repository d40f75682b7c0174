// save → load reproduces every bit; malformed model files fail with file, line, column and key, leaving the family unchanged.
#include <boost/test/unit_test.hpp>

#include "categorical_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <initializer_list>

BOOST_AUTO_TEST_SUITE(persistence_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::vector<std::size_t> kLevels{2, 3, 4};

/// What the framework writes around save(): an open map that already has family and weights.
std::string model_text(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "family" << YAML::Value << "categorical";
  out << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginSeq << 0.25 << 0.75 << YAML::EndSeq;
  family.save(out);
  out << YAML::EndMap;
  BOOST_TEST_REQUIRE(out.good(), out.GetLastError());
  return out.c_str();
}

/// Loads `text` into a fresh K = 2 family with levels (2, 3) (and `options`, e.g. a prior)
/// and returns the ConfigError's message ("" if none).
std::string load_error(const std::string& text, CategoricalOptions options = {}) {
  CategoricalFamily family(2, LevelLayout({"colour", "size"}, {2, 3}), options);
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const ConfigError& e) {
    BOOST_TEST(!family.has_parameters());
    return e.what();
  }
  return {};
}

void expect_load_error(const std::string& text, std::initializer_list<std::string> fragments,
                       CategoricalOptions options = {}) {
  const std::string message = load_error(text, options);
  BOOST_TEST_CONTEXT("model:\n" << text << "\nmessage: " << message) {
    BOOST_TEST(message.rfind("model.yaml:", 0) == 0);
    for (const std::string& fragment : fragments) BOOST_TEST(message.find(fragment) != std::string::npos, fragment);
  }
}

const std::string kHead =
    "components:\n"
    "  - probabilities: [[0.5, 0.5], [0.2, 0.3, 0.5]]\n";
// kHead's component with a posterior whose means are its probabilities, and a second such component.
const std::string kPosteriorHead = kHead + "    concentration: [[1, 1], [2, 3, 5]]\n";
const std::string kSecondPosterior =
    "  - probabilities: [[0.25, 0.75], [0.5, 0.25, 0.25]]\n"
    "    concentration: [[1, 3], [2, 1, 1]]\n";

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_is_bit_identical) {
  const CategoricalFamily original = fitted_family(3, kLevels, 7);
  const std::string text = model_text(original);
  CategoricalFamily loaded(3, layout_of(kLevels), {});
  loaded.load(YAML::Load(text), "model.yaml");
  BOOST_TEST(loaded.has_parameters());
  BOOST_TEST(identical(loaded.probabilities(), original.probabilities()), text);
  BOOST_TEST(identical(loaded.log_probabilities(), original.log_probabilities()));
  const Dataset data = categorical_dataset(random_codes(kLevels, 50, 8), kLevels);
  arma::mat a, b;
  original.log_likelihood(DataBlock(data, 0, 50, 0), a);
  loaded.log_likelihood(DataBlock(data, 0, 50, 0), b);
  BOOST_TEST(identical(a, b));
  BOOST_TEST(model_text(loaded) == text);
}

BOOST_AUTO_TEST_CASE(saved_shape_and_exact_numbers) {
  CategoricalFamily family(2, LevelLayout({"colour", "size"}, {2, 3}), {});
  family.set_probabilities(arma::mat{{0.1, 0.9, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0}, {1e-300, 1.0, 0.0, 0.25, 0.75}});
  const std::string text = model_text(family);
  BOOST_TEST(text.find("probabilities: [[0.1, 0.9], [0.3333333333333333, 0.3333333333333333, 0.3333333333333333]]") !=
                 std::string::npos,
             text);
  BOOST_TEST(text.find("probabilities: [[1.0e-300, 1.0], [0.0, 0.25, 0.75]]") != std::string::npos, text);
  const YAML::Node saved = YAML::Load(text);
  BOOST_TEST(saved["components"].size() == 2u);
  BOOST_TEST(saved["components"][0]["probabilities"].size() == 2u);
  BOOST_TEST(saved["components"][0]["probabilities"][1].size() == 3u);
  BOOST_TEST(saved["family"].as<std::string>() == "categorical");  // the framework's keys are untouched
  BOOST_TEST(!saved["shared"]);
}

BOOST_AUTO_TEST_CASE(wrong_probability_sum_names_file_line_column_and_key) {
  BOOST_TEST(load_error(kHead + "  - probabilities: [[0.5, 0.5], [0.2, 0.3, 0.6]]\n") ==
             "model.yaml:3:33: components[1].probabilities[1]: the probabilities of column 'size' sum to "
             "1.1, expected 1 (within 1e-09)");
}

BOOST_AUTO_TEST_CASE(load_errors) {
  expect_load_error(kHead, {"components: expected a list of 2 components"});
  expect_load_error("family: categorical\n", {"components: required key is missing"});
  expect_load_error(kHead + "  - [0.5, 0.5]\n", {"model.yaml:3:5: components[1]: expected a mapping with probabilities"});
  expect_load_error(kHead + "  - {}\n", {"components[1].probabilities: required key is missing"});
  expect_load_error(kHead + "  - probabilities: [[0.5, 0.5]]\n",
                    {"components[1].probabilities: expected 2 lists of level probabilities, one per column (with 2, "
                     "3 levels), got [[0.5, 0.5]]"});
  expect_load_error(kHead + "  - probabilities: [[0.5, 0.5], [0.5, 0.5]]\n",
                    {"components[1].probabilities[1]: expected a list of 3 probabilities (the levels of column 'size'), "
                     "got [0.5, 0.5]"});
  expect_load_error(kHead + "  - probabilities: [[0.5, 0.5], [0.2, x, 0.5]]\n",
                    {"model.yaml:3:39: components[1].probabilities[1][1]: expected a number, got x"});
  expect_load_error(kHead + "  - probabilities: [[1.5, -0.5], [0.2, 0.3, 0.5]]\n",
                    {"model.yaml:3:22: components[1].probabilities[0][0]: expected a probability in [0, 1], got 1.5"});
  expect_load_error(kHead + "  - probabilities: [[0.5, 0.5], [0.2, 0.3, .nan]]\n",
                    {"components[1].probabilities[1][2]: expected a finite number"});
  expect_load_error(kHead + "  - probabilities: [[0.5, 0.5], [0.2, 0.3, 0.5]]\n    weight: 3\n",
                    {"model.yaml:4:5: components[1].weight: unknown key 'weight'"});
}

BOOST_AUTO_TEST_CASE(sums_within_tolerance_are_kept_exactly) {
  // Numbers printed to 10 digits sum to 1 within 1e-9: accepted, and not renormalised.
  CategoricalFamily family(2, LevelLayout({"colour", "size"}, {2, 3}), {});
  family.load(YAML::Load(kHead + "  - probabilities: [[0.3333333333, 0.6666666667], [0.2, 0.3, 0.5]]\n"),
              "model.yaml");
  BOOST_TEST(family.probabilities(1, 0)(0) == 0.3333333333);
}

BOOST_AUTO_TEST_CASE(a_failed_load_keeps_the_previous_parameters) {
  CategoricalFamily family(2, LevelLayout({"colour", "size"}, {2, 3}), {});
  family.load(YAML::Load(kHead + "  - probabilities: [[0.25, 0.75], [0.2, 0.3, 0.5]]\n"), "model.yaml");
  const arma::mat before = family.probabilities();
  BOOST_CHECK_THROW(family.load(YAML::Load(kHead + "  - probabilities: [[0.5, 0.5], [0.2, 0.3, 0.6]]\n"), "m.yaml"),
                    ConfigError);
  BOOST_TEST(identical(family.probabilities(), before));
}

BOOST_AUTO_TEST_CASE(posterior_round_trip_is_bit_identical) {
  CategoricalOptions options;
  options.prior_alpha = 0.4;
  const CategoricalFamily original = posterior_family(3, kLevels, 17, options);
  const std::string text = model_text(original);
  CategoricalFamily loaded(3, layout_of(kLevels), options);
  loaded.load(YAML::Load(text), "model.yaml");
  BOOST_TEST_REQUIRE(loaded.has_posterior());
  BOOST_TEST(identical(loaded.posterior()->concentration(), original.posterior()->concentration()), text);
  BOOST_TEST(identical(loaded.posterior()->expected_log_probabilities(),
                       original.posterior()->expected_log_probabilities()));
  BOOST_TEST(identical(loaded.probabilities(), original.probabilities()));
  BOOST_TEST(loaded.kl_to_prior() == original.kl_to_prior());
  BOOST_TEST(model_text(loaded) == text);
}

BOOST_AUTO_TEST_CASE(saved_posterior_shape) {
  CategoricalFamily family(2, LevelLayout({"colour", "size"}, {2, 3}), {});
  family.update_posterior(SufficientStatistics(family.stat_layout()));  // the prior Dir(1, …, 1) itself
  const std::string text = model_text(family);
  BOOST_TEST(text.find("prior: {alpha: 1.0}") != std::string::npos, text);
  BOOST_TEST(text.find("concentration: [[1.0, 1.0], [1.0, 1.0, 1.0]]") != std::string::npos, text);
  BOOST_TEST(text.find("probabilities: [[0.5, 0.5], [0.3333333333333333, 0.3333333333333333, 0.3333333333333333]]") !=
                 std::string::npos,
             text);
  // Without a posterior neither key is written.
  family.set_probabilities(family.probabilities());
  const std::string point = model_text(family);
  BOOST_TEST(point.find("prior") == std::string::npos, point);
  BOOST_TEST(point.find("concentration") == std::string::npos, point);
}

BOOST_AUTO_TEST_CASE(a_saved_prior_is_used_when_none_is_configured) {
  CategoricalOptions options;
  options.prior_alpha = 0.4;
  const CategoricalFamily original = posterior_family(2, kLevels, 19, options);
  CategoricalFamily loaded(2, layout_of(kLevels), {});
  loaded.load(YAML::Load(model_text(original)), "model.yaml");
  BOOST_TEST(loaded.variational_prior_alpha() == 0.4);
  BOOST_TEST(loaded.kl_to_prior() == original.kl_to_prior());
  // A model without a posterior brings back the default alpha = 1 and no posterior.
  loaded.load(YAML::Load(model_text(fitted_family(2, kLevels, 20))), "model.yaml");
  BOOST_TEST(!loaded.has_posterior());
  BOOST_TEST(loaded.variational_prior_alpha() == 1.0);
}

BOOST_AUTO_TEST_CASE(hand_written_posterior_loads) {
  CategoricalFamily family(2, LevelLayout({"colour", "size"}, {2, 3}), {});
  family.load(YAML::Load("prior: {alpha: 1}\n" + kPosteriorHead + kSecondPosterior), "model.yaml");
  BOOST_TEST_REQUIRE(family.has_posterior());
  BOOST_TEST(identical(family.posterior()->concentration(), arma::mat{{1, 1, 2, 3, 5}, {1, 3, 2, 1, 1}}));
}

BOOST_AUTO_TEST_CASE(posterior_errors_are_located) {
  expect_load_error(kPosteriorHead + "  - probabilities: [[0.5, 0.5], [0.2, 0.3, 0.5]]\n",
                    {"model.yaml:4:5: components[1]: expected concentration: [[…], …] as in the other components"});
  expect_load_error(kHead + "    concentration: [[1, 0], [2, 3, 5]]\n" + kSecondPosterior,
                    {"model.yaml:3:25: components[0].concentration[0][1]: expected a concentration > 0, got 0"});
  expect_load_error(kHead + "    concentration: [[1, 1], [2, 3]]\n" + kSecondPosterior,
                    {"components[0].concentration[1]: expected a list of 3 concentrations (the levels of column 'size')"});
  expect_load_error(kHead + "    concentration: [[1, 1]]\n" + kSecondPosterior,
                    {"components[0].concentration: expected 2 lists of level concentrations, one per column"});
  expect_load_error(kHead + "    concentration: [[1, 1], [2, 3, 6]]\n" + kSecondPosterior,
                    {"model.yaml:2:34: components[0].probabilities[1][0]: expected the posterior mean 0.18181818181818182"});
  expect_load_error("prior: {alpha: -1}\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:16: prior.alpha: expected a number > 0, got -1"});
  expect_load_error("prior: {beta: 1}\n" + kPosteriorHead + kSecondPosterior, {"prior.beta: unknown key 'beta'"});
  expect_load_error("prior: 2\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:8: prior: expected the Dirichlet prior {alpha: a}"});
  CategoricalOptions configured;
  configured.prior_alpha = 2.0;
  expect_load_error("prior: {alpha: 1}\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:8: prior: the saved posterior was computed under a Dirichlet prior with alpha = 1, "
                     "but model.options.prior configures alpha = 2"},
                    configured);
  BOOST_TEST(load_error("prior: {alpha: 2}\n" + kHead + kHead.substr(12), configured).empty());
}

BOOST_AUTO_TEST_CASE(a_failed_posterior_load_keeps_the_old_posterior) {
  CategoricalFamily family = posterior_family(2, {2, 3}, 23);
  const arma::mat before = family.posterior()->concentration();
  BOOST_CHECK_THROW(family.load(YAML::Load(kPosteriorHead + "  - probabilities: [[0.5, 0.5], [0.2, 0.3, 0.5]]\n"),
                                "model.yaml"),
                    ConfigError);
  BOOST_TEST_REQUIRE(family.has_posterior());
  BOOST_TEST(identical(family.posterior()->concentration(), before));
}

BOOST_AUTO_TEST_SUITE_END()  // persistence_test
