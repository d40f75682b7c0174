// Data coloured by label with covariance ellipses over density contours (D ≥ 2), or a histogram with the fitted densities (D = 1).
#include "mixfit/core/error.hpp"
#include "mixfit/plot/figure_geometry.hpp"
#include "mixfit/plot/figures.hpp"
#include "mixfit/plot/gnuplot_runner.hpp"
#include "mixfit/plot/plane_projection.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace mixfit::plot {
namespace {

std::string weight_text(double weight) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", weight);
  return text;
}

// " (2 components with weight <= 0.001 not drawn)" or "".
std::string hidden_note(const arma::vec& weights, double min_weight) {
  const auto hidden = static_cast<std::size_t>(arma::accu(weights <= min_weight));
  if (hidden == 0) return "";
  char text[96];
  std::snprintf(text, sizeof text, "; %zu component%s with weight <= %g not drawn", hidden, hidden == 1 ? "" : "s",
                min_weight);
  return text;
}

std::string subset_note(std::size_t shown, std::size_t total) {
  return shown == total ? "all " + std::to_string(total) + " rows"
                        : std::to_string(shown) + " of " + std::to_string(total) + " rows shown";
}

Figure histogram_figure(const PlotContext& context, const RunContents& run, const GaussianComponents& components) {
  const arma::vec values = run.data.row(0).t();
  const Histogram histogram = density_histogram(values);
  std::ostringstream bars;
  for (arma::uword i = 0; i < histogram.centres.n_elem; ++i)
    bars << data_number(histogram.centres(i)) << ' ' << data_number(histogram.densities(i)) << '\n';
  write_plot_file(context, "histogram_bars.dat", bars.str());

  arma::vec lower, upper;
  padded_bounds(values.t(), 0.05, lower, upper);
  const arma::rowvec xs = arma::linspace<arma::rowvec>(lower(0), upper(0), 400);
  // The fitted family's own densities when it can score the points (every column real), else the Gaussian
  // picture of its moments.
  const std::size_t k_count = components.means.size();
  arma::mat curves(xs.n_elem, k_count);
  if (run.weighted_log_densities) {
    curves = arma::exp(run.weighted_log_densities(xs)).t();
  } else {
    for (std::size_t k = 0; k < k_count; ++k) curves.col(k) = weighted_component_density(components, k, xs);
  }
  const arma::vec mixture = arma::sum(curves, 1);
  std::ostringstream text;
  for (arma::uword i = 0; i < xs.n_elem; ++i) {
    text << data_number(xs(i)) << ' ' << data_number(mixture(i));
    for (std::size_t k = 0; k < k_count; ++k) text << ' ' << data_number(curves(i, k));
    text << '\n';
  }
  write_plot_file(context, "histogram_curves.dat", text.str());

  std::string body = "set title " + gnuplot_string(describe_run(run) + "\ndata and fitted density") + "\n" +
                     "set xlabel " + gnuplot_string(run.columns[0]) + "\nset ylabel 'density'\n" +
                     "set xrange [" + data_number(lower(0)) + ":" + data_number(upper(0)) + "]\nset yrange [0:*]\n" +
                     "set key top left\nset offsets 0, 0, graph 0.12, 0\nset boxwidth " + data_number(histogram.width) + " absolute\n" +
                     "plot 'histogram_bars.dat' using 1:2 with boxes fs solid 0.35 noborder lc rgb '#9e9e9e' "
                     "title 'data (histogram)', \\\n"
                     "  'histogram_curves.dat' using 1:2 with lines lw 3 lc rgb '#222222' title 'mixture density'";
  const double min_weight = minimum_drawn_weight(run);
  for (std::size_t k = 0; k < k_count; ++k)
    if (components.weights(k) > min_weight)
      body += ", \\\n  'histogram_curves.dat' using 1:" + std::to_string(k + 3) + " with lines lt " +
            std::to_string(k + 1) + " lw 2 dt 2 title " +
            gnuplot_string("component " + std::to_string(k) + " (weight " + weight_text(components.weights(k)) + ")");
  body += "\n";
  return {"Data and fitted density", render_figure(context, "histogram", "", body, 900, 600),
          "Density histogram of " + run.columns[0] + " (" + subset_note(values.n_elem, values.n_elem) +
              hidden_note(components.weights, min_weight) + "), the fitted mixture density (black) and each component's weighted density w_k p(x | theta_k) "
              "(dashed)."};
}

}  // namespace

