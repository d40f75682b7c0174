// load_experiment: defaults, typed fields, path resolution, --set overrides and every error message.
#include <boost/test/unit_test.hpp>

#include "mixfit/config/config_override.hpp"
#include "mixfit/config/experiment_config.hpp"
#include "mixfit/core/error.hpp"
#include "support/fixtures.hpp"

#include <filesystem>
#include <sstream>

BOOST_AUTO_TEST_SUITE(experiment_config_test)

using namespace mixfit;
using mixfit::testing::TempDir;
using mixfit::testing::write_text;

namespace {

const char* const kMinimal =
    "data: {path: blobs.csv}\n"
    "model: {components: 3, family: gaussian}\n";

const char* const kFull =
    "experiment: {name: blobs, seed: 7}\n"
    "data: {path: blobs.csv, columns: [x, y]}\n"
    "model:\n"
    "  components: 3\n"
    "  family: gaussian\n"
    "  options: {covariance: full, reg_covar: 1.0e-6}\n"
    "inference:\n"
    "  algorithm: kmeans\n"
    "  max_iter: 250\n"
    "  tol: 0\n"
    "  n_init: 4\n"
    "  init: {method: random_from_data}\n"
    "  block_size: 512\n"
    "output: {dir: runs/blobs}\n"
    "plugins: [plugins/libmixfit_poisson.so, /opt/mixfit/plugins]\n";

/// Writes `text` as `name` inside `dir` and returns its path.
std::string write_experiment(const TempDir& dir, const std::string& text, const std::string& name = "exp.yaml") {
  write_text(dir.file(name), text);
  return dir.file(name);
}

template <class Action>
std::string config_error(Action action) {
  try {
    action();
  } catch (const ConfigError& error) {
    return error.what();
  }
  BOOST_FAIL("expected a ConfigError");
  return {};
}

std::string load_error(const std::string& path, const std::vector<std::string>& overrides = {}) {
  return config_error([&] { load_experiment(path, overrides); });
}

void check_contains(const std::string& message, std::initializer_list<std::string> parts) {
  for (const std::string& part : parts)
    BOOST_TEST(message.find(part) != std::string::npos, "message \"" << message << "\" lacks \"" << part << "\"");
}

std::string normal(const std::string& path) { return std::filesystem::path(path).lexically_normal().string(); }

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_filled_in) {
  TempDir dir;
  const std::string path = write_experiment(dir, kMinimal, "blobs_run.yaml");
  const ExperimentConfig config = load_experiment(path);

  const YAML::Node& r = config.resolved;
  BOOST_TEST(r["experiment"]["name"].Scalar() == "blobs_run");
  BOOST_TEST(r["experiment"]["seed"].as<int>() == 0);
  BOOST_TEST(r["data"]["path"].Scalar() == "blobs.csv");  // as written
  BOOST_TEST(!r["data"]["columns"]);
  BOOST_TEST(r["model"]["options"].IsMap());
  BOOST_TEST(r["model"]["options"].size() == 0u);
  BOOST_TEST(r["inference"]["algorithm"].Scalar() == "em");
  BOOST_TEST(r["inference"]["max_iter"].as<int>() == 100);
  BOOST_TEST(r["inference"]["tol"].as<double>() == 1e-3);
  BOOST_TEST(r["inference"]["n_init"].as<int>() == 1);
  BOOST_TEST(r["inference"]["init"]["method"].Scalar() == "kmeans++");
  BOOST_TEST(r["inference"]["block_size"].as<int>() == 4096);
  BOOST_TEST(r["output"]["dir"].Scalar() == "runs/blobs_run");
  BOOST_TEST(!r["plugins"]);

  // Keys in schema order, the name first even though it was filled in last.
  std::vector<std::string> sections, experiment_keys;
  for (const auto& item : r) sections.push_back(item.first.Scalar());
  for (const auto& item : r["experiment"]) experiment_keys.push_back(item.first.Scalar());
  BOOST_TEST(sections == (std::vector<std::string>{"experiment", "data", "model", "inference", "output"}),
             boost::test_tools::per_element());
  BOOST_TEST(experiment_keys == (std::vector<std::string>{"name", "seed"}), boost::test_tools::per_element());

  BOOST_TEST(config.file == path);
  BOOST_TEST(config.base_dir == normal(dir.path()));
  BOOST_TEST(config.name == "blobs_run");
  BOOST_TEST(config.seed == 0u);
  BOOST_TEST(config.data_path == normal(dir.path() + "/blobs.csv"));
  BOOST_TEST(config.columns.empty());
  BOOST_TEST(config.components == 3u);
  BOOST_TEST(config.family == "gaussian");
  BOOST_TEST(config.family_options.IsMap());
  BOOST_TEST(config.family_options.size() == 0u);
  BOOST_TEST(config.algorithm == "em");
  BOOST_TEST(config.max_iter == 100u);
  BOOST_TEST(config.tol == 1e-3);
  BOOST_TEST(config.n_init == 1u);
  BOOST_TEST(config.init.method == "kmeans++");
  BOOST_TEST(config.init.file.empty());
  BOOST_TEST(config.init.inline_parameters.IsNull());
  BOOST_TEST(config.block_size == 4096u);
  BOOST_TEST(config.output_dir == normal(dir.path() + "/runs/blobs_run"));
  BOOST_TEST(config.plugins.empty());
}

