// The components moving over the iterations (trace_parameters.yaml) as an animated GIF.
#include "mixfit/core/error.hpp"
#include "mixfit/plot/figure_geometry.hpp"
#include "mixfit/plot/figures.hpp"
#include "mixfit/plot/gnuplot_runner.hpp"
#include "mixfit/plot/plane_projection.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace mixfit::plot {
namespace {

constexpr std::size_t kMaxFrames = 60;  // first and last iteration always included
constexpr std::size_t kHoldFrames = 8;  // the last frame repeated, so the loop pauses on the result

std::vector<std::size_t> frame_entries(std::size_t count) {
  std::vector<std::size_t> entries;
  if (count <= kMaxFrames) {
    for (std::size_t i = 0; i < count; ++i) entries.push_back(i);
    return entries;
  }
  // Quadratic spacing: components move most in the first iterations, so
  // frames are dense there and sparse in the slow tail.
  for (std::size_t f = 0; f < kMaxFrames; ++f) {
    const double u = static_cast<double>(f) / static_cast<double>(kMaxFrames - 1);
    entries.push_back(static_cast<std::size_t>(std::lround(u * u * static_cast<double>(count - 1))));
  }
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  return entries;
}

}  // namespace

Figure animation_figure(const PlotContext& context, const RunContents& run) {
  const std::string title = "Components over the iterations";
  if (!run.parameter_trace)
    return {title, {},
            "Skipped: --animate draws trace_parameters.yaml, which a run writes with output.trace_parameters: true."};
  const YAML::Node iterations = (*run.parameter_trace)["iterations"];
  if (!iterations || !iterations.IsSequence() || iterations.size() == 0)
    return {title, {}, "Skipped: trace_parameters.yaml has no iterations."};
  if (run.trace_components.size() != iterations.size())
    return {title, {},
            "Skipped: the " + run.family + " family reports no component means and covariances "
            "(ComponentFamily::component_moments), which the animation draws."};
  const std::size_t dimension = run.data.n_rows;
  const std::vector<std::size_t> entries = frame_entries(iterations.size());
  const arma::uvec rows = scatter_rows(run.data.n_cols, kMaxScatterPoints);
  const std::size_t k_count = run.model["components"].size();
  const double min_weight = minimum_drawn_weight(run);
  std::vector<arma::vec> frame_weights;  // which components each frame draws

  std::string frames;
  std::string ranges;
  if (dimension == 1) {
    const arma::vec values = run.data.row(0).t();
    const Histogram histogram = density_histogram(values);
    std::ostringstream bars, curves;
    for (arma::uword i = 0; i < histogram.centres.n_elem; ++i)
      bars << data_number(histogram.centres(i)) << ' ' << data_number(histogram.densities(i)) << '\n';
    write_plot_file(context, "animation_bars.dat", bars.str());
    arma::vec lower, upper;
    padded_bounds(values.t(), 0.05, lower, upper);
    const arma::rowvec xs = arma::linspace<arma::rowvec>(lower(0), upper(0), 300);
    double top = histogram.densities.max();
    for (const std::size_t e : entries) {
      const GaussianComponents& components = run.trace_components[e];
      frame_weights.push_back(components.weights);
      const arma::vec mixture = mixture_density(components, xs);
      top = std::max(top, mixture.max());
      for (arma::uword i = 0; i < xs.n_elem; ++i) {
        curves << data_number(xs(i)) << ' ' << data_number(mixture(i));
        for (std::size_t k = 0; k < k_count; ++k)
          curves << ' ' << data_number(weighted_component_density(components, k, xs.col(i))(0));
        curves << '\n';
      }
      curves << "\n\n";
    }
    write_plot_file(context, "animation_curves.dat", curves.str());
    ranges = "set xrange [" + data_number(lower(0)) + ":" + data_number(upper(0)) + "]\nset yrange [0:" +
             data_number(1.1 * top) + "]\nset xlabel " + gnuplot_string(run.columns[0]) +
             "\nset ylabel 'density'\nset boxwidth " + data_number(histogram.width) + " absolute\n";
    for (std::size_t f = 0; f < entries.size(); ++f) {
      const std::string index = std::to_string(f);
      std::string plot = "set title " + gnuplot_string(describe_run(run) + "\niteration " +
                                                       iterations[entries[f]]["iteration"].Scalar() + " of " +
                                                       std::to_string(iterations.size())) +
                         "\nplot 'animation_bars.dat' using 1:2 with boxes fs solid 0.35 noborder lc rgb '#9e9e9e' "
                         "title 'data', 'animation_curves.dat' index " + index +
                         " using 1:2 with lines lw 3 lc rgb '#222222' title 'mixture density'";
      for (std::size_t k = 0; k < k_count; ++k)
        if (frame_weights[f](k) > min_weight)
          plot += ", 'animation_curves.dat' index " + index + " using 1:" + std::to_string(k + 3) + " with lines lt " +
                std::to_string(k + 1) + " dt 2 title 'component " + std::to_string(k) + "'";
      frames += plot + "\n";
      if (f + 1 == entries.size())
        for (std::size_t h = 0; h < kHoldFrames; ++h) frames += "replot\n";
    }
  } else {
    const PlaneProjection projection = plane_projection(run.data, run.columns);
    const arma::mat points = project_points(projection, run.data.cols(rows));
    std::ostringstream point_text, ellipses, means;
    for (arma::uword n = 0; n < points.n_cols; ++n)
      point_text << data_number(points(0, n)) << ' ' << data_number(points(1, n)) << '\n';
    write_plot_file(context, "animation_points.dat", point_text.str());
    arma::vec lower, upper;
    padded_bounds(points, 0.05, lower, upper);
    // Block f·K + k: component k's 1- and 2-sigma ellipses at frame f; means block f.
    for (const std::size_t e : entries) {
      const GaussianComponents plane = project_components(projection, run.trace_components[e]);
      frame_weights.push_back(plane.weights);
      for (std::size_t k = 0; k < k_count; ++k) {
        for (int sigma = 1; sigma <= 2; ++sigma) {
          const arma::mat curve = sigma_ellipse(plane.means[k], plane.covariances[k], sigma);
          for (arma::uword i = 0; i < curve.n_cols; ++i)
            ellipses << data_number(curve(0, i)) << ' ' << data_number(curve(1, i)) << '\n';
          ellipses << '\n';
        }
        ellipses << '\n';
        if (plane.weights(k) > min_weight)
          means << data_number(plane.means[k](0)) << ' ' << data_number(plane.means[k](1)) << '\n';
      }
      means << "\n\n";
    }
    write_plot_file(context, "animation_ellipses.dat", ellipses.str());
    write_plot_file(context, "animation_means.dat", means.str());
    ranges = "set xrange [" + data_number(lower(0)) + ":" + data_number(upper(0)) + "]\nset yrange [" +
             data_number(lower(1)) + ":" + data_number(upper(1)) + "]\nset xlabel " +
             gnuplot_string(projection.x_label) + "\nset ylabel " + gnuplot_string(projection.y_label) + "\n";
    for (std::size_t f = 0; f < entries.size(); ++f) {
      std::string plot = "set title " + gnuplot_string(describe_run(run) + "\niteration " +
                                                       iterations[entries[f]]["iteration"].Scalar() + " of " +
                                                       std::to_string(iterations.size()) + " (1- and 2-sigma ellipses)") +
                         "\nplot 'animation_points.dat' using 1:2 with points pt 7 ps 0.5 lc rgb '#c8c8c8' title 'data'";
      for (std::size_t k = 0; k < k_count; ++k)
        if (frame_weights[f](k) > min_weight)
          plot += ", 'animation_ellipses.dat' index " + std::to_string(f * k_count + k) + " using 1:2 with lines lt " +
                std::to_string(k + 1) + " lw 2.5 title 'component " + std::to_string(k) + "'";
      plot += ", 'animation_means.dat' index " + std::to_string(f) +
              " using 1:2 with points pt 2 ps 2 lw 3 lc rgb 'black' title 'means'";
      frames += plot + "\n";
      if (f + 1 == entries.size())
        for (std::size_t h = 0; h < kHoldFrames; ++h) frames += "replot\n";
    }
  }
  // libgd's gif terminal: `animate` makes each plot command one frame; delay in 1/100 s, loop 0 = for ever.
  const std::string script = "# components: generated by mixfit plot; run from this folder: gnuplot components.gp\n" +
                             common_style() +
                             "set terminal gif animate delay 15 loop 0 size 900,650 noenhanced "
                             "font 'DejaVuSans,11' background rgb 'white'\nset output '../components.gif'\n"
                             "set key outside right top\n" + ranges + frames + "unset output\n";
  write_plot_file(context, "components.gp", script);
  run_gnuplot(context.gnuplot, context.script_folder, "components.gp");
  return {title, {"components.gif"},
          "trace_parameters.yaml drawn at " + std::to_string(entries.size()) + " of its " +
              std::to_string(iterations.size()) + " iterations (more densely early, where components move most)" +
              (dimension == 1 ? ": the mixture density and each weighted component over the data."
                              : ": each component's 1- and 2-sigma ellipses and its mean over the data" +
                                    std::string(dimension > 2 ? " (first two principal components)." : "."))};
}

}  // namespace mixfit::plot
