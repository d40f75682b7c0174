// Component means over binary columns (the probability of a 1 in each column) as grey images.
#include "mixfit/plot/figures.hpp"
#include "mixfit/plot/gnuplot_runner.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace mixfit::plot {

void component_image_shape(const YAML::Node& config, std::size_t dimension, std::size_t& width, std::size_t& height) {
  const YAML::Node images = config["output"] ? config["output"]["component_images"] : YAML::Node();
  if (images && images["width"] && images["height"]) {
    width = images["width"].as<std::size_t>();
    height = images["height"].as<std::size_t>();
    if (width * height == dimension) return;
  }
  const auto side = static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(dimension))));
  if (side * side == dimension) {
    width = height = side;
  } else {
    width = dimension;
    height = 1;
  }
}

Figure component_image_figure(const PlotContext& context, const RunContents& run) {
  // Binary columns whose components report their means: each mean is the probability of a 1 per column.
  if (!run.binary_columns || !run.components) return {"Component means", {}, ""};
  const std::size_t dimension = run.data.n_rows;
  std::size_t width = 0, height = 0;
  component_image_shape(run.config, dimension, width, height);
  const std::size_t k_count = run.components->means.size();
  const arma::vec& weights = run.components->weights;
  const auto columns = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(k_count) * 1.5)));
  const std::size_t rows = (k_count + columns - 1) / columns;

  std::string body = "set multiplot layout " + std::to_string(rows) + "," + std::to_string(columns) + " title " +
                     gnuplot_string(describe_run(run) + "\ncomponent means: probability of a 1 in each column (" +
                                    std::to_string(width) + "x" + std::to_string(height) + ")") +
                     "\nset palette gray negative\nset cbrange [0:1]\nunset colorbox\nunset xtics\nunset ytics\n"
                     "unset key\nunset grid\nset size ratio -1\n" +
                     "set xrange [-0.5:" + std::to_string(width) + "-0.5]\nset yrange [" + std::to_string(height) +
                     "-0.5:-0.5]\n";
  for (std::size_t k = 0; k < k_count; ++k) {
    const arma::vec& p = run.components->means[k];
    // Row-major pixels: column d is pixel (d mod width, d div width), as output.component_images reads them.
    std::ostringstream text;
    for (std::size_t y = 0; y < height; ++y) {
      for (std::size_t x = 0; x < width; ++x) text << (x ? " " : "") << data_number(p(y * width + x));
      text << '\n';
    }
    const std::string file = "component_means_" + std::to_string(k) + ".dat";
    write_plot_file(context, file, text.str());
    char title[64];
    std::snprintf(title, sizeof title, "component %zu, weight %.3g", k, weights(k));
    body += "set title '" + std::string(title) + "'\nplot '" + file + "' matrix with image pixels\n";
  }
  body += "unset multiplot\n";
  const int panel = 220;
  return {"Component means",
          render_figure(context, "component_means", "", body, static_cast<int>(columns) * panel + 40,
                        static_cast<int>(rows) * panel + 90),
          "Each component's probabilities of a 1, as a " + std::to_string(width) + "x" +
              std::to_string(height) +
              " grey image (black = 1). The shape is output.component_images when the run set it, else a square when "
              "the number of columns is a perfect square, else one row."};
}

}  // namespace mixfit::plot
