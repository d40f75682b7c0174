// `mixfit plot` end to end: every kind of figure from small runs made here, checked as valid images; errors leave nothing.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

BOOST_AUTO_TEST_SUITE(plot_command_test)

using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

const std::string kConfigs = std::string(MIXFIT_SOURCE_DIR) + "/configs";

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// PNG: the 8-byte signature, then the IHDR chunk with the width and height.
void check_png(const std::string& path, std::uint32_t min_width, std::uint32_t min_height) {
  BOOST_TEST_CONTEXT(path) {
    const std::string bytes = bytes_of(path);
    BOOST_TEST_REQUIRE(bytes.size() > 5000u);  // a real figure, not an empty canvas
    BOOST_TEST(bytes.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0);
    BOOST_TEST(bytes.compare(12, 4, "IHDR") == 0);
    BOOST_TEST(big_endian(bytes, 16) >= min_width);
    BOOST_TEST(big_endian(bytes, 20) >= min_height);
  }
}

// SVG: well-formed XML whose root element is <svg> with some drawing in it.
void check_svg(const std::string& path) {
  BOOST_TEST_CONTEXT(path) {
    BOOST_TEST_REQUIRE(fs::file_size(path) > 5000u);
    boost::property_tree::ptree tree;
    BOOST_REQUIRE_NO_THROW(boost::property_tree::read_xml(path, tree));
    std::size_t roots = 0;
    for (const auto& [name, child] : tree)
      if (name != "<xmlcomment>") {
        BOOST_TEST(name == "svg");
        ++roots;
      }
    BOOST_TEST(roots == 1u);
  }
}

// GIF: "GIF89a", then blocks walked to the trailer counting image descriptors (frames).
std::size_t gif_frames(const std::string& path) {
  const std::string b = bytes_of(path);
  BOOST_TEST_REQUIRE(b.size() > 13u);
  BOOST_TEST_REQUIRE(b.compare(0, 6, "GIF89a") == 0);
  auto byte = [&](std::size_t at) { return static_cast<unsigned char>(b.at(at)); };
  std::size_t at = 13;
  if (byte(10) & 0x80) at += 3u * (1u << ((byte(10) & 7) + 1));  // global colour table
  auto skip_sub_blocks = [&] {
    while (byte(at) != 0) at += byte(at) + 1;
    ++at;
  };
  std::size_t frames = 0;
  while (at < b.size()) {
    const unsigned char kind = byte(at);
    if (kind == 0x3B) return frames;  // trailer
    if (kind == 0x21) {               // extension: label, then sub-blocks
      at += 2;
      skip_sub_blocks();
    } else if (kind == 0x2C) {  // image descriptor, optional local colour table, LZW code size, data
      const unsigned char flags = byte(at + 9);
      at += 10;
      if (flags & 0x80) at += 3u * (1u << ((flags & 7) + 1));
      ++at;
      skip_sub_blocks();
      ++frames;
    } else {
      BOOST_FAIL("unexpected GIF block 0x" << std::hex << int(kind) << " in " << path);
    }
  }
  BOOST_FAIL("GIF without a trailer: " << path);
  return frames;
}

void run_ok(const std::vector<std::string>& args) {
  const CommandResult result = run_mixfit(args);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
}

// A 1-D and a 3-D Gaussian model to draw data from with `mixfit sample`.
const char* kModel1 =
    "family: gaussian\noptions: {covariance: full}\ncolumns: [height]\nweights: [0.3, 0.7]\n"
    "components:\n  - {mean: [160], covariance: [[36]]}\n  - {mean: [178], covariance: [[49]]}\n";
const char* kModel3 =
    "family: gaussian\noptions: {covariance: full}\ncolumns: [a, b, c]\nweights: [0.4, 0.35, 0.25]\ncomponents:\n"
    "  - {mean: [0, 0, 0], covariance: [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]]}\n"
    "  - {mean: [5, 1, -2], covariance: [[0.5, 0, 0], [0, 2, 0.3], [0, 0.3, 0.5]]}\n"
    "  - {mean: [-2, 6, 3], covariance: [[1, 0, 0], [0, 1, 0], [0, 0, 3]]}\n";

}  // namespace

