// mixfit command line: run | predict | score | sample | validate | describe.
#include "mixfit/config/experiment_config.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/experiment/experiment_runner.hpp"
#include "mixfit/experiment/experiment_setup.hpp"
#include "mixfit/experiment/model_commands.hpp"
#include "mixfit/experiment/reproduce.hpp"
#include "mixfit/io/atomic_file.hpp"
#include "mixfit/io/model_io.hpp"
#include "mixfit/parallel/process_launch.hpp"
#include "mixfit/plot/plot_command.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <boost/program_options.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace po = boost::program_options;

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

// One line of the usage: a command's synopsis and what it does (a command may have several forms).
struct CommandForm {
  const char* name;
  const char* synopsis;
  const char* summary;
};

constexpr CommandForm kCommandForms[] = {
    {"run", "run EXPERIMENT.yaml [--set KEY=VALUE]... [--out DIR] [--force] [--quiet] [--restart I] [--jobs J]",
     "fit the experiment and write a run directory (a sweep: one per point, J at a time)"},
    {"run", "run --resume RUN_DIR [--quiet]", "continue a killed run from its checkpoint (output.checkpoint_every)"},
    {"reproduce", "reproduce RUN_DIR [--out DIR] [--base-dir DIR] [--force]",
     "re-run a run from its manifest.yaml and check every output's SHA-256"},
    {"validate", "validate EXPERIMENT.yaml [--set KEY=VALUE]...",
     "check an experiment (config, plugins, family options, data) without fitting"},
    {"predict", "predict --model MODEL.yaml DATA.csv [--out FILE] [--plugin PATH]...",
     "labels and responsibilities for each row"},
    {"score", "score --model MODEL.yaml DATA.csv [--out FILE] [--plugin PATH]...",
     "log density of each row and the total"},
    {"sample", "sample --model MODEL.yaml -n N [--seed S] [--out FILE] [--plugin PATH]...",
     "ancestral samples with a 'component' column"},
    {"plot", "plot RUN_DIR [--out DIR] [--format svg|png|both] [--animate] [--force]",
     "figures of a run or sweep directory (gnuplot) and an index.html, in RUN_DIR/plots"},
    {"describe", "describe [FAMILY | experiment] [--plugin PATH]...",
     "list the families found, or the keys of a family's options or of an experiment"},
};

const char* kPluginSearch =
    "Plugins are searched next to the executable, then in MIXFIT_PLUGIN_PATH, then in an experiment's plugins: list\n"
    "(run, validate, reproduce) or the --plugin paths (predict, score, sample, describe): a library or a folder.\n";

void print_form(std::ostream& out, const CommandForm& form) {
  out << "  " << form.synopsis << "\n                      " << form.summary << "\n";
}

// The usage of every command, printed by `mixfit --help` and after a usage error.
std::string general_usage() {
  std::ostringstream out;
  out << "usage: mixfit <command> [options]    (mixfit <command> --help: that command's options)\n\ncommands:\n";
  for (const CommandForm& form : kCommandForms) print_form(out, form);
  out << "\n" << kPluginSearch;
  return out.str();
}

// What `mixfit COMMAND --help` prints: the command's forms, then its options as program_options lists them.
std::string command_usage(const std::string& command, const po::options_description& options) {
  std::ostringstream out;
  out << "usage: mixfit " << command << " [options]\n\n";
  for (const CommandForm& form : kCommandForms)
    if (command == form.name) print_form(out, form);
  out << "\n" << options;
  return out.str();
}

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `mixfit COMMAND --help`: not an error, but it ends the command like one; main prints the text and exits 0.
struct HelpRequested {
  std::string usage;
};

// Parses a command's arguments; --help/-h (added here, so every command has it) throws HelpRequested before
// required options are checked, so `mixfit sample --help` needs no --model.
po::variables_map parse(const std::vector<std::string>& args, po::options_description& options,
                        const po::positional_options_description& positional, const std::string& command) {
  options.add_options()("help,h", "print this command's usage and exit");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
  if (vm.count("help")) throw HelpRequested{command_usage(command, options)};
  po::notify(vm);
  return vm;
}

// Writes a CSV either atomically to `path` or to stdout.
template <typename Writer>
void write_output(const std::string& path, Writer&& writer) {
  if (path.empty() || path == "-") {
    writer(std::cout);
    std::cout.flush();
    return;
  }
  mixfit::AtomicFileWriter file(path);
  writer(file.stream());
  file.commit();
}