BOOST_AUTO_TEST_CASE(every_field_is_read) {
  TempDir dir;
  const ExperimentConfig config = load_experiment(write_experiment(dir, kFull));
  BOOST_TEST(config.name == "blobs");
  BOOST_TEST(config.seed == 7u);
  BOOST_TEST(config.columns == (std::vector<std::string>{"x", "y"}), boost::test_tools::per_element());
  BOOST_TEST(config.family_options["covariance"].Scalar() == "full");
  BOOST_TEST(config.family_options["reg_covar"].as<double>() == 1e-6);
  BOOST_TEST(config.algorithm == "kmeans");
  BOOST_TEST(config.max_iter == 250u);
  BOOST_TEST(config.tol == 0.0);
  BOOST_TEST(config.n_init == 4u);
  BOOST_TEST(config.init.method == "random_from_data");
  BOOST_TEST(config.block_size == 512u);
  BOOST_TEST(config.output_dir == normal(dir.path() + "/runs/blobs"));
  BOOST_TEST(config.plugins == (std::vector<std::string>{normal(dir.path() + "/plugins/libmixfit_poisson.so"),
                                                         "/opt/mixfit/plugins"}),
             boost::test_tools::per_element());
  // The resolved tree keeps paths as written and the family's options as given.
  BOOST_TEST(config.resolved["output"]["dir"].Scalar() == "runs/blobs");
  BOOST_TEST(config.resolved["plugins"][0].Scalar() == "plugins/libmixfit_poisson.so");
  BOOST_TEST(config.resolved["model"]["options"]["covariance"].Scalar() == "full");
}

BOOST_AUTO_TEST_CASE(family_options_keep_their_line_and_column) {
  TempDir dir;
  const ExperimentConfig config = load_experiment(write_experiment(dir, kFull));
  const YAML::Mark mark = config.family_options["reg_covar"].Mark();
  BOOST_TEST(mark.line == 5);     // 0-based: line 6 of the file
  BOOST_TEST(mark.column == 41);  // 0-based
  BOOST_TEST(describe_location({config.file, "model.options.reg_covar"}, config.family_options["reg_covar"]) ==
             config.file + ":6:42: model.options.reg_covar: ");
}

BOOST_AUTO_TEST_CASE(relative_paths_resolve_against_the_file) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("configs/sub"));
  const std::string text =
      "data: {path: ../data/./blobs.csv}\n"
      "model: {components: 2, family: gaussian}\n"
      "inference: {init: {method: responsibilities, file: init/r.csv}}\n"
      "output: {dir: /tmp/elsewhere/../runs/x}\n"
      "plugins: [../plugins]\n";
  const std::string path = write_experiment(dir, text, "configs/sub/e.yaml");
  const ExperimentConfig config = load_experiment(path);
  BOOST_TEST(config.base_dir == normal(dir.path() + "/configs/sub"));
  BOOST_TEST(config.data_path == normal(dir.path() + "/configs/data/blobs.csv"));
  BOOST_TEST(config.init.method == "responsibilities");
  BOOST_TEST(config.init.file == normal(dir.path() + "/configs/sub/init/r.csv"));
  BOOST_TEST(config.output_dir == "/tmp/runs/x");
  BOOST_TEST(config.plugins == (std::vector<std::string>{normal(dir.path() + "/configs/plugins")}),
             boost::test_tools::per_element());
  BOOST_TEST(config.resolved["data"]["path"].Scalar() == "../data/./blobs.csv");

  // A relative experiment path gives an absolute base_dir too.
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const ExperimentConfig relative = load_experiment("configs/sub/e.yaml");
  std::filesystem::current_path(previous);
  BOOST_TEST(relative.file == "configs/sub/e.yaml");
  BOOST_TEST(relative.data_path == normal(dir.path() + "/configs/data/blobs.csv"));
}

