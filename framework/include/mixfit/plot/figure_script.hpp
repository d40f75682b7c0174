// What every figure shares: where it renders, in which formats, and how its script and data are written and run.
#pragma once

#include <armadillo>

#include <string>
#include <vector>

namespace mixfit::plot {

/// Where figures go. Scripts and data are written into `script_folder`
/// (the `gnuplot/` folder of the output) and gnuplot runs there, so every
/// file a script names is relative: figures are "../<name>.<format>".
struct PlotContext {
  std::string gnuplot;               ///< the executable (find_gnuplot)
  std::string output_folder;         ///< the staging output folder
  std::string script_folder;         ///< output_folder/gnuplot
  std::vector<std::string> formats;  ///< "svg", "png" (in that order when both)
};

/// A rendered figure (or a note about one that was skipped) for index.html.
struct Figure {
  std::string title;
  std::vector<std::string> files;  ///< file names in the output folder, preferred first
  std::string caption;
};

/// Writes `text` as `script_folder/name`.
void write_plot_file(const PlotContext& context, const std::string& name, const std::string& text);

/// Numbers as gnuplot data text: 9 significant digits, NaN for a missing value.
std::string data_number(double value);

/// Writes `name.gp` drawing `body` once per format into ../name.<format>
/// (`setup` runs once first, e.g. to tabulate contours) and runs gnuplot on
/// it. Every script starts with a common style: white background, plain
/// (non-enhanced) text so that user column names print as written, and ten
/// distinguishable line colours (the Tableau 10 palette). Returns the files
/// written, svg first.
std::vector<std::string> render_figure(const PlotContext& context, const std::string& name, const std::string& setup,
                                       const std::string& body, int width, int height);

/// The common style lines (also used by the animation's own terminal).
std::string common_style();

}  // namespace mixfit::plot
