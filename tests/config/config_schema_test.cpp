// ConfigSchema: every kind, every error message (file, line, column, key, suggestion), defaults, copies, describe.
#include <boost/test/unit_test.hpp>

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"

#include <sstream>
#include <stdexcept>

BOOST_AUTO_TEST_SUITE(config_schema_test)

using namespace mixfit;

namespace {

const ConfigLocation kWhere{"test.yaml", "sec"};

/// The message of the ConfigError `action` throws; fails the test if it throws nothing.
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

void check_contains(const std::string& message, std::initializer_list<std::string> parts) {
  for (const std::string& part : parts)
    BOOST_TEST(message.find(part) != std::string::npos, "message \"" << message << "\" lacks \"" << part << "\"");
}

/// A schema with one key of every kind.
ConfigSchema sample_schema() {
  ConfigSchema inner;
  inner.boolean("flag", true, "A switch.");
  inner.integer("k", std::nullopt, "A count.", Range::greater_than(0));
  ConfigSchema s;
  s.number("tol", 1e-3, "Tolerance.", Range::at_least(0));
  s.integer("max_iter", 100, "Iterations.", Range::at_least(1));
  s.boolean("verbose", false, "Print more.");
  s.string("name", std::nullopt, "A name.");
  s.choice("algorithm", {"em", "kmeans"}, "em", "Algorithm.");
  s.string_list("columns", "Columns.");
  s.number_list("weights", "Weights.");
  s.section("inner", inner, "Nested.");
  s.any("options", "Anything.", YAML::Node(YAML::NodeType::Map));
  s.number("fraction", std::nullopt, "In [0, 1].", Range::between(0, 1));
  return s;
}

YAML::Node resolve(const std::string& text) { return sample_schema().resolve(YAML::Load(text), kWhere); }

std::string resolve_error(const std::string& text) {
  return config_error([&] { resolve(text); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_filled_in_schema_order) {
  const YAML::Node out = resolve("inner: {k: 2}\nmax_iter: 7\n");
  std::vector<std::string> keys;
  for (const auto& item : out) keys.push_back(item.first.Scalar());
  // name, columns, weights and fraction have no default and are absent.
  const std::vector<std::string> expected{"tol", "max_iter", "verbose", "algorithm", "inner", "options"};
  BOOST_TEST(keys == expected, boost::test_tools::per_element());
  BOOST_TEST(out["tol"].as<double>() == 1e-3);
  BOOST_TEST(out["max_iter"].as<int>() == 7);
  BOOST_TEST(out["verbose"].as<bool>() == false);
  BOOST_TEST(out["algorithm"].Scalar() == "em");
  BOOST_TEST(out["inner"]["flag"].as<bool>() == true);
  BOOST_TEST(out["inner"]["k"].as<int>() == 2);
  BOOST_TEST(out["options"].IsMap());
  BOOST_TEST(out["options"].size() == 0u);
}

BOOST_AUTO_TEST_CASE(null_and_undefined_mean_empty) {
  ConfigSchema s;
  s.integer("n", 3, "N.");
  BOOST_TEST(s.resolve(YAML::Node(), kWhere)["n"].as<int>() == 3);
  BOOST_TEST(s.resolve(YAML::Load("~"), kWhere)["n"].as<int>() == 3);
  const YAML::Node map = YAML::Load("a: 1");
  const YAML::Node missing = map["absent"];
  BOOST_TEST(!missing.IsDefined());
  BOOST_TEST(s.resolve(missing, kWhere)["n"].as<int>() == 3);
}

BOOST_AUTO_TEST_CASE(not_a_mapping) {
  check_contains(resolve_error("[1, 2]"), {"test.yaml:1:1: sec: ", "expected a mapping", "got a list"});
  check_contains(resolve_error("just text"), {"test.yaml:1:1: sec: expected a mapping, got 'just text'"});
  check_contains(resolve_error("inner: 5"), {"test.yaml:1:8: sec.inner: expected a mapping, got '5'"});
}

BOOST_AUTO_TEST_CASE(unknown_key_suggests_the_closest) {
  const std::string message = resolve_error("tol: 1\nmax_itr: 5\n");
  check_contains(message, {"test.yaml:2:1: sec.max_itr: unknown key 'max_itr'; did you mean 'max_iter'?",
                           "(known keys: tol, max_iter, verbose, name, algorithm, columns, weights, inner, options, "
                           "fraction)"});
  // A transposition is one edit too.
  check_contains(resolve_error("verbsoe: true"), {"did you mean 'verbose'?"});
  // Far from every key: no suggestion, still the list.
  const std::string far = resolve_error("zzzzzz: 1");
  check_contains(far, {"test.yaml:1:1: sec.zzzzzz: unknown key 'zzzzzz' (known keys:"});
  BOOST_TEST(far.find("did you mean") == std::string::npos);
  // Inside a nested section the path and position are the nested key's.
  check_contains(resolve_error("inner:\n  k: 1\n  flg: true\n"),
                 {"test.yaml:3:3: sec.inner.flg: unknown key 'flg'; did you mean 'flag'?"});
}

BOOST_AUTO_TEST_CASE(duplicate_and_non_scalar_keys) {
  check_contains(resolve_error("tol: 1\ntol: 2\n"), {"test.yaml:2:1: sec.tol: key 'tol' appears twice"});
  check_contains(resolve_error("? [a, b]\n: 1\n"), {"test.yaml:", "sec: expected a key name, got a list"});
}

BOOST_AUTO_TEST_CASE(numbers) {
  BOOST_TEST(resolve("tol: 3")["tol"].as<double>() == 3.0);
  BOOST_TEST(resolve("tol: 2.5e-7")["tol"].as<double>() == 2.5e-7);
  BOOST_TEST(resolve("tol: 0.1")["tol"].Scalar() == "0.1");  // shortest exact spelling
  BOOST_TEST(resolve("tol: .inf")["tol"].as<double>() == std::numeric_limits<double>::infinity());
  check_contains(resolve_error("tol: -1"), {"test.yaml:1:6: sec.tol: expected a number >= 0, got -1"});
  check_contains(resolve_error("tol: abc"), {"test.yaml:1:6: sec.tol: expected a number >= 0, got 'abc'"});
  check_contains(resolve_error("tol: .nan"), {"test.yaml:1:6: sec.tol: expected a number >= 0, got NaN"});
  check_contains(resolve_error("tol: \"0.5\""), {"sec.tol: expected a number >= 0, got '0.5' (a quoted string)"});
  check_contains(resolve_error("tol: [1]"), {"test.yaml:1:6: sec.tol: expected a number >= 0, got a list"});
  check_contains(resolve_error("tol:\n"), {"sec.tol: expected a number >= 0, got an empty value"});
  check_contains(resolve_error("fraction: 1.5"),
                 {"test.yaml:1:11: sec.fraction: expected a number in [0, 1], got 1.5"});
  check_contains(resolve_error("fraction: .inf"), {"sec.fraction: expected a number in [0, 1], got .inf"});
}

BOOST_AUTO_TEST_CASE(integers) {
  BOOST_TEST(resolve("max_iter: 12")["max_iter"].as<long long>() == 12);
  BOOST_TEST(resolve("max_iter: +12")["max_iter"].as<long long>() == 12);
  check_contains(resolve_error("max_iter: 3.5"), {"test.yaml:1:11: sec.max_iter: expected an integer >= 1, got '3.5'"});
  check_contains(resolve_error("max_iter: abc"), {"test.yaml:1:11: sec.max_iter: expected an integer >= 1, got 'abc'"});
  check_contains(resolve_error("max_iter: 1e3"), {"expected an integer >= 1, got '1e3'"});
  check_contains(resolve_error("max_iter: '7'"), {"expected an integer >= 1, got '7'"});
  check_contains(resolve_error("max_iter: 0"), {"test.yaml:1:11: sec.max_iter: expected an integer >= 1, got 0"});
  check_contains(resolve_error("max_iter: 99999999999999999999"), {"got '99999999999999999999' (too large)"});
  check_contains(resolve_error("inner: {k: 0}"), {"test.yaml:1:12: sec.inner.k: expected an integer > 0, got 0"});
}

BOOST_AUTO_TEST_CASE(booleans_strings_and_choices) {
  BOOST_TEST(resolve("verbose: yes")["verbose"].as<bool>() == true);
  BOOST_TEST(resolve("verbose: false")["verbose"].as<bool>() == false);
  check_contains(resolve_error("verbose: maybe"), {"test.yaml:1:10: sec.verbose: expected true or false, got 'maybe'"});

  BOOST_TEST(resolve("name: 2024")["name"].Scalar() == "2024");
  check_contains(resolve_error("name: {a: 1}"), {"test.yaml:1:7: sec.name: expected a string, got a mapping"});

  BOOST_TEST(resolve("algorithm: kmeans")["algorithm"].Scalar() == "kmeans");
  check_contains(resolve_error("algorithm: emm"),
                 {"test.yaml:1:12: sec.algorithm: expected one of em, kmeans, got 'emm'; did you mean 'em'?"});
  const std::string far = resolve_error("algorithm: gibbs");
  check_contains(far, {"expected one of em, kmeans, got 'gibbs'"});
  BOOST_TEST(far.find("did you mean") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(lists) {
  const YAML::Node out = resolve("columns: [x, y]\nweights: [0.25, 1, 1e-300]\n");
  BOOST_TEST(out["columns"].as<std::vector<std::string>>() == (std::vector<std::string>{"x", "y"}),
             boost::test_tools::per_element());
  BOOST_TEST(out["weights"].as<std::vector<double>>() == (std::vector<double>{0.25, 1.0, 1e-300}),
             boost::test_tools::per_element());
  check_contains(resolve_error("columns: x"), {"test.yaml:1:10: sec.columns: expected a list of strings", "got 'x'"});
  check_contains(resolve_error("columns: [x, [y]]"), {"test.yaml:1:14: sec.columns[1]: expected a string, got a list"});
  check_contains(resolve_error("weights: [1, abc]"), {"test.yaml:1:14: sec.weights[1]: expected a number, got 'abc'"});
}

BOOST_AUTO_TEST_CASE(any_is_copied_as_written) {
  const YAML::Node out = resolve("options: {covariance: full, nested: [1, {a: b}]}");
  BOOST_TEST(out["options"]["covariance"].Scalar() == "full");
  BOOST_TEST(out["options"]["nested"][1]["a"].Scalar() == "b");
}

BOOST_AUTO_TEST_CASE(required_keys) {
  ConfigSchema s;
  s.integer("components", std::nullopt, "K.").required();
  s.integer("other", 0, "Another key.");
  check_contains(config_error([&] {
                   s.resolve(YAML::Load("\n\nother: 1"), {"m.yaml", "model"});
                 }),
                 {"m.yaml:3:1: model.components: required key missing"});
  // No section in the file at all: no line to point at.
  const std::string absent = config_error([&] { s.resolve(YAML::Node(), {"m.yaml", "model"}); });
  BOOST_TEST(absent == "m.yaml: model.components: required key missing");

  ConfigSchema top;
  top.section("model", s, "The model.").required();
  check_contains(config_error([&] {
                   top.resolve(YAML::Load("{}"), {"m.yaml", ""});
                 }),
                 {"m.yaml:1:1: model: required key missing"});
}

BOOST_AUTO_TEST_CASE(resolve_returns_an_independent_copy) {
  const ConfigSchema schema = sample_schema();
  const YAML::Node given = YAML::Load("options: {covariance: full}\ncolumns: [x]\n");
  YAML::Node first = schema.resolve(given, kWhere);
  first["options"]["covariance"] = "diag";
  first["columns"][0] = "changed";
  first["inner"]["flag"] = false;
  BOOST_TEST(given["options"]["covariance"].Scalar() == "full");
  BOOST_TEST(given["columns"][0].Scalar() == "x");

  // Editing a filled-in default must not change the schema's default.
  YAML::Node defaults = schema.resolve(YAML::Node(), kWhere);
  defaults["options"]["added"] = 1;
  defaults["tol"] = 5;
  const YAML::Node again = schema.resolve(YAML::Node(), kWhere);
  BOOST_TEST(again["options"].size() == 0u);
  BOOST_TEST(again["tol"].as<double>() == 1e-3);
  BOOST_TEST(again["inner"]["flag"].as<bool>() == true);
}

BOOST_AUTO_TEST_CASE(describe_location_forms) {
  const YAML::Node file_node = YAML::Load("a:\n  b: 5\n");
  BOOST_TEST(describe_location({"f.yaml", "a.b"}, file_node["a"]["b"]) == "f.yaml:2:6: a.b: ");
  BOOST_TEST(describe_location({"f.yaml", ""}, file_node) == "f.yaml:1:1: ");
  const YAML::Node built(5);
  BOOST_TEST(describe_location({"f.yaml", "a.b"}, built) == "f.yaml: a.b (set on the command line): ");
  const YAML::Node& view = file_node;
  BOOST_TEST(describe_location({"f.yaml", "a.c"}, view["a"]["c"]) == "f.yaml: a.c: ");
  const ConfigLocation top{"f.yaml", ""};
  BOOST_TEST(top.child("model").child("options").key_path == "model.options");
}

BOOST_AUTO_TEST_CASE(closest_match_finds_plausible_typos_only) {
  const std::vector<std::string> keys{"max_iter", "tol", "n_init", "algorithm", "covariance"};
  BOOST_TEST(closest_match("max_itr", keys) == "max_iter");
  BOOST_TEST(closest_match("max_itre", keys) == "max_iter");  // transposition
  BOOST_TEST(closest_match("covarience", keys) == "covariance");
  BOOST_TEST(closest_match("Algorithm", keys) == "algorithm");
  BOOST_TEST(closest_match("tl", keys) == "tol");
  BOOST_TEST(closest_match("seed", keys) == "");
  BOOST_TEST(closest_match("x", std::vector<std::string>{"y"}) == "");
  BOOST_TEST(closest_match("anything", std::vector<std::string>{}) == "");
}

BOOST_AUTO_TEST_CASE(describe_prints_every_key) {
  std::ostringstream out;
  sample_schema().describe(out);
  const std::string text = out.str();
  check_contains(
      text, {"tol (number >= 0, default 0.001): Tolerance.\n", "max_iter (integer >= 1, default 100): Iterations.\n",
             "verbose (boolean, default false): Print more.\n", "name (string): A name.\n",
             "algorithm (one of em | kmeans, default em): Algorithm.\n", "columns (list of strings): Columns.\n",
             "weights (list of numbers): Weights.\n", "inner (section): Nested.\n",
             "  flag (boolean, default true): A switch.\n", "  k (integer > 0): A count.\n",
             "options (any, default {}): Anything.\n", "fraction (number in [0, 1]): In [0, 1].\n"});
  ConfigSchema required;
  required.string("path", std::nullopt, "Where.").required();
  std::ostringstream req;
  required.describe(req, 4);
  BOOST_TEST(req.str() == "    path (string, required): Where.\n");
}

BOOST_AUTO_TEST_CASE(schema_mistakes_are_logic_errors) {
  ConfigSchema s;
  s.integer("n", 1, "N.");
  BOOST_CHECK_THROW(s.integer("n", 2, "again"), std::logic_error);
  BOOST_CHECK_THROW(ConfigSchema().required(), std::logic_error);
  BOOST_CHECK_THROW(s.choice("c", {}, std::nullopt, "no choices"), std::logic_error);
  BOOST_TEST(s.find("n") != nullptr);
  BOOST_TEST(s.find("m") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()  // config_schema_test
