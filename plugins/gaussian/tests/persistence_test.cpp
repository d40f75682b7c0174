// save → load reproduces every bit for all covariance types; malformed model files fail with file, line and key.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <boost/mpl/list.hpp>

#include <initializer_list>

BOOST_AUTO_TEST_SUITE(persistence_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

using CovarianceTypes = boost::mpl::list<FullCovariance, DiagonalCovariance, SphericalCovariance, TiedCovariance>;

/// What the framework writes around save(): an open map that already has family and weights.
std::string model_text(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "family" << YAML::Value << "gaussian";
  out << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginSeq << 0.25 << 0.75 << YAML::EndSeq;
  family.save(out);
  out << YAML::EndMap;
  BOOST_TEST_REQUIRE(out.good(), out.GetLastError());
  return out.c_str();
}

/// Loads `text` into a fresh K=2, D=2 family and returns the ConfigError's message ("" if none).
template <class Covariance>
std::string load_error(const std::string& text) {
  GaussianFamily<Covariance> family(2, 2, 1e-6);
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const ConfigError& e) {
    BOOST_TEST(!family.has_parameters());
    return e.what();
  }
  return {};
}

template <class Covariance>
void expect_load_error(const std::string& text, std::initializer_list<std::string> fragments) {
  const std::string message = load_error<Covariance>(text);
  BOOST_TEST_CONTEXT(Covariance::kName << " model:\n" << text << "\nmessage: " << message) {
    BOOST_TEST(message.rfind("model.yaml:", 0) == 0);
    for (const std::string& fragment : fragments) BOOST_TEST(message.find(fragment) != std::string::npos, fragment);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(round_trip_is_bit_identical, Covariance, CovarianceTypes) {
  const GaussianFamily<Covariance> original = fitted_family<Covariance>(3, 3, 7);
  const std::string text = model_text(original);
  GaussianFamily<Covariance> loaded(3, 3, 1e-6);
  loaded.load(YAML::Load(text), "model.yaml");
  BOOST_TEST(loaded.has_parameters());
  BOOST_TEST(identical(loaded.means(), original.means()), text);
  BOOST_TEST(identical(loaded.covariances(), original.covariances()), text);
  // Same parameters, same caches: the scores agree bit for bit too.
  const arma::mat x = random_points(3, 50, 8);
  arma::mat a, b;
  original.log_likelihood(DataBlock(x, 0, x.n_cols, 0), a);
  loaded.log_likelihood(DataBlock(x, 0, x.n_cols, 0), b);
  BOOST_TEST(identical(a, b));
  // Saving the loaded family gives the same text.
  BOOST_TEST(model_text(loaded) == text);
}

BOOST_AUTO_TEST_CASE(saved_shape_per_covariance_type) {
  const YAML::Node full = YAML::Load(model_text(fitted_family<FullCovariance>(2, 2, 1)));
  BOOST_TEST(full["components"].size() == 2u);
  BOOST_TEST(full["components"][1]["mean"].size() == 2u);
  BOOST_TEST(full["components"][1]["covariance"].size() == 2u);
  BOOST_TEST(full["components"][1]["covariance"][0].size() == 2u);
  BOOST_TEST(!full["shared"]);

  const YAML::Node diag = YAML::Load(model_text(fitted_family<DiagonalCovariance>(2, 2, 1)));
  BOOST_TEST(diag["components"][0]["covariance"].IsSequence());
  BOOST_TEST(diag["components"][0]["covariance"][0].IsScalar());

  const YAML::Node spherical = YAML::Load(model_text(fitted_family<SphericalCovariance>(2, 2, 1)));
  BOOST_TEST(spherical["components"][0]["covariance"].IsScalar());

  const YAML::Node tied = YAML::Load(model_text(fitted_family<TiedCovariance>(2, 2, 1)));
  BOOST_TEST(!tied["components"][0]["covariance"]);
  BOOST_TEST(tied["shared"]["covariance"].size() == 2u);
  // The framework's keys around ours are untouched.
  BOOST_TEST(tied["family"].as<std::string>() == "gaussian");
  BOOST_TEST(tied["weights"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(numbers_are_written_exactly) {
  FullGaussianFamily family(1, 2, 0.0);
  arma::cube covariance(2, 2, 1);
  covariance.slice(0) = {{0.1, 1.0 / 3.0}, {1.0 / 3.0, 2.0}};
  family.set_parameters(arma::mat(arma::vec{1e-300, -2.5}), covariance);
  const std::string text = model_text(family);
  BOOST_TEST(text.find("[1.0e-300, -2.5]") != std::string::npos, text);
  BOOST_TEST(text.find("[[0.1, 0.3333333333333333], [0.3333333333333333, 2.0]]") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(not_positive_definite_message_names_file_line_and_key) {
  const std::string text =
      "family: gaussian\n"
      "components:\n"
      "  - mean: [0, 0]\n"
      "    covariance: [[1, 0], [0, 1]]\n"
      "  - mean: [1, 1]\n"
      "    covariance: [[1, 2], [2, 1]]\n";
  BOOST_TEST(load_error<FullCovariance>(text) ==
             "model.yaml:6:17: components[1].covariance: expected a 2×2 symmetric positive-definite matrix, "
             "got [[1, 2], [2, 1]] (not positive definite)");
}

BOOST_AUTO_TEST_CASE(full_covariance_errors) {
  const std::string head = "family: gaussian\ncomponents:\n  - mean: [0, 0]\n    covariance: [[1, 0], [0, 1]]\n";
  expect_load_error<FullCovariance>(head, {"components: expected a list of 2 components"});
  expect_load_error<FullCovariance>("family: gaussian\n", {"components: required key is missing"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, 1, 1]\n    covariance: [[1, 0], [0, 1]]\n",
                                    {"components[1].mean: expected a list of 2 numbers, got [1, 1, 1]"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, x]\n    covariance: [[1, 0], [0, 1]]\n",
                                    {"components[1].mean[1]: expected a number, got x"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, .inf]\n    covariance: [[1, 0], [0, 1]]\n",
                                    {"components[1].mean[1]: expected a finite number, got .inf"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, 1]\n",
                                    {"components[1].covariance: required key is missing"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, 1]\n    covariance: [[1, 0]]\n",
                                    {"components[1].covariance: expected a 2×2 symmetric positive-definite matrix",
                                     "got [[1, 0]]"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, 1]\n    covariance: [[1, 0.5], [0.4, 1]]\n",
                                    {"components[1].covariance:", "(not symmetric)"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, 1]\n    covariance: [[1, 0], [abc, 1]]\n",
                                    {"model.yaml:6:", "components[1].covariance[1][0]: expected a number, got abc"});
  expect_load_error<FullCovariance>(head + "  - mean: [1, 1]\n    covariance: [[1, 0], [0, 1]]\n    weight: 3\n",
                                    {"model.yaml:7:5: components[1].weight: unknown key 'weight'"});
}

BOOST_AUTO_TEST_CASE(diagonal_and_spherical_errors) {
  const std::string diag_head = "components:\n  - mean: [0, 0]\n    covariance: [1, 2]\n";
  expect_load_error<DiagonalCovariance>(diag_head + "  - mean: [1, 1]\n    covariance: [-1, 2]\n",
                                        {"model.yaml:5:18: components[1].covariance[0]: expected a positive "
                                         "variance, got -1"});
  expect_load_error<DiagonalCovariance>(diag_head + "  - mean: [1, 1]\n    covariance: [1, 2, 3]\n",
                                        {"components[1].covariance: expected a list of 2 positive variances, "
                                         "got [1, 2, 3]"});
  expect_load_error<DiagonalCovariance>(diag_head + "  - mean: [1, 1]\n    covariance: [[1, 0], [0, 1]]\n",
                                        {"components[1].covariance"});

  const std::string spherical_head = "components:\n  - mean: [0, 0]\n    covariance: 1.5\n";
  expect_load_error<SphericalCovariance>(spherical_head + "  - mean: [1, 1]\n    covariance: 0\n",
                                         {"components[1].covariance: expected a positive variance, got 0"});
  expect_load_error<SphericalCovariance>(spherical_head + "  - mean: [1, 1]\n    covariance: [1, 2]\n",
                                         {"components[1].covariance: expected a number, got [1, 2]"});
}

BOOST_AUTO_TEST_CASE(tied_errors) {
  const std::string components = "components:\n  - mean: [0, 0]\n  - mean: [1, 1]\n";
  expect_load_error<TiedCovariance>(components, {"shared: required key is missing"});
  expect_load_error<TiedCovariance>(components + "shared:\n  covariance: [[1, 0], [0, -1]]\n",
                                    {"model.yaml:5:15: shared.covariance: expected a 2×2 symmetric positive-definite "
                                     "matrix",
                                     "(not positive definite)"});
  expect_load_error<TiedCovariance>(
      "components:\n  - mean: [0, 0]\n    covariance: [[1, 0], [0, 1]]\n  - mean: [1, 1]\n"
      "shared:\n  covariance: [[1, 0], [0, 1]]\n",
      {"components[0].covariance: unknown key 'covariance' (a tied covariance goes under shared.covariance)"});
}

BOOST_AUTO_TEST_CASE(a_failed_load_leaves_the_family_unchanged) {
  FullGaussianFamily family = fitted_family<FullCovariance>(2, 2, 3);
  const arma::mat means = family.means();
  const arma::cube covariances = family.covariances();
  BOOST_CHECK_THROW(family.load(YAML::Load("components:\n  - mean: [0, 0]\n    covariance: [[1, 0], [0, 1]]\n"
                                           "  - mean: [1, 1]\n    covariance: [[1, 2], [2, 1]]\n"),
                                "model.yaml"),
                    ConfigError);
  BOOST_TEST(identical(family.means(), means));
  BOOST_TEST(identical(family.covariances(), covariances));
}

BOOST_AUTO_TEST_SUITE_END()  // persistence_test
