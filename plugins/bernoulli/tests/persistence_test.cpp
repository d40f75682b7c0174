// save → load reproduces every bit; malformed model files fail with file, line and key and leave the family unchanged.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <initializer_list>
#include <optional>

BOOST_AUTO_TEST_SUITE(persistence_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

/// What the framework writes around save(): an open map that already has family and weights.
std::string model_text(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "family" << YAML::Value << "bernoulli";
  out << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginSeq << 0.25 << 0.75 << YAML::EndSeq;
  family.save(out);
  out << YAML::EndMap;
  BOOST_TEST_REQUIRE(out.good(), out.GetLastError());
  return out.c_str();
}

/// Loads `text` into a fresh K=2, D=3 family (with `prior` configured, if given)
/// and returns the ConfigError's message ("" if none).
std::string load_error(const std::string& text, std::optional<BetaPrior> prior = std::nullopt) {
  BernoulliFamily family(2, 3, 1e-10, prior);
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const ConfigError& e) {
    BOOST_TEST(!family.has_parameters());
    return e.what();
  }
  return {};
}

void expect_load_error(const std::string& text, std::initializer_list<std::string> fragments,
                       std::optional<BetaPrior> prior = std::nullopt) {
  const std::string message = load_error(text, prior);
  BOOST_TEST_CONTEXT("model:\n" << text << "\nmessage: " << message) {
    BOOST_TEST(message.rfind("model.yaml:", 0) == 0);
    for (const std::string& fragment : fragments) BOOST_TEST(message.find(fragment) != std::string::npos, fragment);
  }
}

const std::string kHead = "family: bernoulli\ncomponents:\n  - probabilities: [0.1, 0.2, 0.3]\n";
// kHead's first component with a posterior whose means are its probabilities: a/(a + b) = 0.1, 0.2, 0.3.
const std::string kPosteriorHead = kHead + "    concentration: [[1, 2, 3], [9, 8, 7]]\n";
const std::string kSecondPosterior = "  - probabilities: [0.5, 0.25, 0.75]\n    concentration: [[1, 1, 3], [1, 3, 1]]\n";

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_is_bit_identical) {
  const BernoulliFamily original = random_family(3, 5, 7);
  const std::string text = model_text(original);
  BernoulliFamily loaded(3, 5, 1e-10);
  loaded.load(YAML::Load(text), "model.yaml");
  BOOST_TEST(loaded.has_parameters());
  BOOST_TEST(identical(loaded.probabilities(), original.probabilities()), text);
  // Same parameters, same caches: the scores agree bit for bit too.
  const Dataset data = binary_dataset(random_binary(5, 60, 8));
  arma::mat a, b;
  original.log_likelihood(DataBlock(data, 0, 60, 0), a);
  loaded.log_likelihood(DataBlock(data, 0, 60, 0), b);
  BOOST_TEST(identical(a, b));
  BOOST_TEST(model_text(loaded) == text);
}