BOOST_AUTO_TEST_CASE(two_dimensional_run_gives_clusters_trace_and_animation_in_both_formats) {
  TempDir dir;
  run_ok({"run", kConfigs + "/quickstart.yaml", "--out", dir.file("run"), "--quiet", "--set",
          "output.trace_parameters=true", "--set", "inference.tol=1e-8"});
  const CommandResult plot = run_mixfit({"plot", dir.file("run"), "--animate"});
  BOOST_TEST_REQUIRE(plot.exit_code == 0, plot.err);
  const std::string out = dir.file("run/plots");
  check_png(out + "/clusters.png", 800, 600);
  check_svg(out + "/clusters.svg");
  check_png(out + "/trace.png", 800, 600);
  check_svg(out + "/trace.svg");
  BOOST_TEST(gif_frames(out + "/components.gif") > 1u);
  const std::string index = read_text(out + "/index.html");
  for (const char* file : {"clusters.svg", "trace.svg", "components.gif", "clusters.png"})
    BOOST_TEST(index.find(file) != std::string::npos, file);
  BOOST_TEST(fs::exists(out + "/gnuplot/clusters.gp"));  // scripts and data kept for re-rendering
  // No staging folder is left beside the output.
  for (const auto& entry : fs::directory_iterator(dir.file("run")))
    BOOST_TEST(entry.path().filename().string().find("partial") == std::string::npos);

  // An existing output folder is kept unless --force.
  const CommandResult again = run_mixfit({"plot", dir.file("run"), "--format", "png"});
  BOOST_TEST(again.exit_code == 1);
  BOOST_TEST(again.err.find("--force") != std::string::npos, again.err);
  BOOST_TEST(fs::exists(out + "/clusters.svg"));
  run_ok({"plot", dir.file("run"), "--format", "png", "--force"});
  BOOST_TEST(!fs::exists(out + "/clusters.svg"));
  BOOST_TEST(fs::exists(out + "/clusters.png"));
}

// Rows a noise component takes (label -1) are drawn, in their own block after the components'.
BOOST_AUTO_TEST_CASE(noise_rows_are_drawn_apart_from_the_components) {
  TempDir dir;
  // Two clusters and 40 rows scattered evenly over a box ten times their size.
  write_text(dir.file("m2.yaml"),
             "family: gaussian\noptions: {covariance: full}\ncolumns: [x, y]\nweights: [0.5, 0.5]\ncomponents:\n"
             "  - {mean: [0, 0], covariance: [[1, 0], [0, 1]]}\n  - {mean: [6, 2], covariance: [[1, 0.5], [0.5, 1]]}\n");
  run_ok({"sample", "--model", dir.file("m2.yaml"), "-n", "400", "--seed", "3", "--out", dir.file("clean.csv")});
  std::string data = read_text(dir.file("clean.csv"));
  for (int i = 0; i < 40; ++i)
    data += std::to_string(-30 + 60 * (i % 8) / 7.0) + "," + std::to_string(-30 + 60 * (i / 8) / 4.0) + ",0\n";
  write_text(dir.file("noisy.csv"), data);
  write_text(dir.file("noisy.yaml"),
             "experiment: {name: noisy, seed: 1}\ndata: {path: noisy.csv, columns: [x, y]}\n"
             "model: {components: 2, family: gaussian, noise: {init: 0.1}}\ninference: {tol: 1.0e-8}\n"
             "output: {dir: run}\n");
  run_ok({"run", dir.file("noisy.yaml"), "--quiet"});
  std::size_t noise = 0;
  for (const std::string& line : split_lines(read_text(dir.file("run/labels.csv")))) noise += line.rfind("-1,", 0) == 0;
  BOOST_TEST_REQUIRE(noise > 0u);
  run_ok({"plot", dir.file("run"), "--format", "png"});
  check_png(dir.file("run/plots/clusters.png"), 800, 600);
  const std::string script = read_text(dir.file("run/plots/gnuplot/clusters.gp"));
  BOOST_TEST(script.find("noise (" + std::to_string(noise) + " rows)") != std::string::npos, script);
  // gnuplot's blocks end with two blank lines: K = 2 components, then one line per noise row.
  const std::string points = read_text(dir.file("run/plots/gnuplot/clusters_points.dat"));
  std::size_t at = 0;
  for (int block = 0; block < 2; ++block) {
    at = points.find("\n\n\n", at);
    BOOST_TEST_REQUIRE(at != std::string::npos);
    at += 3;
  }
  BOOST_TEST(split_lines(points.substr(at)).size() == noise);
}

