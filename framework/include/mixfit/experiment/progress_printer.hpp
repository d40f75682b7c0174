// ProgressPrinter: one line per iteration on the progress stream.
#pragma once

#include "mixfit/inference/fit_report.hpp"

#include <ostream>
#include <string>

namespace mixfit {

/// Prints "em  restart 1/3  iter   7  mean_log_likelihood -3.0114  delta 2.1e-04  0.0031 s".
class ProgressPrinter final : public IterationObserver {
 public:
  ProgressPrinter(std::ostream& out, std::string algorithm, std::size_t restarts)
      : out_(out), algorithm_(std::move(algorithm)), restarts_(restarts) {}

  void start_restart(std::size_t restart) { restart_ = restart; }
  void on_iteration(const FitReport& report, std::size_t max_iter) override;

 private:
  std::ostream& out_;
  std::string algorithm_;
  std::size_t restarts_;
  std::size_t restart_ = 0;
};

}  // namespace mixfit