BOOST_AUTO_TEST_CASE(saved_shape_and_exact_numbers) {
  BernoulliFamily family(2, 3, 0.0);
  family.set_probabilities(arma::mat{{0.1, 1e-10}, {1.0 / 3.0, 0.9999999999}, {0.0, 1.0}});
  const std::string text = model_text(family);
  const YAML::Node saved = YAML::Load(text);
  BOOST_TEST(saved["components"].size() == 2u);
  BOOST_TEST(saved["components"][1]["probabilities"].size() == 3u);
  BOOST_TEST(!saved["shared"]);
  BOOST_TEST(saved["family"].as<std::string>() == "bernoulli");  // the framework's keys are untouched
  BOOST_TEST(text.find("probabilities: [0.1, 0.3333333333333333, 0.0]") != std::string::npos, text);
  BOOST_TEST(text.find("probabilities: [1.0e-10, 0.9999999999, 1.0]") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(save_needs_parameters) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  BOOST_CHECK_THROW(BernoulliFamily(2, 3, 1e-10).save(out), Error);
}

BOOST_AUTO_TEST_CASE(probability_outside_the_unit_interval_names_file_line_and_key) {
  BOOST_TEST(load_error(kHead + "  - probabilities: [0.5, 1.25, 0.5]\n") ==
             "model.yaml:4:26: components[1].probabilities[1]: expected a probability in [0, 1], got 1.25");
  expect_load_error(kHead + "  - probabilities: [-0.01, 0.5, 0.5]\n",
                    {"model.yaml:4:21: components[1].probabilities[0]: expected a probability in [0, 1], got -0.01"});
  // Exactly 0 and 1 are probabilities.
  BOOST_TEST(load_error(kHead + "  - probabilities: [0, 1, 0.5]\n").empty());
}

BOOST_AUTO_TEST_CASE(shape_errors_are_located) {
  expect_load_error(kHead, {"components: expected a list of 2 components"});
  expect_load_error("family: bernoulli\n", {"components: required key is missing"});
  expect_load_error(kHead + "  - probabilities: [0.5, 0.5]\n",
                    {"model.yaml:4:", "components[1].probabilities: expected a list of 3 probabilities, got [0.5, 0.5]"});
  expect_load_error(kHead + "  - probabilities: [0.5, x, 0.5]\n",
                    {"model.yaml:4:", "components[1].probabilities[1]: expected a number, got x"});
  expect_load_error(kHead + "  - probabilities: [0.5, .nan, 0.5]\n", {"components[1].probabilities[1]"});
  expect_load_error(kHead + "  - {}\n", {"components[1].probabilities: required key is missing"});
  expect_load_error(kHead + "  - [0.5, 0.5, 0.5]\n", {"components[1]: expected a mapping with probabilities"});
  expect_load_error(kHead + "  - probabilities: [0.5, 0.5, 0.5]\n    mean: [1, 2, 3]\n",
                    {"model.yaml:5:5: components[1].mean: unknown key 'mean'"});
}

BOOST_AUTO_TEST_CASE(a_failed_load_leaves_the_family_unchanged) {
  BernoulliFamily family = random_family(2, 3, 3);
  const arma::mat before = family.probabilities();
  BOOST_CHECK_THROW(family.load(YAML::Load(kHead + "  - probabilities: [0.5, 2, 0.5]\n"), "model.yaml"), ConfigError);
  BOOST_TEST(identical(family.probabilities(), before));
}

BOOST_AUTO_TEST_CASE(posterior_round_trip_is_bit_identical) {
  const BernoulliFamily original = posterior_family(3, 5, 17, BetaPrior{0.5, 2.5});
  const std::string text = model_text(original);
  BernoulliFamily loaded(3, 5, 1e-10, BetaPrior{0.5, 2.5});
  loaded.load(YAML::Load(text), "model.yaml");
  BOOST_TEST_REQUIRE(loaded.has_posterior());
  BOOST_TEST(identical(loaded.posterior()->alpha(), original.posterior()->alpha()), text);
  BOOST_TEST(identical(loaded.posterior()->beta(), original.posterior()->beta()));
  BOOST_TEST(identical(loaded.probabilities(), original.probabilities()));
  const Dataset data = binary_dataset(random_binary(5, 40, 18));
  arma::mat a, b;
  original.expected_log_likelihood(DataBlock(data, 0, 40, 0), a);
  loaded.expected_log_likelihood(DataBlock(data, 0, 40, 0), b);
  BOOST_TEST(identical(a, b));
  BOOST_TEST(loaded.kl_to_prior() == original.kl_to_prior());
  BOOST_TEST(model_text(loaded) == text);
}

BOOST_AUTO_TEST_CASE(saved_posterior_shape) {
  BernoulliFamily family(2, 3, 1e-10);
  family.update_posterior(SufficientStatistics(family.stat_layout()));  // the prior Beta(1, 1) itself
  const std::string text = model_text(family);
  BOOST_TEST(text.find("prior: {alpha: 1.0, beta: 1.0}") != std::string::npos, text);
  BOOST_TEST(text.find("concentration: [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]") != std::string::npos, text);
  const YAML::Node saved = YAML::Load(text);
  BOOST_TEST(saved["components"][1]["probabilities"][2].as<double>() == 0.5);
  // Without a posterior neither key is written.
  family.set_probabilities(family.probabilities());
  const std::string point = model_text(family);
  BOOST_TEST(point.find("prior") == std::string::npos, point);
  BOOST_TEST(point.find("concentration") == std::string::npos, point);
}

BOOST_AUTO_TEST_CASE(a_saved_prior_is_used_when_none_is_configured) {
  const BernoulliFamily original = posterior_family(2, 3, 19, BetaPrior{0.5, 2.5});
  BernoulliFamily loaded(2, 3, 1e-10);
  loaded.load(YAML::Load(model_text(original)), "model.yaml");
  BOOST_TEST(loaded.variational_prior().alpha == 0.5);
  BOOST_TEST(loaded.variational_prior().beta == 2.5);
  BOOST_TEST(loaded.kl_to_prior() == original.kl_to_prior());
  // A model without a posterior then brings back the default Beta(1, 1) and no posterior.
  loaded.load(YAML::Load(kHead + "  - probabilities: [0.5, 0.5, 0.5]\n"), "model.yaml");
  BOOST_TEST(!loaded.has_posterior());
  BOOST_TEST(loaded.variational_prior().alpha == 1.0);
  BOOST_TEST(loaded.variational_prior().beta == 1.0);
}

BOOST_AUTO_TEST_CASE(hand_written_posterior_loads) {
  BernoulliFamily family(2, 3, 1e-10);
  family.load(YAML::Load("prior: {alpha: 1, beta: 1}\n" + kPosteriorHead + kSecondPosterior), "model.yaml");
  BOOST_TEST_REQUIRE(family.has_posterior());
  BOOST_TEST(identical(family.posterior()->alpha(), arma::mat{{1, 1}, {2, 1}, {3, 3}}));
  BOOST_TEST(identical(family.posterior()->beta(), arma::mat{{9, 1}, {8, 3}, {7, 1}}));
  // Without `prior` the family's own prior (here the default) is kept.
  family.load(YAML::Load(kPosteriorHead + kSecondPosterior), "model.yaml");
  BOOST_TEST(family.has_posterior());
}

BOOST_AUTO_TEST_CASE(posterior_errors_are_located) {
  expect_load_error(kPosteriorHead + "  - probabilities: [0.5, 0.5, 0.5]\n",
                    {"model.yaml:5:5: components[1]: expected concentration: [[a_1 … a_D], [b_1 … b_D]]"});
  expect_load_error(kHead + "    concentration: [[0, 2, 3], [9, 8, 7]]\n" + kSecondPosterior,
                    {"model.yaml:4:22: components[0].concentration[0][0]: expected a number > 0, got 0"});
  expect_load_error(kHead + "    concentration: [[1, 2, 3]]\n" + kSecondPosterior,
                    {"model.yaml:4:20: components[0].concentration: expected two lists"});
  expect_load_error(kHead + "    concentration: [[1, 2, 3], [9, 8]]\n" + kSecondPosterior,
                    {"components[0].concentration[1]: expected a list of 3 numbers > 0"});
  expect_load_error(kHead + "    concentration: [[1, 2, 3], [9, 8, 6]]\n" + kSecondPosterior,
                    {"model.yaml:3:31: components[0].probabilities[2]: expected the posterior mean a/(a + b) = 0.3333333333333333"});
  expect_load_error("prior: {alpha: 1}\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:", "prior.beta: required key is missing"});
  expect_load_error("prior: {alpha: 1, beta: -1}\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:25: prior.beta: expected a number > 0, got -1"});
  expect_load_error("prior: {alpha: 1, beta: 1, gamma: 2}\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:28: prior.gamma: unknown key 'gamma'"});
  expect_load_error("prior: [1, 1]\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:8: prior: expected the Beta prior {alpha: a, beta: b}"});
  // A posterior computed under another prior than the configured one.
  expect_load_error("prior: {alpha: 1, beta: 1}\n" + kPosteriorHead + kSecondPosterior,
                    {"model.yaml:1:8: prior: the saved posterior was computed under Beta(1, 1), but "
                     "model.options.prior configures Beta(2, 3)"},
                    BetaPrior{2.0, 3.0});
  BOOST_TEST(load_error("prior: {alpha: 2, beta: 3}\n" + kHead + "  - probabilities: [0.5, 0.5, 0.5]\n",
                        BetaPrior{2.0, 3.0}).empty());
}

BOOST_AUTO_TEST_CASE(a_failed_posterior_load_keeps_the_old_posterior) {
  BernoulliFamily family = posterior_family(2, 3, 23);
  const arma::mat before = family.posterior()->alpha();
  BOOST_CHECK_THROW(family.load(YAML::Load(kPosteriorHead + "  - probabilities: [0.5, 0.5, 0.5]\n"), "model.yaml"),
                    ConfigError);
  BOOST_TEST_REQUIRE(family.has_posterior());
  BOOST_TEST(identical(family.posterior()->alpha(), before));
}

BOOST_AUTO_TEST_SUITE_END()  // persistence_test
