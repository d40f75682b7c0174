// `mixfit run / predict / sample / score / describe` with family: categorical and string levels, end to end.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>

BOOST_AUTO_TEST_SUITE(cli_test)

using namespace mixfit::testing;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

/// 300 records from two classes: mostly red/S/round and mostly blue/L/square, with some green.
/// The first record is green/L, so first appearance orders the levels green, red, blue and L, S.
std::string colours_csv() {
  std::string text = "colour,size,shape\ngreen,L,round\n";
  for (int i = 1; i < 300; ++i) {
    const bool first_class = i % 3 != 0;
    const char* colour = i % 5 == 0 ? "green" : first_class ? (i % 11 == 0 ? "blue" : "red") : (i % 7 == 0 ? "red" : "blue");
    const char* size = first_class ? (i % 6 == 0 ? "L" : "S") : (i % 4 == 0 ? "S" : "L");
    const char* shape = first_class ? (i % 9 == 0 ? "square" : "round") : (i % 8 == 0 ? "round" : "square");
    text += std::string(colour) + "," + size + "," + shape + "\n";
  }
  return text;
}

std::string experiment_yaml(const std::string& extra_data = "", const std::string& options = "{}") {
  return "experiment: {name: colours, seed: 5}\n"
         "data:\n"
         "  path: colours.csv\n"
         "  columns: [colour, size, shape]\n" +
         extra_data +
         "model: {components: 2, family: categorical, options: " + options + "}\n"
         "inference: {max_iter: 200, tol: 1.0e-10, n_init: 2, init: {method: kmeans++}}\n"
         "output: {dir: run}\n";
}

/// A temporary folder with the data, one experiment, and its run.
struct ColourRun {
  TempDir dir;
  std::string model;
  CommandResult result;

