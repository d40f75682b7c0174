// render_plots: `mixfit plot RUN_DIR` — every figure a run or sweep directory supports, and an index.html.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mixfit::plot {

struct PlotOptions {
  std::string output_dir;                     ///< --out; default RUN_DIR/plots
  std::vector<std::string> formats{"svg", "png"};  ///< --format svg | png | both
  bool animate = false;                       ///< --animate: components.gif from trace_parameters.yaml
  bool force = false;                         ///< --force: replace an existing output folder
  std::string gnuplot = "gnuplot";            ///< --gnuplot: the executable (name on PATH, or a path)
};

/// Reads `run_directory` (a run: clusters or histogram, convergence trace,
/// component images, animation; a sweep: criteria against K, k-means elbow),
/// renders each figure with gnuplot into a staging folder beside the output
/// folder and renames it into place only when every figure is done, so a
/// failure leaves no half-written output. Lists the files on `out`; returns
/// the output folder. Error when the folder is neither a run nor a sweep,
/// gnuplot is missing or fails, or the output exists without `force`.
std::string render_plots(const std::string& run_directory, const PlotOptions& options, std::ostream& out);

}  // namespace mixfit::plot
