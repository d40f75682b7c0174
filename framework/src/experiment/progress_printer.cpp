// Progress lines.
#include "mixfit/experiment/progress_printer.hpp"

#include <cmath>
#include <cstdio>

namespace mixfit {

void ProgressPrinter::on_iteration(const FitReport& report, std::size_t max_iter) {
  const IterationRecord& record = report.trace.back();
  const std::string& objective_name = report.objective_name;
  char line[256];
  char delta[32];
  if (std::isnan(record.delta)) {
    std::snprintf(delta, sizeof delta, "%10s", "-");
  } else {
    std::snprintf(delta, sizeof delta, "%+10.3e", record.delta);
  }
  std::snprintf(line, sizeof line, "%s  restart %zu/%zu  iter %4zu/%zu  %s %.10g  delta %s  %.4f s\n",
                algorithm_.c_str(), restart_ + 1, restarts_, record.iteration, max_iter, objective_name.c_str(),
                record.objective, delta, record.seconds);
  out_ << line << std::flush;
}

}  // namespace mixfit
