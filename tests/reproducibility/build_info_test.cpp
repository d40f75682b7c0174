// Build and platform provenance: present, and consistent with what is linked.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/build_info.hpp"

#include <armadillo>

BOOST_AUTO_TEST_SUITE(build_info_test)

using namespace mixfit;

BOOST_AUTO_TEST_CASE(build_and_platform_are_described) {
  const BuildInfo build = build_info();
  BOOST_TEST(build.mixfit_version.starts_with("0."));
  BOOST_TEST(!build.compiler.empty());
  BOOST_TEST(!build.build_type.empty());
  BOOST_TEST(build.armadillo_version == arma::arma_version::as_string());
  BOOST_TEST(build.boost_version.starts_with("1."));
  BOOST_TEST(!blas_in_use().empty());
  const PlatformInfo platform = platform_info();
  BOOST_TEST(platform.system == "Linux");
  BOOST_TEST(platform.cpu_count >= 1u);
}

BOOST_AUTO_TEST_SUITE_END()  // build_info_test
