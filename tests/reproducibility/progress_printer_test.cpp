// Progress lines: the plain (non-terminal) format, the in-place rewriting, and the time-left estimate on an injected clock.
#include <boost/test/unit_test.hpp>

#include "mixfit/experiment/progress_printer.hpp"

#include <cmath>
#include <sstream>

BOOST_AUTO_TEST_SUITE(progress_printer_test)

using namespace mixfit;
namespace tt = boost::test_tools;

namespace {

// A clock the test moves by hand.
struct ManualClock {
  double now = 100.0;
  ProgressClock clock() {
    return [this] { return now; };
  }
};

FitReport report_with(std::initializer_list<IterationRecord> records) {
  FitReport report;
  report.objective_name = "mean_log_likelihood";
  report.trace = records;
  report.n_iter = report.trace.size();
  return report;
}

}  // namespace

BOOST_AUTO_TEST_CASE(estimate_counts_the_iterations_left_and_later_restarts) {
  // 0.5 s per iteration, iteration 10 of 100: 90 left here, plus 2 restarts of 100.
  BOOST_TEST(estimated_seconds_left(0.5, 10, 100, 2) == 0.5 * (90 + 200), tt::tolerance(1e-15));
  BOOST_TEST(estimated_seconds_left(0.5, 100, 100, 0) == 0.0);
  // A resumed run past max_iter (cannot happen, but must not wrap around).
  BOOST_TEST(estimated_seconds_left(0.5, 120, 100, 0) == 0.0);
  BOOST_TEST(estimated_sweep_seconds_left(30.0, 3, 12) == 90.0, tt::tolerance(1e-15));
  BOOST_TEST(std::isnan(estimated_sweep_seconds_left(0.0, 0, 12)));
}

BOOST_AUTO_TEST_CASE(durations_are_short) {
  BOOST_TEST(format_duration(0.0412) == "0.041 s");
  BOOST_TEST(format_duration(12.54) == "12.5 s");
  BOOST_TEST(format_duration(185.0) == "3m05s");
  BOOST_TEST(format_duration(7620.0) == "2h07m");
  BOOST_TEST(format_duration(std::nan("")) == "?");
}

BOOST_AUTO_TEST_CASE(plain_lines_when_not_a_terminal) {
  ManualClock time;
  std::ostringstream out;
  {
    ProgressPrinter printer(out, "em", 3, ProgressStyle::lines, time.clock());
    printer.start_restart(0, 2);
    time.now += 0.25;  // the first iteration took 0.25 s
    printer.on_iteration(report_with({{1, -3.5, std::nan(""), 0.2}}), 100);
    time.now += 0.75;  // the second 0.75 s: mean 0.5 s per iteration
    printer.on_iteration(report_with({{1, -3.5, std::nan(""), 0.2}, {2, -3.25, 0.25, 0.7}}), 100);
  }
  // Iteration 2 of 100 at 0.5 s/iter with 2 more restarts: (98 + 200) · 0.5 = 149 s → 2m29s.
  BOOST_TEST(out.str() ==
             "em  restart 1/3  iter    1/100  mean_log_likelihood -3.5  delta          -  0.25 s/iter  left <= 1m15s\n"
             "em  restart 1/3  iter    2/100  mean_log_likelihood -3.25  delta +2.500e-01  0.5 s/iter  left <= 2m29s\n");
}

BOOST_AUTO_TEST_CASE(a_new_restart_restarts_the_estimate) {
  ManualClock time;
  std::ostringstream out;
  ProgressPrinter printer(out, "vb", 2, ProgressStyle::lines, time.clock());
  printer.start_restart(0, 1);
  time.now += 10.0;
  printer.on_iteration(report_with({{1, -10.0, std::nan(""), 10.0}}), 4);
  printer.start_restart(1, 0);
  time.now += 1.0;
  FitReport second = report_with({{1, -9.0, std::nan(""), 1.0}});
  second.objective_name = "elbo";
  printer.on_iteration(second, 4);
  const std::string text = out.str();
  // Restart 1: 3 left here + 4 in restart 2, at 10 s each; restart 2: 3 left at 1 s.
  BOOST_TEST(text.find("restart 1/2  iter    1/4  mean_log_likelihood -10  delta          -  10 s/iter  left <= 1m10s\n") !=
             std::string::npos);
  BOOST_TEST(text.find("restart 2/2  iter    1/4  elbo -9  delta          -  1 s/iter  left <= 3.0 s\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(in_place_lines_rewrite_and_end_with_a_newline) {
  ManualClock time;
  std::ostringstream out;
  {
    ProgressPrinter printer(out, "em", 1, ProgressStyle::in_place, time.clock());
    printer.start_restart(0);
    time.now += 1.0;
    printer.on_iteration(report_with({{1, -2.0, std::nan(""), 1.0}}), 2);
    time.now += 1.0;
    printer.on_iteration(report_with({{1, -2.0, std::nan(""), 1.0}, {2, -1.0, 1.0, 1.0}}), 2);
    BOOST_TEST(out.str().find('\n') == std::string::npos);  // still one open line
  }
  const std::string text = out.str();
  BOOST_TEST(text.rfind("\r\033[Kem  restart 1/1  iter    1/2", 0) == 0);
  BOOST_TEST(text.find("\r\033[Kem  restart 1/1  iter    2/2") != std::string::npos);
  BOOST_TEST(text.back() == '\n');  // closed by the destructor
  BOOST_TEST(text.find("left <= 0 s") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(in_place_lines_are_cut_to_the_terminal_width) {
  ManualClock time;
  std::ostringstream out;
  {
    ProgressPrinter printer(out, "em", 1, ProgressStyle::in_place, time.clock(), 40);
    printer.start_restart(0);
    time.now += 1.0;
    printer.on_iteration(report_with({{1, -2.0, std::nan(""), 1.0}}), 2);
  }
  // "\r\033[K" (4 characters), 39 of the line (one column spare, so the cursor never wraps), "\n".
  BOOST_TEST(out.str() == "\r\033[Kem  restart 1/1  iter    1/2  mean_log_\n");
}

BOOST_AUTO_TEST_CASE(a_failed_restart_gets_a_line_of_its_own) {
  ManualClock time;
  std::ostringstream out;
  ProgressPrinter printer(out, "em", 3, ProgressStyle::in_place, time.clock(), 40);
  printer.start_restart(1, 1);
  time.now += 1.0;
  printer.on_iteration(report_with({{1, -2.0, std::nan(""), 1.0}}), 2);
  printer.restart_failed(1, "iteration 2: component 0: the covariance is not positive definite");
  // The open in-place line is ended first; the failure is not cut to the width.
  BOOST_TEST(out.str() == "\r\033[Kem  restart 2/3  iter    1/2  mean_log_\n"
                          "em  restart 2/3  FAILED: iteration 2: component 0: the covariance is not positive definite\n");
}

BOOST_AUTO_TEST_SUITE_END()