double minimum_drawn_weight(const RunContents& run) {
  const YAML::Node value = run.config["output"] ? run.config["output"]["min_weight"] : YAML::Node();
  return value && value.IsScalar() ? value.as<double>() : 1e-3;
}

Figure cluster_figure(const PlotContext& context, const RunContents& run) {
  if (!run.components)
    return {"Clusters", {},
            "Skipped: the " + run.family + " family reports no component means and covariances "
            "(ComponentFamily::component_moments), which the ellipses are drawn from."};
  const GaussianComponents& components = *run.components;
  const std::size_t dimension = run.data.n_rows;
  if (dimension == 1) return histogram_figure(context, run, components);

  const PlaneProjection projection = plane_projection(run.data, run.columns);
  const GaussianComponents plane = project_components(projection, components);
  const arma::mat all_points = project_points(projection, run.data);
  const arma::uvec rows = scatter_rows(run.data.n_cols, kMaxScatterPoints);
  const std::size_t k_count = plane.means.size();

  // Points, one block per label (gnuplot's `index k`).
  std::ostringstream points;
  std::vector<std::size_t> counts(k_count, 0);
  for (std::size_t k = 0; k < k_count; ++k) {
    for (const arma::uword n : rows)
      if (run.labels(n) == k) {
        points << data_number(all_points(0, n)) << ' ' << data_number(all_points(1, n)) << '\n';
        ++counts[k];
      }
    points << (counts[k] ? "\n\n" : "NaN NaN\n\n\n");
  }
  // Rows a noise component took (label -1), the block after the components'.
  std::size_t noise_rows = 0;
  for (const arma::uword n : rows)
    if (run.labels(n) == kNoiseLabel) {
      points << data_number(all_points(0, n)) << ' ' << data_number(all_points(1, n)) << '\n';
      ++noise_rows;
    }
  write_plot_file(context, "clusters_points.dat", points.str());

  // Ellipses: block 3k + (s − 1) is component k's s-sigma ellipse.
  const double min_weight = minimum_drawn_weight(run);
  std::ostringstream ellipses, means;
  for (std::size_t k = 0; k < k_count; ++k) {
    for (int sigma = 1; sigma <= 3; ++sigma) {
      const arma::mat curve = sigma_ellipse(plane.means[k], plane.covariances[k], sigma);
      for (arma::uword i = 0; i < curve.n_cols; ++i)
        ellipses << data_number(curve(0, i)) << ' ' << data_number(curve(1, i)) << '\n';
      ellipses << "\n\n";
    }
    if (plane.weights(k) > min_weight)
      means << data_number(plane.means[k](0)) << ' ' << data_number(plane.means[k](1)) << '\n';
  }
  write_plot_file(context, "clusters_ellipses.dat", ellipses.str());
  write_plot_file(context, "clusters_means.dat", means.str());

  // Density on a grid over the shown region; contours through the density at
  // the data points, so they enclose about 25, 50, 75, 90 and 99% of the rows.
  arma::vec lower, upper;
  padded_bounds(all_points.cols(rows), 0.05, lower, upper);
  DensityGrid grid = density_grid(plane, lower, upper);
  // In the data's own plane (D = 2) the contours are the fitted model's density, by its family's scores; a
  // projection of more columns draws the Gaussian picture of the moments (its exact marginal for gaussian).
  const bool own_density = dimension == 2 && run.weighted_log_densities;
  const auto density_at = [&](const arma::mat& plane_points) -> arma::vec {
    if (!own_density) return mixture_density(plane, plane_points);
    const arma::mat original = projection.basis * plane_points + arma::repmat(projection.centre, 1, plane_points.n_cols);
    const arma::mat weighted = run.weighted_log_densities(original);
    arma::vec density(weighted.n_cols);
    for (arma::uword j = 0; j < weighted.n_cols; ++j) {
      const double top = weighted.col(j).max();
      density(j) = std::isfinite(top) ? std::exp(top) * arma::accu(arma::exp(weighted.col(j) - top)) : 0.0;
    }
    return density;
  };
  if (own_density) {
    arma::mat grid_points(2, grid.x.n_elem * grid.y.n_elem);
    for (arma::uword i = 0; i < grid.x.n_elem; ++i)
      for (arma::uword j = 0; j < grid.y.n_elem; ++j) grid_points.col(i * grid.y.n_elem + j) = {grid.x(i), grid.y(j)};
    const arma::vec values = density_at(grid_points);
    for (arma::uword i = 0; i < grid.x.n_elem; ++i)
      for (arma::uword j = 0; j < grid.y.n_elem; ++j) grid.z(i, j) = values(i * grid.y.n_elem + j);
  }
  std::ostringstream grid_text;
  for (arma::uword i = 0; i < grid.x.n_elem; ++i) {
    for (arma::uword j = 0; j < grid.y.n_elem; ++j)
      grid_text << data_number(grid.x(i)) << ' ' << data_number(grid.y(j)) << ' ' << data_number(grid.z(i, j)) << '\n';
    grid_text << '\n';
  }
  write_plot_file(context, "clusters_density.dat", grid_text.str());
  const arma::vec levels = contour_levels(density_at(all_points.cols(rows)), arma::vec{0.25, 0.5, 0.75, 0.9, 0.99});
  std::string level_list;
  for (const double level : levels) level_list += (level_list.empty() ? "" : ",") + data_number(level);
  const std::string setup = "set contour base\nset cntrparam levels discrete " + level_list +
                            "\nunset surface\nset view map\nset table 'clusters_contours.dat'\n"
                            "splot 'clusters_density.dat' using 1:2:3 with lines\nunset table\n"
                            "unset contour\nset surface\nunset view\n";

  const std::string subtitle = dimension == 2 ? "data coloured by label" : "first two principal components of " +
                                                                               std::to_string(dimension) + " columns";
  std::string body = "set title " + gnuplot_string(describe_run(run) + "\n" + subtitle + " (" +
                                                   subset_note(rows.n_elem, run.data.n_cols) +
                                                   hidden_note(plane.weights, min_weight) + ")") +
                     "\nset xlabel " + gnuplot_string(projection.x_label) + "\nset ylabel " +
                     gnuplot_string(projection.y_label) + "\nset xrange [" + data_number(lower(0)) + ":" +
                     data_number(upper(0)) + "]\nset yrange [" + data_number(lower(1)) + ":" + data_number(upper(1)) +
                     "]\nset key outside right top\n"
                     "plot 'clusters_contours.dat' using 1:2 with lines lw 1 lc rgb '#b0b0b0' "
                     "title 'mixture density contours'";
  const char* point_size = rows.n_elem > 2000 ? "0.35" : "0.6";
  for (std::size_t k = 0; k < k_count; ++k) {
    if (counts[k] == 0) continue;
    body += ", \\\n  'clusters_points.dat' index " + std::to_string(k) + " using 1:2 with points pt 7 ps " +
            point_size + " lt " + std::to_string(k + 1) + " title " +
            gnuplot_string("component " + std::to_string(k) + " (weight " + weight_text(plane.weights(k)) + ")");
  }
  if (noise_rows > 0)
    body += ", \\\n  'clusters_points.dat' index " + std::to_string(k_count) + " using 1:2 with points pt 1 ps " +
            point_size + " lc rgb '#808080' title " +
            gnuplot_string("noise (" + std::to_string(noise_rows) + " rows)");
  for (std::size_t k = 0; k < k_count; ++k)
    for (int sigma = 1; sigma <= 3; ++sigma)
      if (plane.weights(k) > min_weight)
        body += ", \\\n  'clusters_ellipses.dat' index " + std::to_string(3 * k + sigma - 1) +
              " using 1:2 with lines lw 2 lc rgb '#333333' dt " + std::to_string(sigma) + " notitle";
  body += ", \\\n  'clusters_means.dat' using 1:2 with points pt 2 ps 2.5 lw 3 lc rgb 'black' title 'means'";
  for (int sigma = 1; sigma <= 3; ++sigma)
    body += ", \\\n  keyentry with lines lw 2 lc rgb '#333333' dt " + std::to_string(sigma) + " title '" +
            std::to_string(sigma) + "-sigma ellipse'";
  body += "\n";
  return {"Clusters", render_figure(context, "clusters", setup, body, 1000, 700),
          "Rows coloured by their label (labels.csv; grey crosses: rows a noise component took), each "
          "component's 1-, 2- and 3-sigma covariance ellipses "
          "(solid, dashed, dotted), its mean (cross) and contours of the fitted mixture density enclosing about "
          "25, 50, 75, 90 and 99% of the rows." +
              std::string(dimension > 2 ? " The plane is spanned by the data's first two principal components; "
                                          "means and covariances are projected onto it (B^T mu, B^T Sigma B), so the "
                                          "contours are those of the projected mixture."
                                        : "")};
}

}  // namespace mixfit::plot
