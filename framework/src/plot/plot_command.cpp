// mixfit plot: choose the figures a directory supports, render them into a staging folder, write index.html, commit.
#include "mixfit/plot/plot_command.hpp"

#include "mixfit/io/atomic_file.hpp"
#include "mixfit/io/run_directory.hpp"
#include "mixfit/plot/figures.hpp"
#include "mixfit/plot/gnuplot_runner.hpp"

#include <filesystem>
#include <optional>
#include <ostream>

namespace mixfit::plot {
namespace fs = std::filesystem;

std::string render_plots(const std::string& run_directory, const PlotOptions& options, std::ostream& out) {
  const bool sweep = is_sweep_directory(run_directory);
  const std::string gnuplot = find_gnuplot(options.gnuplot);
  const std::string output =
      fs::absolute(options.output_dir.empty() ? fs::path(run_directory) / "plots" : fs::path(options.output_dir))
          .lexically_normal()
          .string();
  // Read everything before the output folder exists: bad input leaves nothing behind.
  std::optional<RunContents> run;
  std::optional<SweepTable> table;
  if (sweep) {
    table = read_sweep_table(run_directory);
  } else {
    run = read_run(run_directory);
  }

  RunDirectory staging(output, options.force);
  PlotContext context{gnuplot, staging.staging_path(), staging.file("gnuplot"), options.formats};
  fs::create_directory(context.script_folder);
  std::vector<Figure> figures;
  std::string title;
  if (sweep) {
    title = "mixfit sweep " + fs::path(run_directory).lexically_normal().filename().string();
    figures.push_back(criteria_figure(context, *table));
    figures.push_back(elbow_figure(context, *table));
  } else {
    title = "mixfit run " + describe_run(*run);
    figures.push_back(cluster_figure(context, *run));
    figures.push_back(component_image_figure(context, *run));
    figures.push_back(trace_figure(context, *run));
    if (options.animate) figures.push_back(animation_figure(context, *run));
  }
  write_file_atomically(staging.file("index.html"), index_page(title, figures));
  staging.commit();

  out << "plots: " << staging.final_path() << "\n";
  for (const auto& figure : figures) {
    for (const auto& file : figure.files) out << "  " << file << "\n";
    if (figure.files.empty() && !figure.caption.empty()) out << "  (" << figure.title << ": " << figure.caption << ")\n";
  }
  out << "  index.html\n";
  return staging.final_path();
}

}  // namespace mixfit::plot