BOOST_AUTO_TEST_CASE(overrides_are_applied_in_order_before_validation) {
  TempDir dir;
  const std::string path = write_experiment(dir, kFull);
  const ExperimentConfig config = load_experiment(
      path, {"inference.max_iter=50", "model.options.covariance=diag", "data.columns=[x]", "inference.tol=0.5",
             "inference.tol=0.25", "experiment.seed=11", "inference.init.method=given",
             "inference.init.components=[{mean: [0, 0]}]", "inference.init.weights=[1]"});
  BOOST_TEST(config.max_iter == 50u);
  BOOST_TEST(config.family_options["covariance"].Scalar() == "diag");
  BOOST_TEST(config.family_options["reg_covar"].as<double>() == 1e-6);  // siblings stay
  BOOST_TEST(config.columns == (std::vector<std::string>{"x"}), boost::test_tools::per_element());
  BOOST_TEST(config.tol == 0.25);  // the last one wins
  BOOST_TEST(config.seed == 11u);
  BOOST_TEST(config.resolved["inference"]["max_iter"].as<int>() == 50);
  BOOST_TEST(config.resolved["model"]["options"]["covariance"].Scalar() == "diag");
  BOOST_TEST(config.init.method == "given");
  BOOST_TEST(config.init.inline_parameters["components"][0]["mean"][1].as<double>() == 0.0);
  BOOST_TEST(config.init.inline_parameters["weights"][0].as<double>() == 1.0);
}

BOOST_AUTO_TEST_CASE(overrides_create_missing_sections) {
  TempDir dir;
  const ExperimentConfig config = load_experiment(write_experiment(dir, kMinimal),
                                                  {"model.options.covariance=spherical", "inference.init.method=random",
                                                   "output.dir=out", "plugins=[p]", "experiment.name=renamed"});
  BOOST_TEST(config.family_options["covariance"].Scalar() == "spherical");
  BOOST_TEST(config.init.method == "random");
  BOOST_TEST(config.output_dir == normal(dir.path() + "/out"));
  BOOST_TEST(config.plugins.size() == 1u);
  BOOST_TEST(config.name == "renamed");
  BOOST_TEST(config.resolved["inference"]["max_iter"].as<int>() == 100);
}

BOOST_AUTO_TEST_CASE(overridden_values_are_validated_and_say_so) {
  TempDir dir;
  const std::string path = write_experiment(dir, kMinimal);
  check_contains(load_error(path, {"inference.max_iter=abc"}),
                 {path + ": inference.max_iter (set on the command line): expected an integer >= 1, got 'abc'"});
  check_contains(load_error(path, {"inference.max_itr=5"}),
                 {path + ": inference.max_itr (set on the command line): unknown key 'max_itr'; did you mean "
                         "'max_iter'?"});
  check_contains(load_error(path, {"inference.tol=-1"}),
                 {path + ": inference.tol (set on the command line): expected a number >= 0, got -1"});
  check_contains(load_error(path, {"data.columns=x"}),
                 {path + ": data.columns (set on the command line): expected a list of strings"});
  check_contains(load_error(path, {"inference.algorithm=kmean"}),
                 {"inference.algorithm (set on the command line): expected one of em, cem, sem, kmeans, vb, got "
                  "'kmean'; did you mean 'kmeans'?"});
}

