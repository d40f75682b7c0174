// Progress lines and the time-left estimate.
#include "mixfit/experiment/progress_printer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace mixfit {

ProgressClock steady_progress_clock() {
  return [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };
}

double estimated_seconds_left(double seconds_per_iteration, std::size_t iteration, std::size_t max_iter,
                              std::size_t restarts_after) {
  const std::size_t left_here = iteration < max_iter ? max_iter - iteration : 0;
  return seconds_per_iteration * static_cast<double>(left_here + restarts_after * max_iter);
}

double estimated_sweep_seconds_left(double elapsed, std::size_t done, std::size_t total) {
  if (done == 0) return std::nan("");
  return elapsed / static_cast<double>(done) * static_cast<double>(total > done ? total - done : 0);
}

std::string format_duration(double seconds) {
  char text[32];
  if (!(seconds >= 0.0) || !std::isfinite(seconds)) return "?";
  if (seconds < 0.995) {
    std::snprintf(text, sizeof text, "%.2g s", seconds);
  } else if (seconds < 59.95) {
    std::snprintf(text, sizeof text, "%.1f s", seconds);
  } else if (seconds < 3600.0) {
    const auto whole = static_cast<long>(std::lround(seconds));
    std::snprintf(text, sizeof text, "%ldm%02lds", whole / 60, whole % 60);
  } else {
    const auto minutes = static_cast<long>(std::lround(seconds / 60.0));
    std::snprintf(text, sizeof text, "%ldh%02ldm", minutes / 60, minutes % 60);
  }
  return text;
}

ProgressPrinter::ProgressPrinter(std::ostream& out, std::string algorithm, std::size_t restarts, ProgressStyle style,
                                 ProgressClock clock, std::size_t width)
    : out_(out),
      algorithm_(std::move(algorithm)),
      restarts_(restarts),
      style_(style),
      clock_(std::move(clock)),
      width_(width) {
  restart_started_ = clock_();
}

ProgressPrinter::~ProgressPrinter() { finish_line(); }

void ProgressPrinter::start_restart(std::size_t restart, std::size_t restarts_after) {
  finish_line();
  restart_ = restart;
  restarts_after_ = restarts_after;
  restart_started_ = clock_();
  iterations_seen_ = 0;
}

void ProgressPrinter::finish_line() {
  if (!line_open_) return;
  out_ << '\n' << std::flush;
  line_open_ = false;
}

void ProgressPrinter::restart_failed(std::size_t restart, const std::string& error) {
  finish_line();
  out_ << algorithm_ << "  restart " << restart + 1 << "/" << restarts_ << "  FAILED: " << error << "\n" << std::flush;
}

void ProgressPrinter::on_iteration(const FitReport& report, std::size_t max_iter) {
  const IterationRecord& record = report.trace.back();
  ++iterations_seen_;
  const double per_iteration = (clock_() - restart_started_) / static_cast<double>(iterations_seen_);
  const double left = estimated_seconds_left(per_iteration, record.iteration, max_iter, restarts_after_);
  char delta[32];
  if (std::isnan(record.delta)) {
    std::snprintf(delta, sizeof delta, "%10s", "-");
  } else {
    std::snprintf(delta, sizeof delta, "%+10.3e", record.delta);
  }
  char line[320];
  std::snprintf(line, sizeof line, "%s  restart %zu/%zu  iter %4zu/%zu  %s %.10g  delta %s  %.3g s/iter  left <= %s",
                algorithm_.c_str(), restart_ + 1, restarts_, record.iteration, max_iter,
                report.objective_name.c_str(), record.objective, delta, per_iteration,
                format_duration(left).c_str());
  if (style_ == ProgressStyle::in_place) {
    // Carriage return, then ANSI "erase to end of line" (ECMA-48 EL), so a
    // shorter line leaves nothing of the longer one before it.
    std::string text = line;
    if (width_ > 1 && text.size() > width_ - 1) text.resize(width_ - 1);
    out_ << "\r\033[K" << text << std::flush;
    line_open_ = true;
  } else {
    out_ << line << '\n' << std::flush;
  }
}

}  // namespace mixfit
