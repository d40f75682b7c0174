// ProgressPrinter: one line per iteration on the progress stream, rewritten in place on a terminal.
#pragma once

#include "mixfit/inference/fit_report.hpp"

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace mixfit {

/// Seconds on a monotonic clock. Injected so that tests can drive the
/// time-left estimate without timing anything.
using ProgressClock = std::function<double()>;

/// std::chrono::steady_clock in seconds.
ProgressClock steady_progress_clock();

/// How progress lines reach the stream: one line each (a file, a pipe), or
/// each line replacing the previous one (a terminal: carriage return, then
/// clear to the end of the line).
enum class ProgressStyle { lines, in_place };

/// The estimate printed as "left": the iterations still allowed by max_iter in
/// this restart plus max_iter for each restart still to run, at the mean
/// wall time per iteration so far. An upper bound when the fit converges
/// before max_iter (and the usual case is that it does).
double estimated_seconds_left(double seconds_per_iteration, std::size_t iteration, std::size_t max_iter,
                              std::size_t restarts_after);

/// A sweep's estimate: the points not yet done at the mean wall time per
/// finished point so far (wall time, so running points in parallel counts).
double estimated_sweep_seconds_left(double elapsed, std::size_t done, std::size_t total);

/// "0.041 s", "12.5 s", "3m05s", "2h07m": short, and of a width that does not jump much.
std::string format_duration(double seconds);

/// Prints, for every iteration,
///   "em  restart 1/3  iter    7/100  mean_log_likelihood -3.0114  delta +2.100e-04  0.0031 s/iter  left <= 0.29 s"
/// where s/iter is the mean wall time per iteration of this restart so far
/// (on the injected clock, from start_restart) and "left" is
/// estimated_seconds_left.
class ProgressPrinter final : public IterationObserver {
 public:
  /// `width`: in the in-place style, lines are cut to width − 1 characters
  /// (a terminal's columns), because a line that wraps cannot be rewritten
  /// with a carriage return; 0 leaves them whole.
  ProgressPrinter(std::ostream& out, std::string algorithm, std::size_t restarts,
                  ProgressStyle style = ProgressStyle::lines, ProgressClock clock = steady_progress_clock(),
                  std::size_t width = 0);
  /// Ends a line left open by the in-place style, so that what follows
  /// (the summary, an error) starts on a line of its own.
  ~ProgressPrinter();
  ProgressPrinter(const ProgressPrinter&) = delete;
  ProgressPrinter& operator=(const ProgressPrinter&) = delete;

  /// Restart `restart` (0-based) begins; `restarts_after` more will run after it.
  void start_restart(std::size_t restart, std::size_t restarts_after = 0);
  void on_iteration(const FitReport& report, std::size_t max_iter) override;
  /// Restart `restart` failed numerically and the run goes on without it:
  /// "em  restart 4/10  FAILED: <error>", a line of its own in either style.
  void restart_failed(std::size_t restart, const std::string& error);
  /// Ends an open in-place line (the last line of each restart stays on screen).
  void finish_line();

 private:
  std::ostream& out_;
  std::string algorithm_;
  std::size_t restarts_;
  ProgressStyle style_;
  ProgressClock clock_;
  std::size_t width_;
  std::size_t restart_ = 0;
  std::size_t restarts_after_ = 0;
  double restart_started_ = 0.0;
  std::size_t iterations_seen_ = 0;  ///< in this restart, by this process (a resumed restart starts mid-way)
  bool line_open_ = false;
};

}  // namespace mixfit