BOOST_AUTO_TEST_CASE(malformed_overrides_are_named) {
  TempDir dir;
  const std::string path = write_experiment(dir, kMinimal);
  check_contains(load_error(path, {"inference.max_iter"}), {"--set 'inference.max_iter'", "expected KEY.PATH=VALUE"});
  check_contains(load_error(path, {"=5"}), {"--set '=5'", "empty key"});
  check_contains(load_error(path, {"inference..max_iter=5"}), {"--set 'inference..max_iter=5'", "empty key"});
  check_contains(load_error(path, {"inference.=5"}), {"--set 'inference.=5'", "empty key"});
  check_contains(load_error(path, {"data.path.x=1"}),
                 {"--set 'data.path.x=1'", "'data.path' is not a mapping", "no key 'x'"});
  check_contains(load_error(path, {"data.columns=[x, y"}), {"--set 'data.columns=[x, y'", "not valid YAML"});
}

BOOST_AUTO_TEST_CASE(apply_override_on_a_tree) {
  YAML::Node root = YAML::Load("a: {b: 1}\nc: 2\n");
  apply_override(root, "a.d.e={f: [1, 2]}");
  apply_override(root, " c = 3");
  apply_override(root, "g=");
  BOOST_TEST(root["a"]["b"].as<int>() == 1);
  BOOST_TEST(root["a"]["d"]["e"]["f"][1].as<int>() == 2);
  BOOST_TEST(root["a"]["d"]["e"]["f"][1].Mark().is_null());
  BOOST_TEST(root["c"].as<int>() == 3);
  BOOST_TEST(root["g"].IsNull());
  BOOST_TEST(root["a"].Mark().line == 0);  // existing nodes keep their marks
}

BOOST_AUTO_TEST_CASE(file_errors) {
  TempDir dir;
  const std::string missing = dir.file("nope.yaml");
  const std::string message = load_error(missing);
  check_contains(message, {missing, "experiment file not found"});
  check_contains(load_error(dir.path()), {dir.path(), "is a directory"});
  check_contains(load_error(write_experiment(dir, "", "empty.yaml")),
                 {dir.file("empty.yaml") + ": empty experiment file"});
  check_contains(load_error(write_experiment(dir, "# only a comment\n\n", "comment.yaml")), {"empty experiment file"});
  const std::string broken = write_experiment(dir, "data: {path: x.csv}\nmodel: [1, 2\ninference: {}\n", "broken.yaml");
  check_contains(load_error(broken), {broken + ":3:", ": YAML syntax error: "});
  const std::string scalar = write_experiment(dir, "just some words\n", "scalar.yaml");
  check_contains(load_error(scalar), {scalar + ":1:1: expected a mapping of sections"});
}

BOOST_AUTO_TEST_CASE(unknown_keys_name_line_column_and_suggestion) {
  TempDir dir;
  const std::string top = write_experiment(dir, std::string(kMinimal) + "modle: {}\n", "top.yaml");
  check_contains(load_error(top), {top + ":3:1: modle: unknown key 'modle'; did you mean 'model'?",
                                   "(known keys: experiment, data, model, inference, output, sweep, plugins)"});
  const std::string nested = write_experiment(dir, std::string(kMinimal) + "inference:\n  max_itr: 5\n", "nested.yaml");
  check_contains(load_error(nested),
                 {nested + ":4:3: inference.max_itr: unknown key 'max_itr'; did you mean 'max_iter'?",
                  "known keys: algorithm, max_iter, tol, n_init, init, chain, empty_component, singular_component, "
                  "threads, block_size"});
  const std::string init =
      write_experiment(dir, std::string(kMinimal) + "inference: {init: {methd: kmeans}}\n", "init.yaml");
  check_contains(load_error(init), {init + ":3:20: inference.init.methd: unknown key 'methd'; did you mean 'method'?"});
}

