// A kind of event (a component emptying, a covariance turning singular) is listed a few times in the
// report's warnings, then once as "more followed"; other warnings neither count nor are touched.
#include <boost/test/unit_test.hpp>

#include "mixfit/inference/fit_report.hpp"

#include <string>

BOOST_AUTO_TEST_SUITE(capped_warnings_test)

using namespace mixfit;

BOOST_AUTO_TEST_CASE(the_first_few_events_then_one_line_for_the_rest) {
  FitReport report;
  report.warnings.push_back("the objective went down once (not an event)");
  const std::string more = "more of these (not listed; inference.empty_component)";
  for (int i = 0; i < 8; ++i)
    add_capped_warning(report, "inference.empty_component",
                       "event " + std::to_string(i) + " (inference.empty_component: reseed)", more, 3);
  // another kind keeps its own count
  add_capped_warning(report, "inference.singular_component", "singular (inference.singular_component: drop)",
                     "more singular (inference.singular_component)", 3);
  BOOST_TEST_REQUIRE(report.warnings.size() == 6u);
  BOOST_TEST(report.warnings[0] == "the objective went down once (not an event)");
  BOOST_TEST(report.warnings[1] == "event 0 (inference.empty_component: reseed)");
  BOOST_TEST(report.warnings[3] == "event 2 (inference.empty_component: reseed)");
  BOOST_TEST(report.warnings[4] == more);
  BOOST_TEST(report.warnings[5] == "singular (inference.singular_component: drop)");
}

BOOST_AUTO_TEST_CASE(the_default_lists_five) {
  FitReport report;
  for (int i = 0; i < 9; ++i) add_capped_warning(report, "key", "key event", "key: more");
  BOOST_TEST(report.warnings.size() == 6u);
  BOOST_TEST(report.warnings.back() == "key: more");
}

BOOST_AUTO_TEST_SUITE_END()