int command_run(const std::vector<std::string>& args, const std::vector<std::string>& command_line,
                const mixfit::Communicator& processes) {
  po::options_description options("run options");
  options.add_options()("experiment", po::value<std::string>(), "experiment file")(
      "set", po::value<std::vector<std::string>>()->composing(), "override KEY=VALUE (repeatable)")(
      "out", po::value<std::string>(), "run directory (overrides output.dir)")(
      "force", po::bool_switch(), "replace an existing run directory")(
      "quiet", po::bool_switch(), "no progress lines")(
      "restart", po::value<std::size_t>(), "run restart I alone (0-based); same bits as within the full run")(
      "jobs,j", po::value<std::size_t>()->default_value(1), "sweep points to run at the same time")(
      "resume", po::value<std::string>(), "continue the killed run RUN_DIR from its last checkpoint");
  po::positional_options_description positional;
  positional.add("experiment", 1);
  const auto vm = parse(args, options, positional, "run");
  mixfit::RunOptions run;
  run.command = command_line;
  if (vm.count("set")) run.overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("out")) run.output_dir = vm["out"].as<std::string>();
  if (vm.count("restart")) run.only_restart = vm["restart"].as<std::size_t>();
  run.force = vm["force"].as<bool>();
  run.quiet = vm["quiet"].as<bool>();
  // On a terminal each iteration's line replaces the last; in a file or pipe every line stays.
  run.progress_style = ::isatty(STDERR_FILENO) ? mixfit::ProgressStyle::in_place : mixfit::ProgressStyle::lines;
  winsize terminal{};
  if (run.progress_style == mixfit::ProgressStyle::in_place && ::ioctl(STDERR_FILENO, TIOCGWINSZ, &terminal) == 0)
    run.progress_width = terminal.ws_col;
  run.jobs = vm["jobs"].as<std::size_t>();
  if (run.jobs == 0) throw UsageError("run --jobs: expected at least 1");
  if (vm.count("resume")) {
    if (vm.count("experiment") || vm.count("set") || vm.count("out") || vm.count("restart"))
      throw UsageError("run --resume RUN_DIR takes the experiment, --set, --out and --restart from the checkpoint");
    mixfit::resume_experiment(vm["resume"].as<std::string>(), run, std::cerr, std::cout);
    return 0;
  }
  if (!vm.count("experiment")) throw UsageError("run: expected an experiment file (or --resume RUN_DIR)");
  // Under mpirun every rank fits its rows; rank 0 alone prints and writes.
  run.processes = &processes;
  std::ostream silent(nullptr);
  const bool root = processes.rank() == 0;
  if (!root) run.quiet = true;
  mixfit::run_experiment(vm["experiment"].as<std::string>(), run, root ? std::cerr : silent, root ? std::cout : silent);
  return 0;
}

int command_reproduce(const std::vector<std::string>& args) {
  po::options_description options("reproduce options");
  options.add_options()("run", po::value<std::string>()->required(), "run directory with a manifest.yaml")(
      "out", po::value<std::string>(), "where the re-run goes (default RUN_DIR.reproduced)")(
      "base-dir", po::value<std::string>(), "where the experiment's relative paths start (default: as recorded)")(
      "force", po::bool_switch(), "replace an existing output folder");
  po::positional_options_description positional;
  positional.add("run", 1);
  const auto vm = parse(args, options, positional, "reproduce");
  mixfit::ReproduceOptions reproduce;
  if (vm.count("out")) reproduce.output_dir = vm["out"].as<std::string>();
  if (vm.count("base-dir")) reproduce.base_dir = vm["base-dir"].as<std::string>();
  reproduce.force = vm["force"].as<bool>();
  return mixfit::reproduce_run(vm["run"].as<std::string>(), reproduce, std::cerr, std::cout) ? 0 : kExitError;
}

int command_validate(const std::vector<std::string>& args) {
  po::options_description options("validate options");
  options.add_options()("experiment", po::value<std::string>()->required(), "experiment file")(
      "set", po::value<std::vector<std::string>>()->composing(), "override KEY=VALUE (repeatable)");
  po::positional_options_description positional;
  positional.add("experiment", 1);
  const auto vm = parse(args, options, positional, "validate");
  const std::string file = vm["experiment"].as<std::string>();
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  mixfit::ExperimentConfig config = mixfit::load_experiment(file, overrides);
  mixfit::FamilyRegistry registry;
  mixfit::load_plugins(registry, config.plugins, config.file);
  const mixfit::PreparedExperiment prepared = mixfit::prepare_experiment(config, registry);
  const mixfit::Dataset& data = prepared.data;
  mixfit::make_model(config, prepared, registry);
  std::cout << file << ": ok (" << data.num_rows() << " rows, " << data.dimension() << " columns, family "
            << config.family << ", K = " << config.components << ")\n";
  return 0;
}

