// The figures `mixfit plot` draws. Each computes its data in C++, writes it
// with a generated gnuplot script into the script folder and renders it;
// each returns the figure for index.html, or a Figure with no files and a
// caption saying why it was skipped.
#pragma once

#include "mixfit/plot/figure_script.hpp"
#include "mixfit/plot/run_contents.hpp"

#include <cstddef>

namespace mixfit::plot {

/// Rows drawn in scatter plots: every row up to this many, else an evenly spaced subset.
inline constexpr std::size_t kMaxScatterPoints = 5000;

/// Components with a weight at or below the run's output.min_weight (default
/// 1e-3; e.g. the unused ones of a Dirichlet-process fit) get no ellipse,
/// mean or curve of their own; the mixture density still includes them.
double minimum_drawn_weight(const RunContents& run);

/// Gaussian runs: for D ≥ 2 the data coloured by label with 1-, 2- and
/// 3-sigma ellipses over contour lines of the mixture density (the first
/// two principal components for D > 2, means and covariances projected);
/// for D = 1 a density histogram with the mixture density and each weighted
/// component. clusters.* or histogram.*.
Figure cluster_figure(const PlotContext& context, const RunContents& run);

/// trace.csv: the objective per iteration above |delta| on a log scale, with inference.tol. trace.*.
Figure trace_figure(const PlotContext& context, const RunContents& run);

/// trace_parameters.yaml as an animated GIF (Gaussian runs): the components
/// (ellipses, or for D = 1 the density curves) at each iteration over the
/// data. components.gif.
Figure animation_figure(const PlotContext& context, const RunContents& run);

/// Bernoulli runs: each component's probabilities as a grey image (see
/// component_image_shape), in a grid. component_means.*.
Figure component_image_figure(const PlotContext& context, const RunContents& run);

/// The image shape of a Bernoulli component with D probabilities:
/// output.component_images {width, height} when the run set it; otherwise a
/// square when D is a perfect square (digits: 64 → 8×8); otherwise one row of D.
void component_image_shape(const YAML::Node& config, std::size_t dimension, std::size_t& width, std::size_t& height);

/// A sweep's BIC, AIC and ICL against model.components, one line per
/// model.options.covariance (or one line when it is not swept). criteria.*.
Figure criteria_figure(const PlotContext& context, const SweepTable& sweep);

/// A k-means sweep's final inertia (each point's summary.yaml) against
/// model.components: the elbow. elbow.*.
Figure elbow_figure(const PlotContext& context, const SweepTable& sweep);

/// index.html showing every figure with its caption, and the notes of skipped ones.
std::string index_page(const std::string& title, const std::vector<Figure>& figures);

}  // namespace mixfit::plot