BOOST_AUTO_TEST_CASE(one_and_three_dimensional_runs_give_a_histogram_and_a_projection) {
  TempDir dir;
  write_text(dir.file("m1.yaml"), kModel1);
  write_text(dir.file("m3.yaml"), kModel3);
  run_ok({"sample", "--model", dir.file("m1.yaml"), "-n", "300", "--seed", "1", "--out", dir.file("d1.csv")});
  run_ok({"sample", "--model", dir.file("m3.yaml"), "-n", "300", "--seed", "2", "--out", dir.file("d3.csv")});
  write_text(dir.file("e1.yaml"),
             "experiment: {name: heights, seed: 1}\ndata: {path: d1.csv, columns: [height]}\n"
             "model: {components: 2, family: gaussian}\ninference: {max_iter: 40, tol: 1.0e-8}\n"
             "output: {dir: r1, trace_parameters: true}\n");
  write_text(dir.file("e3.yaml"),
             "experiment: {name: three_d, seed: 1}\ndata: {path: d3.csv, columns: [a, b, c]}\n"
             "model: {components: 3, family: gaussian, options: {covariance: diag}}\n"
             "inference: {algorithm: vb, max_iter: 60}\noutput: {dir: r3, trace_parameters: true}\n");
  run_ok({"run", dir.file("e1.yaml"), "--quiet"});
  run_ok({"run", dir.file("e3.yaml"), "--quiet"});
  run_ok({"plot", dir.file("r1"), "--format", "svg", "--animate", "--out", dir.file("p1")});
  check_svg(dir.file("p1/histogram.svg"));
  BOOST_TEST(!fs::exists(dir.file("p1/clusters.svg")));
  BOOST_TEST(gif_frames(dir.file("p1/components.gif")) > 1u);
  run_ok({"plot", dir.file("r3"), "--format", "png", "--out", dir.file("p3")});
  check_png(dir.file("p3/clusters.png"), 800, 600);
  check_png(dir.file("p3/trace.png"), 800, 600);
  BOOST_TEST(read_text(dir.file("p3/gnuplot/clusters.gp")).find("principal component 1") != std::string::npos);
  // Without a parameter trace, --animate says why there is no animation.
  run_ok({"run", dir.file("e3.yaml"), "--quiet", "--out", dir.file("r3plain"), "--set", "output.trace_parameters=false"});
  const CommandResult plain = run_mixfit({"plot", dir.file("r3plain"), "--format", "png", "--animate"});
  BOOST_TEST_REQUIRE(plain.exit_code == 0, plain.err);
  BOOST_TEST(plain.out.find("output.trace_parameters") != std::string::npos, plain.out);
  BOOST_TEST(!fs::exists(dir.file("r3plain/plots/components.gif")));
}

BOOST_AUTO_TEST_CASE(bernoulli_run_gives_component_mean_images) {
  TempDir dir;
  run_ok({"run", kConfigs + "/digits_bernoulli.yaml", "--out", dir.file("digits"), "--quiet", "--set",
          "inference.n_init=1", "--set", "inference.max_iter=15"});
  const CommandResult plot = run_mixfit({"plot", dir.file("digits"), "--format", "png"});
  BOOST_TEST_REQUIRE(plot.exit_code == 0, plot.err);
  check_png(dir.file("digits/plots/component_means.png"), 600, 500);
  check_png(dir.file("digits/plots/trace.png"), 800, 600);
  // The bernoulli family reports its moments over the 0/1 columns, so its clusters are drawn too.
  check_png(dir.file("digits/plots/clusters.png"), 800, 600);
}

