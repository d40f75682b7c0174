// The options schema (defaults, choices, range) and the factory that picks the covariance policy from it.
#include <boost/test/unit_test.hpp>

#include "gaussian_options.hpp"
#include "gaussian_test_support.hpp"
#include "mixfit/core/error.hpp"

BOOST_AUTO_TEST_SUITE(options_test)

using namespace mixfit;

namespace {

FamilySpec spec_from(const std::string& options_yaml) {
  FamilySpec spec;
  spec.num_components = 3;
  spec.columns = {{"x", ColumnKind::real, 0, {}}, {"y", ColumnKind::real, 1, {}}};
  spec.source = "experiment.yaml";
  spec.options = gaussian_options_schema().resolve(YAML::Load(options_yaml), {"experiment.yaml", "model.options"});
  return spec;
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_full_and_scikit_learns_reg_covar) {
  const FamilySpec spec = spec_from("{}");
  BOOST_TEST(spec.options["covariance"].as<std::string>() == "full");
  BOOST_TEST(spec.options["reg_covar"].as<double>() == 1e-6);
  const auto family = make_gaussian_family(spec);
  const auto* full = dynamic_cast<const FullGaussianFamily*>(family.get());
  BOOST_TEST_REQUIRE(full != nullptr);
  BOOST_TEST(full->reg_covar() == 1e-6);
  BOOST_TEST(family->num_components() == 3u);
  BOOST_TEST(family->dimension() == 2u);
  BOOST_TEST(!family->has_parameters());
}

BOOST_AUTO_TEST_CASE(each_covariance_choice_builds_its_policy) {
  BOOST_TEST(dynamic_cast<const DiagonalGaussianFamily*>(make_gaussian_family(spec_from("{covariance: diag}")).get()));
  BOOST_TEST(
      dynamic_cast<const SphericalGaussianFamily*>(make_gaussian_family(spec_from("{covariance: spherical}")).get()));
  BOOST_TEST(dynamic_cast<const TiedGaussianFamily*>(make_gaussian_family(spec_from("{covariance: tied}")).get()));
  const auto family = make_gaussian_family(spec_from("{covariance: tied, reg_covar: 0.5}"));
  BOOST_TEST(dynamic_cast<const TiedGaussianFamily&>(*family).reg_covar() == 0.5);
  // The choice is observable: the parameter count follows it (K = 3, D = 2).
  BOOST_TEST(family->num_free_parameters() == 3u + 6u);
}

BOOST_AUTO_TEST_CASE(bad_options_are_config_errors) {
  BOOST_CHECK_THROW(spec_from("{covariance: diagonal}"), ConfigError);
  BOOST_CHECK_THROW(spec_from("{reg_covar: -1}"), ConfigError);
  BOOST_CHECK_THROW(spec_from("{reg_covr: 1}"), ConfigError);
}

BOOST_AUTO_TEST_SUITE_END()  // options_test