BOOST_AUTO_TEST_CASE(wrong_types_and_ranges) {
  TempDir dir;
  const std::string components =
      write_experiment(dir, "data: {path: blobs.csv}\nmodel: {components: 3.5, family: gaussian}\n", "c.yaml");
  check_contains(load_error(components), {components + ":2:21: model.components: expected an integer >= 1, got '3.5'"});
  const std::string zero =
      write_experiment(dir, "data: {path: blobs.csv}\nmodel: {components: 0, family: gaussian}\n", "z.yaml");
  check_contains(load_error(zero), {zero + ":2:21: model.components: expected an integer >= 1, got 0"});
  const std::string tol = write_experiment(dir, std::string(kMinimal) + "inference:\n  tol: -1\n", "t.yaml");
  check_contains(load_error(tol), {tol + ":4:8: inference.tol: expected a number >= 0, got -1"});
  const std::string seed = write_experiment(dir, std::string(kMinimal) + "experiment: {seed: -3}\n", "s.yaml");
  check_contains(load_error(seed), {seed + ":3:20: experiment.seed: expected an integer >= 0, got -3"});
  const std::string algorithm =
      write_experiment(dir, std::string(kMinimal) + "inference: {algorithm: emm}\n", "a.yaml");
  check_contains(load_error(algorithm),
                 {algorithm +
                  ":3:24: inference.algorithm: expected one of em, cem, sem, kmeans, vb, got 'emm'; did you mean 'em'?"});
  const std::string method =
      write_experiment(dir, std::string(kMinimal) + "inference: {init: {method: kmeans+}}\n", "m.yaml");
  check_contains(load_error(method),
                 {method + ":3:28: inference.init.method: expected one of kmeans++, kmeans, random, "
                           "random_from_data, given, responsibilities, hierarchical, small_em, got 'kmeans+'; did you "
                           "mean"});
  // model.noise: a fraction in (0, 1) or a file, and em only.
  const std::string fraction = write_experiment(
      dir, "data: {path: blobs.csv}\nmodel: {components: 3, family: gaussian, noise: {init: 1.5}}\n", "nf.yaml");
  check_contains(load_error(fraction), {fraction + ":2:56: model.noise.init: expected a fraction in (0, 1), got 1.5"});
  const std::string noise_vb = write_experiment(
      dir, "data: {path: blobs.csv}\nmodel: {components: 3, family: gaussian, noise: {init: 0.1}}\n"
           "inference: {algorithm: vb}\n", "nv.yaml");
  check_contains(load_error(noise_vb), {noise_vb + ":2:49: model.noise: the noise component is fitted by em"});
  const std::string volume = write_experiment(
      dir, "data: {path: blobs.csv}\nmodel: {components: 3, family: gaussian, noise: {init: 0.1, volume: -2}}\n",
      "nvol.yaml");
  check_contains(load_error(volume), {volume + ":2:69: model.noise.volume: expected auto or a number > 0, got -2"});
  // mclust's hc keys belong to method hierarchical; with another method they would be silently unused.
  const std::string stray =
      write_experiment(dir, std::string(kMinimal) + "inference: {init: {method: kmeans++, use: SVD}}\n", "hc.yaml");
  check_contains(load_error(stray), {stray + ":3:19: inference.init: 'use' belongs to method hierarchical"});
  const std::string columns = write_experiment(
      dir, "data: {path: blobs.csv, columns: x}\nmodel: {components: 3, family: gaussian}\n", "col.yaml");
  check_contains(load_error(columns), {columns + ":1:34: data.columns: expected a list of strings"});
  const std::string section = write_experiment(dir, std::string(kMinimal) + "inference: 5\n", "sec.yaml");
  check_contains(load_error(section), {section + ":3:12: inference: expected a mapping, got '5'"});
  const std::string empty_path =
      write_experiment(dir, "data: {path: ''}\nmodel: {components: 3, family: gaussian}\n", "ep.yaml");
  check_contains(load_error(empty_path), {empty_path + ":1:14: data.path: expected a path, got an empty string"});
}

BOOST_AUTO_TEST_CASE(required_keys_missing) {
  TempDir dir;
  const std::string no_data = write_experiment(dir, "model: {components: 3, family: gaussian}\n", "nd.yaml");
  check_contains(load_error(no_data), {no_data + ":1:1: data: required key missing"});
  const std::string no_components =
      write_experiment(dir, "data: {path: blobs.csv}\nmodel:\n  family: gaussian\n", "nc.yaml");
  check_contains(load_error(no_components), {no_components + ":3:3: model.components: required key missing"});
  const std::string no_path =
      write_experiment(dir, "data: {columns: [x]}\nmodel: {components: 3, family: g}\n", "np.yaml");
  check_contains(load_error(no_path), {no_path + ":1:7: data.path: required key missing"});
  const std::string empty_model = write_experiment(dir, "data: {path: blobs.csv}\nmodel:\n", "em.yaml");
  check_contains(load_error(empty_model), {empty_model + ": model.components: required key missing"});
}

