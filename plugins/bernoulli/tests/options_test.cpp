// The options schema (defaults, ranges, the prior section) and the factory that reads it.
#include <boost/test/unit_test.hpp>

#include "bernoulli_family.hpp"
#include "bernoulli_options.hpp"
#include "bernoulli_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <sstream>

BOOST_AUTO_TEST_SUITE(options_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

FamilySpec spec_from(const std::string& options_yaml) {
  FamilySpec spec;
  spec.num_components = 3;
  spec.columns = binary_columns(4);
  spec.source = "experiment.yaml";
  spec.options = bernoulli_options_schema().resolve(YAML::Load(options_yaml), {"experiment.yaml", "model.options"});
  return spec;
}

const BernoulliFamily& as_bernoulli(const std::unique_ptr<ComponentFamily>& family) {
  return dynamic_cast<const BernoulliFamily&>(*family);
}

/// The message of the ConfigError `f` throws ("" if none).
template <class F>
std::string config_error(F f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_eps_1e_10_and_no_prior) {
  const FamilySpec spec = spec_from("{}");
  BOOST_TEST(spec.options["eps"].as<double>() == 1e-10);
  const auto family = make_bernoulli_family(spec);
  BOOST_TEST(family->name() == "bernoulli");
  BOOST_TEST(family->num_components() == 3u);
  BOOST_TEST(family->dimension() == 4u);
  BOOST_TEST(family->num_free_parameters() == 12u);
  BOOST_TEST(!family->has_parameters());
  BOOST_TEST(as_bernoulli(family).eps() == 1e-10);
  BOOST_TEST(!as_bernoulli(family).prior());
  BOOST_TEST(!family->capabilities().maximum_a_posteriori);
  BOOST_TEST(family->capabilities().variational);  // under Beta(1, 1) when no prior is configured
  BOOST_TEST(as_bernoulli(family).variational_prior().alpha == 1.0);
  BOOST_TEST(as_bernoulli(family).variational_prior().beta == 1.0);
}

BOOST_AUTO_TEST_CASE(eps_reaches_the_family) {
  BOOST_TEST(as_bernoulli(make_bernoulli_family(spec_from("{eps: 0.01}"))).eps() == 0.01);
  BOOST_TEST(as_bernoulli(make_bernoulli_family(spec_from("{eps: 0}"))).eps() == 0.0);
}

BOOST_AUTO_TEST_CASE(prior_reaches_the_family_and_enables_map) {
  const auto family = make_bernoulli_family(spec_from("{prior: {alpha: 2, beta: 3.5}}"));
  const auto& prior = as_bernoulli(family).prior();
  BOOST_TEST_REQUIRE(prior.has_value());
  BOOST_TEST(prior->alpha == 2.0);
  BOOST_TEST(prior->beta == 3.5);
  BOOST_TEST(family->capabilities().maximum_a_posteriori);
  BOOST_TEST(as_bernoulli(family).variational_prior().alpha == 2.0);  // VB's prior too
  BOOST_TEST(as_bernoulli(family).variational_prior().beta == 3.5);
  // Absent is no prior.
  const YAML::Node defaults = spec_from("{}").options;
  BOOST_TEST(!defaults["prior"]);
  // Any alpha, beta > 0 is a prior (the posterior mode then may sit on a clipping bound).
  const auto jeffreys = make_bernoulli_family(spec_from("{prior: {alpha: 0.5, beta: 0.5}}"));
  BOOST_TEST(jeffreys->capabilities().maximum_a_posteriori);
  BOOST_TEST(as_bernoulli(jeffreys).prior()->alpha == 0.5);
}

BOOST_AUTO_TEST_CASE(the_factory_builds_the_storage_row_from_the_spec) {
  FamilySpec spec = spec_from("{}");
  for (auto& column : spec.columns) column.storage_row += 5;  // a part of a product, after 5 other binary columns
  const auto family = make_bernoulli_family(spec);
  BernoulliFamily& bernoulli = dynamic_cast<BernoulliFamily&>(*family);
  bernoulli.set_probabilities(arma::mat(4, 3, arma::fill::value(0.5)));
  arma::mat scores;
  BOOST_CHECK_THROW(bernoulli.log_likelihood(DataBlock(binary_dataset(random_binary(8, 3, 1)), 0, 3, 0), scores), Error);
  BOOST_CHECK_NO_THROW(bernoulli.log_likelihood(DataBlock(binary_dataset(random_binary(9, 3, 1)), 0, 3, 0), scores));
}

BOOST_AUTO_TEST_CASE(bad_options_are_config_errors_with_their_key) {
  BOOST_TEST(config_error([] { spec_from("{eps: -1}"); }).find("model.options.eps") != std::string::npos);
  BOOST_TEST(config_error([] { spec_from("{eps: 0.7}"); }).find("model.options.eps") != std::string::npos);
  BOOST_TEST(config_error([] { spec_from("{eps: small}"); }).find("model.options.eps") != std::string::npos);
  BOOST_TEST(config_error([] { spec_from("{esp: 0.1}"); }).find("did you mean 'eps'") != std::string::npos);
  BOOST_TEST(config_error([] { spec_from("{prior: {alpha: 0, beta: 1}}"); }).find("model.options.prior.alpha") !=
             std::string::npos);
  BOOST_TEST(config_error([] { spec_from("{prior: {alpha: 1, beta: -2}}"); }).find("model.options.prior.beta") !=
             std::string::npos);
  BOOST_TEST(config_error([] { spec_from("{prior: {alpha: 1, gamma: 2}}"); }).find("unknown key 'gamma'") !=
             std::string::npos);
  BOOST_TEST(config_error([] { spec_from("{prior: 2}"); }).find("model.options.prior") != std::string::npos);
  // Both shape parameters are required once the section is there, and the message has the line.
  BOOST_TEST(config_error([] { spec_from("{prior: {alpha: 2}}"); }) ==
             "experiment.yaml:1:9: model.options.prior.beta: required key missing");
  BOOST_TEST(config_error([] { spec_from("{prior: {}}"); }).find("model.options.prior.alpha: required key missing") !=
             std::string::npos);
  // What the schema cannot say, the factory says.
  BOOST_TEST(config_error([] { make_bernoulli_family(spec_from("{eps: 0.5}")); }) ==
             "experiment.yaml: model.options.eps: expected a number in [0, 0.5), got 0.5");
}

BOOST_AUTO_TEST_CASE(non_binary_columns_are_refused) {
  FamilySpec spec = spec_from("{}");
  spec.columns[2].kind = ColumnKind::real;
  const std::string message = config_error([&] { make_bernoulli_family(spec); });
  BOOST_TEST(message.find("c2") != std::string::npos, message);
  BOOST_TEST(message.find("binary") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(schema_describes_every_key) {
  std::ostringstream out;
  bernoulli_options_schema().describe(out);
  for (const char* key : {"eps", "prior", "alpha", "beta"})
    BOOST_TEST(out.str().find(key) != std::string::npos, key << " in\n" << out.str());
}

BOOST_AUTO_TEST_SUITE_END()  // options_test
