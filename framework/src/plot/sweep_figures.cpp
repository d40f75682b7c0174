// Model selection from a sweep: BIC/AIC/ICL against K per covariance type, and the k-means elbow.
#include "mixfit/config/yaml_file.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/plot/figures.hpp"
#include "mixfit/plot/gnuplot_runner.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>

namespace mixfit::plot {
namespace fs = std::filesystem;
namespace {

constexpr const char* kComponents = "model.components";
constexpr const char* kCovariance = "model.options.covariance";

// (K, value) points of one series, e.g. one covariance type.
using Series = std::map<std::string, std::vector<std::pair<double, double>>>;

// Groups the ok rows' `values` by covariance type (one series if it is not swept); rows without a number are left out.
Series series_of(const SweepTable& sweep, const std::vector<std::string>& values) {
  const auto ks = sweep.column(kComponents);
  const auto covariance = sweep.column(kCovariance);
  const auto status = sweep.column("status");
  Series series;
  for (std::size_t r = 0; r < ks.size(); ++r) {
    double k = 0.0, value = 0.0;
    if ((!status.empty() && status[r] != "ok") || !parse_double(ks[r], k) || !parse_double(values[r], value)) continue;
    series[covariance.empty() ? "all points" : covariance[r]].emplace_back(k, value);
  }
  for (auto& [name, points] : series) std::sort(points.begin(), points.end());
  return series;
}

// Writes a series map as one block per series; returns the plot clauses.
std::string series_plot(const PlotContext& context, const std::string& file, const Series& series, bool titled) {
  std::ostringstream text;
  std::string clauses;
  int index = 0;
  for (const auto& [name, points] : series) {
    for (const auto& [k, value] : points) text << data_number(k) << ' ' << data_number(value) << '\n';
    text << "\n\n";
    clauses += std::string(clauses.empty() ? "" : ", ") + "'" + file + "' index " + std::to_string(index) +
               " using 1:2 with linespoints lt " + std::to_string(index + 1) + " pt 7 ps 1 " +
               (titled ? "title " + gnuplot_string(name) : std::string("notitle"));
    ++index;
  }
  write_plot_file(context, file, text.str());
  return clauses;
}

// The lowest point over every series, ringed.
std::string lowest_clause(const PlotContext& context, const std::string& file, const Series& series) {
  double best_k = 0.0, best = std::numeric_limits<double>::infinity();
  for (const auto& [name, points] : series)
    for (const auto& [k, value] : points)
      if (value < best) best = value, best_k = k;
  write_plot_file(context, file, data_number(best_k) + " " + data_number(best) + "\n");
  return ", '" + file + "' using 1:2 with points pt 6 ps 3 lw 2 lc rgb 'black' title 'lowest'";
}

std::string xtics_for(const Series& series) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const auto& [name, points] : series)
    for (const auto& [k, value] : points) low = std::min(low, k), high = std::max(high, k);
  return "set xrange [" + data_number(low - 0.5) + ":" + data_number(high + 0.5) + "]\nset xtics 1\n";
}

}  // namespace

Figure criteria_figure(const PlotContext& context, const SweepTable& sweep) {
  if (sweep.column(kComponents).empty())
    return {"Information criteria", {},
            "Skipped: the sweep does not vary model.components, so there is no curve against K."};
  const bool by_covariance = !sweep.column(kCovariance).empty();
  std::string body = "set multiplot layout 1,3 title " +
                     gnuplot_string("model selection: information criteria against the number of components" +
                                    std::string(by_covariance ? ", one line per covariance type" : "") +
                                    " (lower is better)") +
                     "\nset xlabel 'components (K)'\nset key top right\n";
  bool any = false;
  for (const char* criterion : {"bic", "aic", "icl"}) {
    const Series series = series_of(sweep, sweep.column(criterion));
    if (series.empty()) continue;
    any = true;
    const std::string name = criterion;
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    body += xtics_for(series) + "set title '" + upper + "'\nset ylabel '" + upper + "'\nplot " +
            series_plot(context, "criteria_" + name + ".dat", series, true) +
            lowest_clause(context, "criteria_" + name + "_lowest.dat", series) + "\n";
  }
  if (!any) return {"Information criteria", {}, "Skipped: no successful sweep point has BIC, AIC or ICL."};
  body += "unset multiplot\n";
  return {"Information criteria", render_figure(context, "criteria", "", body, 1500, 520),
          "BIC, AIC and ICL of each successful sweep point (sweep.csv) against K" +
              std::string(by_covariance ? ", one line per covariance type" : "") +
              "; the lowest value of each criterion is ringed."};
}

Figure elbow_figure(const PlotContext& context, const SweepTable& sweep) {
  const auto names = sweep.column("name");
  if (sweep.column(kComponents).empty())
    return {"k-means elbow", {}, "Skipped: the sweep does not vary model.components."};
  // Inertia is in each k-means point's summary.yaml.
  std::vector<std::string> inertia(names.size());
  bool any = false;
  for (std::size_t r = 0; r < names.size(); ++r) {
    const fs::path summary = fs::path(sweep.directory) / names[r] / "summary.yaml";
    if (!fs::exists(summary)) continue;
    const YAML::Node node = load_yaml_file(summary.string(), "run summary");
    if (node["inertia"]) {
      inertia[r] = node["inertia"].Scalar();
      any = true;
    }
  }
  if (!any)
    return {"k-means elbow", {},
            "Skipped: the elbow plot needs a k-means sweep (inference.algorithm: kmeans); these points have no inertia."};
  const Series series = series_of(sweep, inertia);
  const std::string body = "set title " +
                           gnuplot_string("k-means: inertia against the number of clusters (look for the elbow)") +
                           "\n" + xtics_for(series) +
                           "set xlabel 'clusters (K)'\nset ylabel 'inertia (sum of squared distances)'\n" +
                           std::string(series.size() > 1 ? "set key top right\n" : "unset key\n") + "plot " +
                           series_plot(context, "elbow.dat", series, series.size() > 1) + "\n";
  return {"k-means elbow", render_figure(context, "elbow", "", body, 900, 600),
          "Final k-means inertia of each sweep point (its summary.yaml) against K: past the elbow, more clusters "
          "explain little more."};
}

}  // namespace mixfit::plot