/// --plugin PATH (repeatable): a family plugin, or a folder of them, for the commands that read a model file.
void add_plugin_option(po::options_description& options) {
  options.add_options()("plugin", po::value<std::vector<std::string>>()->composing(),
                        "a plugin library or folder to load after the default search path (repeatable)");
}

/// The --plugin paths given (loaded after the default search path).
std::vector<std::string> plugin_paths(const po::variables_map& vm) {
  return vm.count("plugin") ? vm["plugin"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

// predict and score share their arguments.
struct ModelAndData {
  std::string model;
  std::string data;
  std::string out;
  std::vector<std::string> plugins;
};

ModelAndData parse_model_and_data(const std::vector<std::string>& args, const std::string& command) {
  po::options_description options(command + " options");
  options.add_options()("model", po::value<std::string>()->required(), "fitted model.yaml")(
      "data", po::value<std::string>()->required(), "CSV with the model's columns")(
      "out", po::value<std::string>()->default_value(""), "output CSV (default: standard output)");
  add_plugin_option(options);
  po::positional_options_description positional;
  positional.add("data", 1);
  const auto vm = parse(args, options, positional, command);
  return {vm["model"].as<std::string>(), vm["data"].as<std::string>(), vm["out"].as<std::string>(),
          plugin_paths(vm)};
}

int command_predict(const std::vector<std::string>& args) {
  const ModelAndData io = parse_model_and_data(args, "predict");
  mixfit::FamilyRegistry registry;
  mixfit::load_plugins(registry, io.plugins);
  const mixfit::MixtureModel model = mixfit::read_model(io.model, registry);
  const mixfit::Dataset data = mixfit::read_model_data(io.data, model);
  write_output(io.out, [&](std::ostream& out) { mixfit::write_predictions(model, data, out); });
  return 0;
}

int command_score(const std::vector<std::string>& args) {
  const ModelAndData io = parse_model_and_data(args, "score");
  mixfit::FamilyRegistry registry;
  mixfit::load_plugins(registry, io.plugins);
  const mixfit::MixtureModel model = mixfit::read_model(io.model, registry);
  const mixfit::Dataset data = mixfit::read_model_data(io.data, model);
  double total = 0.0;
  write_output(io.out, [&](std::ostream& out) { total = mixfit::write_scores(model, data, out); });
  // The per-row table may be on stdout, so the totals go where they cannot mix with it.
  std::ostream& summary = io.out.empty() || io.out == "-" ? std::cerr : std::cout;
  summary << "total_log_likelihood: " << mixfit::format_yaml_double(total) << "\n"
          << "mean_log_likelihood: " << mixfit::format_yaml_double(total / static_cast<double>(data.num_rows())) << "\n"
          << "n_rows: " << data.num_rows() << "\n";
  return 0;
}

int command_sample(const std::vector<std::string>& args) {
  po::options_description options("sample options");
  options.add_options()("model", po::value<std::string>()->required(), "fitted model.yaml")(
      "n,n", po::value<std::size_t>()->required(), "number of rows")(
      "seed", po::value<std::uint64_t>()->default_value(0), "random seed")(
      "missing-rate", po::value<double>()->default_value(0.0),
      "leave each cell empty with this probability (missing completely at random, for data.missing: marginalize)")(
      "out", po::value<std::string>()->default_value(""), "output CSV (default: standard output)");
  add_plugin_option(options);
  const auto vm = parse(args, options, {}, "sample");
  mixfit::FamilyRegistry registry;
  mixfit::load_plugins(registry, plugin_paths(vm));
  const mixfit::MixtureModel model = mixfit::read_model(vm["model"].as<std::string>(), registry);
  const std::size_t n = vm["n"].as<std::size_t>();
  const std::uint64_t seed = vm["seed"].as<std::uint64_t>();
  const double missing_rate = vm["missing-rate"].as<double>();
  write_output(vm["out"].as<std::string>(),
               [&](std::ostream& out) { mixfit::write_samples(model, n, seed, out, missing_rate); });
  return 0;
}

int command_plot(const std::vector<std::string>& args) {
  po::options_description options("plot options");
  options.add_options()("run", po::value<std::string>()->required(), "run or sweep directory")(
      "out", po::value<std::string>(), "output folder (default RUN_DIR/plots)")(
      "format", po::value<std::string>()->default_value("both"), "svg | png | both")(
      "animate", po::bool_switch(), "also components.gif from trace_parameters.yaml (output.trace_parameters)")(
      "force", po::bool_switch(), "replace an existing output folder")(
      "gnuplot", po::value<std::string>()->default_value("gnuplot"), "the gnuplot executable (name on PATH or path)");
  po::positional_options_description positional;
  positional.add("run", 1);
  const auto vm = parse(args, options, positional, "plot");
  mixfit::plot::PlotOptions plot;
  if (vm.count("out")) plot.output_dir = vm["out"].as<std::string>();
  const std::string format = vm["format"].as<std::string>();
  if (format == "svg" || format == "png") {
    plot.formats = {format};
  } else if (format != "both") {
    throw UsageError("plot --format: expected svg, png or both, got '" + format + "'");
  }
  plot.animate = vm["animate"].as<bool>();
  plot.force = vm["force"].as<bool>();
  plot.gnuplot = vm["gnuplot"].as<std::string>();
  mixfit::plot::render_plots(vm["run"].as<std::string>(), plot, std::cout);
  return 0;
}

int command_describe(const std::vector<std::string>& args) {
  po::options_description options("describe options");
  options.add_options()("what", po::value<std::vector<std::string>>(), "FAMILY or experiment");
  add_plugin_option(options);
  po::positional_options_description positional;
  positional.add("what", -1);
  const auto vm = parse(args, options, positional, "describe");
  const std::vector<std::string> what =
      vm.count("what") ? vm["what"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (what.size() > 1) throw UsageError("describe takes at most one FAMILY (or 'experiment')");
  if (!what.empty() && what[0] == "experiment") {
    std::cout << "experiment file keys:\n";
    mixfit::experiment_schema().describe(std::cout, 1);
    return 0;
  }
  mixfit::FamilyRegistry registry;
  mixfit::load_plugins(registry, plugin_paths(vm));
  if (what.empty()) {
    std::cout << "families:\n";
    for (const auto& name : registry.names()) {
      const auto& entry = registry.get(name);
      std::cout << "  " << name << ": " << entry.summary << "\n    (" << entry.source
                << (entry.replaces.empty() ? "" : "; replaces the built-in " + entry.replaces) << ")\n";
    }
    return 0;
  }
  const auto& entry = registry.get(what[0]);
  std::cout << entry.name << ": " << entry.summary << "\n  plugin: " << entry.source << "\nmodel.options:\n";
  entry.options.describe(std::cout, 1);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::cout << general_usage();
    return args.empty() ? kExitUsage : 0;
  }
  if (args[0] == "--version") {
    std::cout << "mixfit " << MIXFIT_VERSION << "\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  // One process, or every rank of an MPI launch (mpirun -np R mixfit run ...).
  const std::unique_ptr<mixfit::Communicator> processes = mixfit::launch_processes(&argc, &argv);
  // Every rank meets the same errors (the driver agrees on them): rank 0 reports.
  std::ostream silent(nullptr);
  std::ostream& errors = processes->rank() == 0 ? std::cerr : silent;
  try {
    if (processes->size() > 1 && command != "run")
      throw UsageError("only 'mixfit run' runs on several processes; start '" + command + "' without mpirun");
    if (command == "run") return command_run(args, std::vector<std::string>(argv, argv + argc), *processes);
    if (command == "reproduce") return command_reproduce(args);
    if (command == "validate") return command_validate(args);
    if (command == "predict") return command_predict(args);
    if (command == "score") return command_score(args);
    if (command == "sample") return command_sample(args);
    if (command == "plot") return command_plot(args);
    if (command == "describe") return command_describe(args);
    throw UsageError("unknown command '" + command + "'");
  } catch (const HelpRequested& help) {
    (processes->rank() == 0 ? std::cout : silent) << help.usage;
    return 0;
  } catch (const UsageError& e) {
    errors << "mixfit: " << e.what() << "\n\n" << general_usage();
    return kExitUsage;
  } catch (const po::error& e) {
    errors << "mixfit " << command << ": " << e.what() << "\n\n" << general_usage();
    return kExitUsage;
  } catch (const mixfit::Error& e) {
    errors << "mixfit: error: " << e.what() << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    errors << "mixfit: internal error: " << e.what() << "\n";
    return kExitError;
  }
}
