// A saved posterior (β_k, ν_k and its prior) reloads bit for bit; a malformed one fails with file, line and key.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "posterior_test_support.hpp"

BOOST_AUTO_TEST_SUITE(posterior_persistence_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

std::string saved_text(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  family.save(out);
  out << YAML::EndMap;
  BOOST_TEST_REQUIRE(out.good(), out.GetLastError());
  return out.c_str();
}

// The ConfigError message of loading `text` into a fresh K = 2 family (configured with `prior`), "" if none.
template <class Covariance>
std::string load_error(const std::string& text, std::optional<GaussianPrior> prior = std::nullopt) {
  GaussianFamily<Covariance> family(2, 2, 1e-6, 0, prior);
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const ConfigError& e) {
    BOOST_TEST(!family.has_parameters());  // nothing half loaded
    return e.what();
  }
  return {};
}

const std::string kPrior =
    "prior: {mean_precision: 0.5, mean: [0, 1], degrees_of_freedom: 3, covariance: [[1, 0], [0, 2]]}\n";

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(posterior_round_trips_exactly, Covariance, CovarianceTypes) {
  const GaussianFamily<Covariance> family = posterior_family<Covariance>(3);
  const std::string text = saved_text(family);
  GaussianFamily<Covariance> loaded(3, 2, 1e-6);  // no prior configured: the saved one is adopted
  loaded.load(YAML::Load(text), "model.yaml");
  BOOST_TEST(loaded.has_posterior());
  BOOST_TEST(saved_text(loaded) == text);  // save → load → save
  BOOST_TEST(identical(loaded.mean_precisions(), family.mean_precisions()));
  BOOST_TEST(identical(loaded.degrees_of_freedom(), family.degrees_of_freedom()));
  BOOST_TEST(identical(loaded.means(), family.means()));
  BOOST_TEST(identical(loaded.covariances(), family.covariances()));
  BOOST_TEST(loaded.kl_to_prior() == family.kl_to_prior());
  const arma::mat x = random_points(2, 5, 3);
  arma::mat a, b;
  family.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), a);
  loaded.expected_log_likelihood(DataBlock(x, 0, x.n_cols, 0), b);
  BOOST_TEST(identical(a, b));
}