// The figures know no family: an exponential run (on the kit) draws clusters with its own density's contours, a
// Student-t run a histogram of its own density, and a family without moments says so.
BOOST_AUTO_TEST_CASE(other_families_draw_from_their_moments_and_own_densities) {
  TempDir dir;
  write_text(dir.file("exponential.yaml"),
             "format: mixfit-model/1\nfamily: exponential\noptions: {min_rate: 1.0e-10}\ncolumns: [wait, service]\n"
             "types: [real, real]\nweights: [0.6, 0.4]\ncomponents:\n  - rates: [0.5, 4]\n  - rates: [5, 0.3]\n");
  run_ok({"sample", "--model", dir.file("exponential.yaml"), "-n", "400", "--seed", "1", "--out", dir.file("e.csv")});
  write_text(dir.file("e.yaml"), "experiment: {name: waits, seed: 1}\ndata: {path: e.csv, columns: [wait, service]}\n"
                                 "model: {components: 2, family: exponential}\ninference: {max_iter: 100}\n"
                                 "output: {dir: re, trace_parameters: true}\n");
  run_ok({"run", dir.file("e.yaml"), "--quiet"});
  run_ok({"plot", dir.file("re"), "--format", "png", "--animate", "--out", dir.file("pe")});
  check_png(dir.file("pe/clusters.png"), 800, 600);
  BOOST_TEST(gif_frames(dir.file("pe/components.gif")) > 1u);
  const std::string density = read_text(dir.file("pe/gnuplot/clusters_density.dat"));
  BOOST_TEST(density.find("nan") == std::string::npos);

  write_text(dir.file("t.yaml"), "format: mixfit-model/1\nfamily: student_t\noptions: {degrees_of_freedom: 5}\n"
                                 "columns: [x]\ntypes: [real]\nweights: [0.5, 0.5]\ncomponents:\n"
                                 "  - {mean: [0], scale: [[1]], degrees_of_freedom: 5}\n"
                                 "  - {mean: [6], scale: [[2]], degrees_of_freedom: 5}\n");
  run_ok({"sample", "--model", dir.file("t.yaml"), "-n", "300", "--seed", "2", "--out", dir.file("t.csv")});
  write_text(dir.file("te.yaml"), "experiment: {name: tails, seed: 1}\ndata: {path: t.csv, columns: [x]}\n"
                                  "model: {components: 2, family: student_t, options: {degrees_of_freedom: 5}}\n"
                                  "inference: {max_iter: 100}\noutput: {dir: rt}\n");
  run_ok({"run", dir.file("te.yaml"), "--quiet"});
  run_ok({"plot", dir.file("rt"), "--format", "svg", "--out", dir.file("pt")});
  check_svg(dir.file("pt/histogram.svg"));

  write_text(dir.file("v.yaml"), "format: mixfit-model/1\nfamily: von_mises\noptions: {max_concentration: 1.0e6}\n"
                                 "columns: [angle, hour]\ntypes: [real, real]\nweights: [0.5, 0.5]\ncomponents:\n"
                                 "  - {mean_direction: [0, 1], concentration: [4, 4]}\n"
                                 "  - {mean_direction: [2.5, -2], concentration: [6, 3]}\n");
  run_ok({"sample", "--model", dir.file("v.yaml"), "-n", "300", "--seed", "3", "--out", dir.file("v.csv")});
  write_text(dir.file("ve.yaml"), "experiment: {name: angles, seed: 1}\ndata: {path: v.csv, columns: [angle, hour]}\n"
                                  "model: {components: 2, family: von_mises}\ninference: {max_iter: 100}\n"
                                  "output: {dir: rv}\n");
  run_ok({"run", dir.file("ve.yaml"), "--quiet"});
  const CommandResult angles = run_mixfit({"plot", dir.file("rv"), "--format", "png", "--out", dir.file("pv")});
  BOOST_TEST_REQUIRE(angles.exit_code == 0, angles.err);
  BOOST_TEST(!fs::exists(dir.file("pv/clusters.png")));
  BOOST_TEST(read_text(dir.file("pv/index.html")).find("von_mises family reports no component means") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(sweeps_give_criteria_against_k_and_the_k_means_elbow) {
  TempDir dir;
  const std::string grid = "sweep={grid: {model.components: [1, 2, 3], model.options.covariance: [full, spherical]}}";
  run_ok({"run", kConfigs + "/quickstart.yaml", "--out", dir.file("em"), "--quiet", "--jobs", "2", "--set", grid});
  run_ok({"run", kConfigs + "/kmeans.yaml", "--out", dir.file("km"), "--quiet", "--set", "inference.n_init=1", "--set",
          "sweep={grid: {model.components: [1, 2, 3, 4]}}"});
  const CommandResult em = run_mixfit({"plot", dir.file("em"), "--format", "both"});
  BOOST_TEST_REQUIRE(em.exit_code == 0, em.err);
  check_png(dir.file("em/plots/criteria.png"), 1200, 400);
  check_svg(dir.file("em/plots/criteria.svg"));
  BOOST_TEST(!fs::exists(dir.file("em/plots/elbow.png")));  // an em sweep has no inertia
  BOOST_TEST(em.out.find("k-means") != std::string::npos, em.out);
  const std::string script = read_text(dir.file("em/plots/gnuplot/criteria.gp"));
  BOOST_TEST(script.find("title \"full\"") != std::string::npos);
  BOOST_TEST(script.find("title \"spherical\"") != std::string::npos);
  run_ok({"plot", dir.file("km"), "--format", "png"});
  check_png(dir.file("km/plots/elbow.png"), 800, 600);
  check_png(dir.file("km/plots/criteria.png"), 1200, 400);
}

BOOST_AUTO_TEST_CASE(bad_input_is_a_clear_error_and_leaves_nothing) {
  TempDir dir;
  fs::create_directories(dir.file("empty"));
  const CommandResult not_a_run = run_mixfit({"plot", dir.file("empty")});
  BOOST_TEST(not_a_run.exit_code == 1);
  BOOST_TEST(not_a_run.err.find("is not a run directory") != std::string::npos, not_a_run.err);
  BOOST_TEST(!fs::exists(dir.file("empty/plots")));
  const CommandResult missing = run_mixfit({"plot", dir.file("nowhere")});
  BOOST_TEST(missing.exit_code == 1);

  run_ok({"run", kConfigs + "/quickstart.yaml", "--out", dir.file("run"), "--quiet", "--set", "inference.max_iter=3"});
  const CommandResult no_gnuplot = run_mixfit({"plot", dir.file("run"), "--gnuplot", dir.file("no/gnuplot")});
  BOOST_TEST(no_gnuplot.exit_code == 1);
  BOOST_TEST(no_gnuplot.err.find("gnuplot not found") != std::string::npos, no_gnuplot.err);
  BOOST_TEST(no_gnuplot.err.find("gnuplot-nox") != std::string::npos, no_gnuplot.err);
  // A gnuplot that fails midway: nothing under the output name, no staging folder left.
  write_text(dir.file("failing-gnuplot"), "#!/bin/sh\necho 'line 1: simulated failure' >&2\nexit 1\n");
  fs::permissions(dir.file("failing-gnuplot"), fs::perms::owner_all);
  const CommandResult failing = run_mixfit({"plot", dir.file("run"), "--gnuplot", dir.file("failing-gnuplot")});
  BOOST_TEST(failing.exit_code == 1);
  BOOST_TEST(failing.err.find("simulated failure") != std::string::npos, failing.err);
  for (const auto& entry : fs::directory_iterator(dir.file("run")))
    BOOST_TEST(entry.path().filename().string().find("plots") == std::string::npos, entry.path());
  const CommandResult bad_format = run_mixfit({"plot", dir.file("run"), "--format", "jpeg"});
  BOOST_TEST(bad_format.exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