  explicit ColourRun(const std::string& experiment = experiment_yaml(), const std::vector<std::string>& extra = {}) {
    write_text(dir.file("colours.csv"), colours_csv());
    write_text(dir.file("experiment.yaml"), experiment);
    std::vector<std::string> args{"run", dir.file("experiment.yaml"), "--out", dir.file("run"), "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    result = run_mixfit(args);
    model = dir.file("run/model.yaml");
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(run_writes_levels_in_first_appearance_order) {
  const ColourRun run;
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  const YAML::Node model = YAML::LoadFile(run.model);
  BOOST_TEST(model["family"].as<std::string>() == "categorical");
  BOOST_TEST((model["types"].as<std::vector<std::string>>() ==
              std::vector<std::string>{"categorical", "categorical", "categorical"}));
  BOOST_TEST((model["levels"][0].as<std::vector<std::string>>() == std::vector<std::string>{"green", "red", "blue"}));
  BOOST_TEST((model["levels"][1].as<std::vector<std::string>>() == std::vector<std::string>{"L", "S"}));
  BOOST_TEST((model["levels"][2].as<std::vector<std::string>>() == std::vector<std::string>{"round", "square"}));
  BOOST_TEST(model["options"]["unseen"].as<std::string>() == "error");
  BOOST_TEST_REQUIRE(model["components"].size() == 2u);
  BOOST_TEST(model["components"][0]["probabilities"][0].size() == 3u);
  // K·Σ(L_j − 1) + (K − 1) = 2·(2 + 1 + 1) + 1.
  const YAML::Node summary = YAML::LoadFile(run.dir.file("run/summary.yaml"));
  BOOST_TEST(summary["n_parameters"].as<int>() == 9);
  // The classes are found: one component prefers red, the other blue.
  const YAML::Node c0 = model["components"][0]["probabilities"][0], c1 = model["components"][1]["probabilities"][0];
  const bool first_is_red = c0[1].as<double>() > c0[2].as<double>();
  BOOST_TEST(first_is_red != (c1[1].as<double>() > c1[2].as<double>()));
}

BOOST_AUTO_TEST_CASE(sample_writes_level_names_and_score_reads_them_back) {
  const ColourRun run;
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  const std::string samples = run.dir.file("samples.csv");
  const CommandResult sampled = run_mixfit({"sample", "--model", run.model, "-n", "2000", "--seed", "3", "--out", samples});
  BOOST_TEST_REQUIRE(sampled.exit_code == 0, sampled.err);
  const auto rows = lines_of(read_text(samples));
  BOOST_TEST_REQUIRE(rows.size() == 2001u);
  BOOST_TEST(rows.front() == "colour,size,shape,component");
  const std::vector<std::set<std::string>> allowed{{"green", "red", "blue"}, {"L", "S"}, {"round", "square"}};
  std::vector<std::set<std::string>> seen(3);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto cells = cells_of(rows[i]);
    BOOST_TEST_REQUIRE(cells.size() == 4u);
    for (std::size_t j = 0; j < 3; ++j) {
      BOOST_TEST(allowed[j].count(cells[j]) == 1u, cells[j]);
      seen[j].insert(cells[j]);
    }
  }
  BOOST_TEST(seen == allowed);
  // Same seed, same file.
  const CommandResult again =
      run_mixfit({"sample", "--model", run.model, "-n", "2000", "--seed", "3", "--out", run.dir.file("again.csv")});
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
  BOOST_TEST(read_text(run.dir.file("again.csv")) == read_text(samples));
  // The sampled names map back through the model's dictionaries.
  const CommandResult scored = run_mixfit({"score", "--model", run.model, samples, "--out", run.dir.file("s.csv")});
  BOOST_TEST(scored.exit_code == 0, scored.err);
}

BOOST_AUTO_TEST_CASE(predict_with_an_unseen_level_fails_by_default) {
  const ColourRun run;
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  const std::string data = run.dir.file("new.csv");
  write_text(data, "colour,size,shape\nred,S,round\npurple,L,square\nblue,L,square\n");
  const CommandResult result = run_mixfit({"predict", "--model", run.model, data});
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.err.find(data + ":3: column 'colour':") != std::string::npos, result.err);
  BOOST_TEST(result.err.find("unseen: ignore") != std::string::npos, result.err);
}

BOOST_AUTO_TEST_CASE(predict_marginalises_an_unseen_level_with_unseen_ignore) {
  // Set in the experiment, stored in model.yaml's options, used by predict.
  const ColourRun run(experiment_yaml("", "{unseen: ignore}"));
  BOOST_TEST_REQUIRE(run.result.exit_code == 0, run.result.err);
  BOOST_TEST(YAML::LoadFile(run.model)["options"]["unseen"].as<std::string>() == "ignore");
  const std::string data = run.dir.file("new.csv");
  write_text(data, "colour,size,shape\nred,S,round\npurple,L,square\nblue,L,square\n");
  const CommandResult result = run_mixfit({"predict", "--model", run.model, data, "--out", run.dir.file("p.csv")});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const auto rows = lines_of(read_text(run.dir.file("p.csv")));
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  BOOST_TEST(rows.front() == "label,uncertainty,r0,r1");
  // The purple/L/square row is classified by size and shape alone: with the blue/L/square row.
  BOOST_TEST(cells_of(rows[2])[0] == cells_of(rows[3])[0]);
  BOOST_TEST(cells_of(rows[1])[0] != cells_of(rows[3])[0]);
  // The same through --set on the command line.
  const ColourRun by_override(experiment_yaml(), {"--set", "model.options.unseen=ignore"});
  BOOST_TEST_REQUIRE(by_override.result.exit_code == 0, by_override.result.err);
  BOOST_TEST(run_mixfit({"predict", "--model", by_override.model, data}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(data_levels_fix_the_order) {
  const ColourRun fixed(experiment_yaml("  levels: {colour: [blue, green, red]}\n"));
  BOOST_TEST_REQUIRE(fixed.result.exit_code == 0, fixed.result.err);
  const YAML::Node model = YAML::LoadFile(fixed.model);
  BOOST_TEST((model["levels"][0].as<std::vector<std::string>>() == std::vector<std::string>{"blue", "green", "red"}));
  BOOST_TEST((model["levels"][1].as<std::vector<std::string>>() == std::vector<std::string>{"L", "S"}));
  // The same fit as with the discovered order, the colour probabilities permuted to the new order.
  const ColourRun discovered;
  BOOST_TEST_REQUIRE(discovered.result.exit_code == 0, discovered.result.err);
  const YAML::Node other = YAML::LoadFile(discovered.model);
  for (std::size_t k = 0; k < 2; ++k) {
    const YAML::Node a = model["components"][k]["probabilities"][0], b = other["components"][k]["probabilities"][0];
    // fixed (blue, green, red) ↔ discovered (green, red, blue); the sums over levels may round differently
    BOOST_TEST(a[0].as<double>() == b[2].as<double>(), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(a[1].as<double>() == b[0].as<double>(), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(a[2].as<double>() == b[1].as<double>(), boost::test_tools::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(bad_options_fail_with_their_location) {
  const ColourRun run(experiment_yaml("", "{unseen: skip}"));
  BOOST_TEST(run.result.exit_code == 1);
  BOOST_TEST(run.result.err.find("experiment.yaml:") != std::string::npos, run.result.err);
  BOOST_TEST(run.result.err.find("model.options.unseen") != std::string::npos, run.result.err);
}

BOOST_AUTO_TEST_CASE(a_vb_run_saves_a_self_contained_posterior) {
  TempDir dir;
  write_text(dir.file("colours.csv"), colours_csv());
  std::string experiment = experiment_yaml("", "{prior: {alpha: 0.5}}");
  experiment.replace(experiment.find("inference: {"), 12, "inference: {algorithm: vb, ");
  write_text(dir.file("experiment.yaml"), experiment);
  const CommandResult result = run_mixfit({"run", dir.file("experiment.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node saved = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST(saved["prior"]["alpha"].as<double>() == 0.5);
  BOOST_TEST_REQUIRE(saved["components"].size() == 2u);
  double rows = 0.0;  // Σ_k Σ_l (α_k0l − 0.5) over the colour column's 3 levels = N
  for (const auto& component : saved["components"]) {
    const YAML::Node concentration = component["concentration"];
    BOOST_TEST_REQUIRE(concentration.size() == 3u);  // one list per column, like probabilities
    for (std::size_t j = 0; j < 3; ++j) {
      BOOST_TEST_REQUIRE(concentration[j].size() == component["probabilities"][j].size());
      double total = 0.0;
      for (const auto& a : concentration[j]) total += a.as<double>();
      for (std::size_t l = 0; l < concentration[j].size(); ++l)
        BOOST_TEST(component["probabilities"][j][l].as<double>() == concentration[j][l].as<double>() / total,
                   boost::test_tools::tolerance(1e-15));
      if (j == 0) rows += total - 3 * 0.5;
    }
  }
  BOOST_TEST(rows == 300.0, boost::test_tools::tolerance(1e-9));
  const CommandResult predicted =
      run_mixfit({"predict", "--model", dir.file("run/model.yaml"), dir.file("colours.csv")});
  BOOST_TEST(predicted.exit_code == 0, predicted.err);
}

BOOST_AUTO_TEST_CASE(describe_lists_the_family_and_its_options) {
  const CommandResult families = run_mixfit({"describe"});
  BOOST_TEST(families.out.find("categorical") != std::string::npos, families.out);
  const CommandResult described = run_mixfit({"describe", "categorical"});
  BOOST_TEST(described.exit_code == 0, described.err);
  for (const char* key : {"eps", "prior", "alpha", "unseen"})
    BOOST_TEST(described.out.find(key) != std::string::npos, key);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_test