BOOST_AUTO_TEST_CASE(saved_keys_per_covariance_type) {
  const YAML::Node full = YAML::Load(saved_text(posterior_family<FullCovariance>(2)));
  BOOST_TEST(full["components"][1]["mean_precision"].IsScalar());
  BOOST_TEST(full["components"][1]["degrees_of_freedom"].IsScalar());
  BOOST_TEST(full["prior"]["covariance"].size() == 2u);
  const YAML::Node tied = YAML::Load(saved_text(posterior_family<TiedCovariance>(2)));
  BOOST_TEST(tied["components"][1]["mean_precision"].IsScalar());
  BOOST_TEST(!tied["components"][1]["degrees_of_freedom"]);
  BOOST_TEST(tied["shared"]["degrees_of_freedom"].IsScalar());
  const YAML::Node spherical = YAML::Load(saved_text(posterior_family<SphericalCovariance>(2)));
  BOOST_TEST(spherical["prior"]["covariance"].IsScalar());
  const YAML::Node diag = YAML::Load(saved_text(posterior_family<DiagonalCovariance>(2)));
  BOOST_TEST(diag["prior"]["covariance"].size() == 2u);

  // A maximum-likelihood fit has neither posterior keys nor a prior.
  const YAML::Node ml = YAML::Load(saved_text(fitted_family<FullCovariance>(2, 2, 1)));
  BOOST_TEST(!ml["components"][0]["mean_precision"]);
  BOOST_TEST(!ml["prior"]);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(permuting_components_permutes_the_posterior, Covariance, CovarianceTypes) {
  GaussianFamily<Covariance> family = posterior_family<Covariance>(3);
  const GaussianFamily<Covariance> original = family;
  const arma::uvec order{2, 0, 1};
  family.permute_components(order);
  BOOST_TEST(identical(family.mean_precisions(), original.mean_precisions().elem(order)));
  BOOST_TEST(identical(family.means(), original.means().cols(order)));
  if constexpr (kTied<Covariance>)
    BOOST_TEST(identical(family.degrees_of_freedom(), original.degrees_of_freedom()));
  else
    BOOST_TEST(identical(family.degrees_of_freedom(), original.degrees_of_freedom().elem(order)));
  // KL is a sum over components, so it is unchanged up to the order of the additions.
  BOOST_TEST(std::abs(family.kl_to_prior() - original.kl_to_prior()) < 1e-12 * original.kl_to_prior());
}

BOOST_AUTO_TEST_CASE(malformed_posteriors_name_file_line_and_key) {
  const std::string a = "  - mean: [0, 0]\n    covariance: [[1, 0], [0, 1]]\n";
  const std::string posterior = "    mean_precision: 3\n    degrees_of_freedom: 4\n";
  const std::string b = "  - mean: [1, 1]\n    covariance: [[1, 0], [0, 1]]\n";
  // A posterior for one component but not the other.
  BOOST_TEST(load_error<FullCovariance>("components:\n" + a + posterior + b + kPrior) ==
             "model.yaml:6:5: components[1]: a saved posterior has mean_precision and degrees_of_freedom in every "
             "component; this component has neither");
  // One of the pair missing.
  BOOST_TEST(load_error<FullCovariance>("components:\n" + a + posterior + b + "    mean_precision: 3\n" + kPrior)
                 .find("components[1].degrees_of_freedom: required key is missing") != std::string::npos);
  // Out of range values.
  BOOST_TEST(load_error<FullCovariance>("components:\n" + a + "    mean_precision: 0\n    degrees_of_freedom: 4\n" +
                                        b + posterior + kPrior) ==
             "model.yaml:4:21: components[0].mean_precision: expected a number > 0, got 0");
  BOOST_TEST(load_error<FullCovariance>("components:\n" + a + "    mean_precision: 1\n    degrees_of_freedom: 0.5\n" +
                                        b + posterior + kPrior) ==
             "model.yaml:5:25: components[0].degrees_of_freedom: expected a number > D − 1 (= 1), got 0.5");
  // A posterior without the prior it belongs to.
  BOOST_TEST(load_error<FullCovariance>("components:\n" + a + posterior + b + posterior)
                 .find("prior: a saved posterior needs the prior it was computed under") != std::string::npos);
  // Tied: ν under shared.
  BOOST_TEST(load_error<TiedCovariance>("components:\n  - {mean: [0, 0], mean_precision: 2}\n"
                                        "  - {mean: [1, 1], mean_precision: 2}\n"
                                        "shared: {covariance: [[1, 0], [0, 1]]}\n" + kPrior)
                 .find("shared.degrees_of_freedom: required key is missing") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_saved_priors_name_file_line_and_key) {
  const std::string components =
      "components:\n  - mean: [0, 0]\n    covariance: 1\n  - mean: [1, 1]\n    covariance: 2\n";
  BOOST_TEST(load_error<SphericalCovariance>(components + "prior: {mean_precision: 1, mean: [0, 0], "
                                                          "degrees_of_freedom: 3, covariance: -1}\n") ==
             "model.yaml:6:77: prior.covariance: expected one number > 0, got -1");
  BOOST_TEST(load_error<SphericalCovariance>(components + "prior: {mean_precision: 1, mean: [0, 0], "
                                                          "degrees_of_freedom: 3}\n")
                 .find("prior.covariance: required key is missing") != std::string::npos);
  BOOST_TEST(load_error<SphericalCovariance>(components + "prior: {mean_precision: 1, mean: [0], "
                                                          "degrees_of_freedom: 3, covariance: 1}\n") ==
             "model.yaml:6:34: prior.mean: expected a list of 2 numbers (one per column), got [0]");
  BOOST_TEST(load_error<SphericalCovariance>(components + "prior: {mean_precision: 1, mean: [0, 0], "
                                                          "degrees_of_freedom: 3, covariance: 1, scale: 2}\n")
                 .find("prior.scale: unknown key 'scale'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_saved_prior_must_agree_with_the_configured_one) {
  const std::string text = "components:\n  - mean: [0, 0]\n    covariance: [[1, 0], [0, 1]]\n"
                           "  - mean: [1, 1]\n    covariance: [[1, 0], [0, 1]]\n" + kPrior;
  GaussianPrior configured;
  configured.degrees_of_freedom = 3.0;  // agrees
  BOOST_TEST(load_error<FullCovariance>(text, configured).empty());
  configured.mean = arma::vec{0.0, 1.5};  // does not
  const std::string message = load_error<FullCovariance>(text, configured);
  BOOST_TEST(message.rfind("model.yaml:6:36: prior.mean: the saved prior's mean differs from this model's", 0) == 0,
             message);
}

BOOST_AUTO_TEST_SUITE_END()  // posterior_persistence_test
