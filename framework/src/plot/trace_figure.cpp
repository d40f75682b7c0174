// The convergence trace: objective per iteration, and the size of each step on a log scale.
#include "mixfit/core/number_format.hpp"
#include "mixfit/plot/figures.hpp"
#include "mixfit/plot/gnuplot_runner.hpp"

#include <cmath>
#include <sstream>

namespace mixfit::plot {

Figure trace_figure(const PlotContext& context, const RunContents& run) {
  const ConvergenceTrace& trace = run.trace;
  if (trace.iterations.is_empty()) return {"Convergence", {}, "Skipped: trace.csv has no iterations."};
  std::ostringstream text;
  bool any_step = false;
  for (arma::uword i = 0; i < trace.iterations.n_elem; ++i) {
    const double step = std::abs(trace.delta(i));
    const bool drawable = std::isfinite(step) && step > 0;
    any_step = any_step || drawable;
    text << data_number(trace.iterations(i)) << ' ' << data_number(trace.objective(i)) << ' '
         << (drawable ? data_number(step) : "NaN") << '\n';
  }
  write_plot_file(context, "trace.dat", text.str());

  const std::string& name = trace.objective_name;
  const std::string objective = name == "mean_log_likelihood" ? "mean log-likelihood per row"
                                : name == "mean_classification_log_likelihood"
                                    ? "mean classification log-likelihood per row"
                                : name == "elbo" ? "ELBO (evidence lower bound)"
                                : name == "inertia"           ? "inertia (sum of squared distances)"
                                                              : name;
  double tol = 0.0;
  const bool has_tol = run.algorithm != "kmeans" && run.config["inference"] && run.config["inference"]["tol"] &&
                       parse_double(run.config["inference"]["tol"].Scalar(), tol) && tol > 0;
  // A marker per iteration while they can be told apart; a plain line on long traces.
  const std::string style = trace.iterations.n_elem <= 60 ? "linespoints pt 7 ps 0.6" : "lines";
  // Whole iterations only: a tick per iteration on short traces, automatic ones on long.
  const double last = trace.iterations.max();
  const std::string xrange = "set xrange [" + data_number(last > 1 ? 1.0 : 0.5) + ":" + data_number(last > 1 ? last : 1.5) +
                             "]\n" + (last <= 20 ? "set xtics 1\n" : "set xtics autofreq\nset format x '%.0f'\n");
  std::string body = "set multiplot layout 2,1 title " + gnuplot_string(describe_run(run) + "\nconvergence") + "\n" +
                     xrange + "set xlabel 'iteration'\nset ylabel " + gnuplot_string(objective) +
                     "\nset lmargin 14\nset key " + (trace.objective(trace.objective.n_elem - 1) < trace.objective(0) ? "top" : "bottom") +
                     " right\nunset logscale y\n"
                     "plot 'trace.dat' using 1:2 with " + style + " lt 1 title " +
                     gnuplot_string(name) + "\n";
  if (any_step) {
    body += "set ylabel '|change from previous iteration|'\nset logscale y\nset format y '%.0e'\nset key top right\n"
            "plot 'trace.dat' using 1:3 with " + style + " lt 2 title '|delta|'";
    if (has_tol) body += ", " + data_number(tol) + " with lines dt 2 lw 2 lc rgb '#444444' title 'inference.tol'";
    body += "\nunset logscale y\nset format y '% h'\n";
  } else {
    body += "set ylabel '|change from previous iteration|'\nunset key\nset yrange [0:1]\n"
            "set label 1 'no change between iterations to show' at graph 0.5, graph 0.5 center\nplot NaN notitle\n"
            "unset label 1\nset yrange [*:*]\n";
  }
  body += "unset multiplot\nset lmargin -1\n";
  return {"Convergence", render_figure(context, "trace", "", body, 900, 700),
          "trace.csv: the " + objective + " at each iteration (top) and the size of its change from the previous "
          "iteration on a log scale (bottom)" + (has_tol ? ", with the stopping tolerance inference.tol" : "") + "."};
}

}  // namespace mixfit::plot