BOOST_AUTO_TEST_CASE(init_consistency) {
  TempDir dir;
  auto with_init = [&](const std::string& init, const std::string& name) {
    return write_experiment(dir, std::string(kMinimal) + "inference:\n  init: " + init + "\n", name);
  };
  const std::string given = with_init("{method: given}", "g.yaml");
  check_contains(load_error(given),
                 {given + ":4:9: inference.init: method 'given' needs 'file'", "inline 'weights' and 'components'"});
  const std::string both = with_init("{method: given, file: m.yaml, components: [{mean: [0]}]}", "b.yaml");
  check_contains(load_error(both),
                 {both + ":4:9: inference.init: method 'given' takes its parameters either from 'file' or inline"});
  const std::string resp = with_init("{method: responsibilities}", "r.yaml");
  check_contains(load_error(resp), {resp + ":4:9: inference.init: method 'responsibilities' needs 'file'"});
  const std::string stray = with_init("{method: kmeans, file: m.yaml}", "s.yaml");
  check_contains(load_error(stray), {stray + ":4:9: inference.init: method 'kmeans' takes no 'file'"});

  const ExperimentConfig from_file = load_experiment(with_init("{method: given, file: fits/model.yaml}", "f.yaml"));
  BOOST_TEST(from_file.init.file == normal(dir.path() + "/fits/model.yaml"));
  BOOST_TEST(from_file.init.inline_parameters.IsNull());
  const ExperimentConfig inline_given = load_experiment(
      with_init("{method: given, weights: [0.5, 0.5], components: [{mean: [0]}, {mean: [1]}]}", "i.yaml"));
  BOOST_TEST(inline_given.init.file.empty());
  BOOST_TEST(inline_given.init.inline_parameters["weights"].size() == 2u);
  BOOST_TEST(inline_given.init.inline_parameters["components"][1]["mean"][0].as<double>() == 1.0);
  BOOST_TEST(inline_given.init.inline_parameters["components"].Mark().line == 3);  // as written, with its mark
  BOOST_TEST(inline_given.resolved["inference"]["init"]["weights"][0].as<double>() == 0.5);
}

BOOST_AUTO_TEST_CASE(describe_prints_every_framework_key) {
  std::ostringstream out;
  experiment_schema().describe(out);
  const std::string text = "\n" + out.str();
  for (const char* key : {"experiment (section)",
                          "  name (string)",
                          "  seed (integer >= 0, default 0)",
                          "data (section, required)",
                          "  path (string, required)",
                          "  columns (list of strings)",
                          "model (section, required)",
                          "  components (integer >= 1, required)",
                          "  family (string, required)",
                          "  options (any, default {})",
                          "  weights (section)",
                          "    prior (one of none | dirichlet_distribution | dirichlet_process)",
                          "    concentration (number > 0)",
                          "inference (section)",
                          "  algorithm (one of em | cem | sem | kmeans | vb, default em)",
                          "  max_iter (integer >= 1, default 100)",
                          "  tol (number >= 0, default 0.001)",
                          "  n_init (integer >= 1, default 1)",
                          "  init (section)",
                          "    method (one of kmeans++ | kmeans | random | random_from_data | given | "
                          "responsibilities | hierarchical | small_em, default kmeans++)",
                          "    model (one of VVV | EEE | VII | EII)",
                          "    use (one of VARS | STD | SPH | PCS | PCR | SVD)",
                          "    runs (integer >= 1)",
                          "    iterations (integer >= 1)",
                          "    subset (integer >= 2)",
                          "    file (string)",
                          "    weights (any)",
                          "    components (any)",
                          "    shared (any)",
                          "  threads (integer >= 0, default 0)",
                          "  block_size (integer >= 1, default 4096)",
                          "output (section)",
                          "  dir (string)",
                          "  min_weight (number in [0, 1], default 0.001)",
                          "  checkpoint_every (integer >= 1)",
                          "sweep (any)",
                          "plugins (list of strings)"})
    check_contains(text, {std::string("\n") + key});
}

BOOST_AUTO_TEST_SUITE_END()  // experiment_config_test
