// add_capped_warning: the first few events of a kind in the report's warnings, then one line for the rest.
#include "mixfit/inference/fit_report.hpp"

#include <algorithm>

namespace mixfit {

void add_capped_warning(FitReport& report, std::string_view key, std::string warning, std::string_view more,
                        std::size_t limit) {
  const auto listed = static_cast<std::size_t>(
      std::count_if(report.warnings.begin(), report.warnings.end(),
                    [key](const std::string& w) { return w.find(key) != std::string::npos; }));
  if (listed < limit) {
    report.warnings.push_back(std::move(warning));
  } else if (listed == limit) {
    report.warnings.emplace_back(more);
  }
}

}  // namespace mixfit
