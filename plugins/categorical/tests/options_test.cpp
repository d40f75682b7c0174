// The options schema (defaults, ranges, choices, the prior section) and the factory that reads them.
#include <boost/test/unit_test.hpp>

#include "categorical_family.hpp"
#include "categorical_options.hpp"
#include "mixfit/core/error.hpp"

#include <sstream>

BOOST_AUTO_TEST_SUITE(options_test)

using namespace mixfit;

namespace {

YAML::Node resolve(const std::string& options_yaml) {
  return categorical_options_schema().resolve(YAML::Load(options_yaml), {"experiment.yaml", "model.options"});
}

FamilySpec spec_from(const std::string& options_yaml) {
  FamilySpec spec;
  spec.num_components = 3;
  spec.columns = {{"colour", ColumnKind::categorical, 0, {"red", "green", "blue"}},
                  {"size", ColumnKind::categorical, 1, {"S", "L"}}};
  spec.source = "experiment.yaml";
  spec.options = resolve(options_yaml);
  return spec;
}

const CategoricalFamily& as_categorical(const std::unique_ptr<ComponentFamily>& family) {
  return dynamic_cast<const CategoricalFamily&>(*family);
}

std::string config_error(const std::string& options_yaml) {
  try {
    resolve(options_yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults) {
  const auto family = make_categorical_family(spec_from("{}"));
  const CategoricalOptions& options = as_categorical(family).options();
  BOOST_TEST(options.eps == 1e-10);
  BOOST_TEST(!options.prior_alpha.has_value());
  BOOST_TEST((options.unseen == UnseenLevels::error));
  BOOST_TEST(!family->capabilities().maximum_a_posteriori);
  BOOST_TEST(family->capabilities().variational);  // under Dir(1, …, 1) when no prior is configured
  BOOST_TEST(as_categorical(family).variational_prior_alpha() == 1.0);
  BOOST_TEST(family->num_components() == 3u);
  BOOST_TEST(family->dimension() == 2u);
  BOOST_TEST(family->num_free_parameters() == 3u * (2 + 1));
  BOOST_TEST(!family->has_parameters());
  BOOST_TEST(family->name() == "categorical");
}

BOOST_AUTO_TEST_CASE(each_option_reaches_the_family) {
  const auto family = make_categorical_family(spec_from("{eps: 0, prior: {alpha: 2.5}, unseen: ignore}"));
  const CategoricalOptions& options = as_categorical(family).options();
  BOOST_TEST(options.eps == 0.0);
  BOOST_TEST_REQUIRE(options.prior_alpha.has_value());
  BOOST_TEST(*options.prior_alpha == 2.5);
  BOOST_TEST((options.unseen == UnseenLevels::ignore));
  BOOST_TEST(family->capabilities().maximum_a_posteriori);
  BOOST_TEST(as_categorical(family).variational_prior_alpha() == 2.5);  // VB's prior too
  // Levels come from the column dictionaries.
  BOOST_TEST(as_categorical(family).layout().num_levels(0) == 3u);
  BOOST_TEST(as_categorical(family).layout().num_levels(1) == 2u);
}

BOOST_AUTO_TEST_CASE(bad_values_are_config_errors) {
  BOOST_TEST(config_error("{eps: -0.1}").find("model.options.eps") != std::string::npos);
  BOOST_TEST(config_error("{eps: 1.5}").find("model.options.eps") != std::string::npos);
  BOOST_TEST(config_error("{prior: {alpha: 0}}").find("model.options.prior.alpha") != std::string::npos);
  BOOST_TEST(config_error("{prior: {alpha: -1}}").find("> 0") != std::string::npos);
  BOOST_TEST(config_error("{prior: {beta: 1}}").find("unknown key 'beta'") != std::string::npos);
  BOOST_TEST(config_error("{unseen: skip}").find("expected one of error, ignore") != std::string::npos);
  BOOST_TEST(config_error("{eps_: 0}").find("did you mean 'eps'") != std::string::npos);
  // eps = 1 passes the schema's [0, 1] range but not the factory.
  BOOST_CHECK_EXCEPTION(make_categorical_family(spec_from("{eps: 1}")), ConfigError, [](const ConfigError& e) {
    return std::string(e.what()) == "experiment.yaml: model.options.eps: expected a number in [0, 1), got 1";
  });
}

BOOST_AUTO_TEST_CASE(factory_checks_the_columns) {
  FamilySpec real = spec_from("{}");
  real.columns[1].kind = ColumnKind::real;
  BOOST_CHECK_EXCEPTION(make_categorical_family(real), ConfigError, [](const ConfigError& e) {
    return std::string(e.what()).find("column 'size' is real") != std::string::npos;
  });
  FamilySpec empty = spec_from("{}");
  empty.columns[0].levels.clear();
  BOOST_CHECK_EXCEPTION(make_categorical_family(empty), ConfigError, [](const ConfigError& e) {
    return std::string(e.what()).find("'colour' has an empty level dictionary") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(describe_documents_every_key) {
  std::ostringstream described;
  categorical_options_schema().describe(described);
  for (const char* key : {"eps", "prior", "alpha", "unseen", "ignore"})
    BOOST_TEST(described.str().find(key) != std::string::npos, key);
}

BOOST_AUTO_TEST_SUITE_END()  // options_test
