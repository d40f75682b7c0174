// The parts list: reading, resolving and every located error, on options as the user writes them.
#include <boost/test/unit_test.hpp>

#include "product_parts.hpp"
#include "product_test_support.hpp"

BOOST_AUTO_TEST_SUITE(parts_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const ConfigLocation kOptions{"exp.yaml", "model.options"};

/// read_product_parts on `text` (the product's options as YAML), returning the ConfigError's message.
std::string parts_error(const std::string& text) {
  return config_error([&] { read_product_parts(YAML::Load(text), plugins(), kOptions); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(parts_are_read_in_order_with_kinds_and_resolved_options) {
  const auto parts = read_product_parts(YAML::Load("parts:\n"
                                                   "  - {family: gaussian, columns: [age, income], options: {covariance: diag}}\n"
                                                   "  - {family: gaussian, columns: [z]}\n"),
                                        plugins(), kOptions);
  BOOST_TEST_REQUIRE(parts.size() == 2u);
  BOOST_TEST(parts[0].family == "gaussian");
  BOOST_TEST(parts[0].column_names() == (std::vector<std::string>{"age", "income"}), boost::test_tools::per_element());
  BOOST_TEST((parts[0].columns[1].kind == ColumnKind::real));
  BOOST_TEST(parts[0].options["covariance"].as<std::string>() == "diag");
  // Defaults of the part's own schema are filled in.
  BOOST_TEST(parts[0].options["reg_covar"].as<std::string>() == "1.0e-06");
  BOOST_TEST(parts[1].options["covariance"].as<std::string>() == "full");
  BOOST_TEST(describe_part(0, parts[0]) == "part 0 (gaussian over age, income)");
}

BOOST_AUTO_TEST_CASE(column_claimed_by_two_parts_names_both) {
  const std::string message = parts_error(
      "parts:\n"
      "  - {family: gaussian, columns: [age, income]}\n"
      "  - {family: gaussian, columns: [z]}\n"
      "  - {family: gaussian, columns: [weight, age]}\n");
  BOOST_TEST(message ==
                 "exp.yaml:4:42: model.options.parts[2].columns[1]: column 'age' is claimed by two parts: "
                 "part 0 (gaussian over age, income) and part 2 (gaussian over weight, age); each column belongs "
                 "to exactly one part",
             message);
}

BOOST_AUTO_TEST_CASE(empty_parts_are_refused) {
  BOOST_TEST(parts_error("parts:\n  - {family: gaussian, columns: []}\n") ==
             "exp.yaml:2:33: model.options.parts[0].columns: part 0 (gaussian) is empty: expected a non-empty list "
             "of column names, got []");
  BOOST_TEST(parts_error("parts:\n  - {family: gaussian}\n") ==
             "exp.yaml:2:5: model.options.parts[0].columns: part 0 (gaussian) is empty: it names no columns "
             "(add columns: [COLUMN, ...])");
  BOOST_TEST(parts_error("parts:\n  - {}\n") ==
             "exp.yaml:2:5: model.options.parts[0]: part 0 is empty: expected {family: NAME, columns: "
             "[COLUMN, ...], options: {...}}");
  BOOST_TEST(parts_error("parts:\n  -\n  - {family: gaussian, columns: [x]}\n").find(
                 "model.options.parts[0]: part 0 is empty") != std::string::npos);
  BOOST_TEST(parts_error("parts: []\n") ==
             "exp.yaml:1:8: model.options.parts: expected a non-empty list of parts, each {family: NAME, columns: "
             "[COLUMN, ...], options: {...}}, got []");
  BOOST_TEST(contains(parts_error("{}"), "model.options.parts: required key missing"));
}

BOOST_AUTO_TEST_CASE(unknown_part_family_lists_the_families) {
  const std::string message = parts_error("parts:\n  - {family: gausian, columns: [x]}\n");
  BOOST_TEST(message.rfind("exp.yaml:2:14: model.options.parts[0].family: unknown family 'gausian'; did you mean "
                           "'gaussian'?\nfamilies found:",
                           0) == 0,
             message);
  for (const std::string& name : plugins().names()) BOOST_TEST(contains(message, "\n  " + name + "  ("), name);
}

BOOST_AUTO_TEST_CASE(part_options_errors_point_at_the_written_line) {
  const std::string text =
      "parts:\n"
      "  - family: gaussian\n"
      "    columns: [x, y]\n"
      "  - family: gaussian\n"
      "    columns: [z]\n"
      "    options:\n"
      "      covariance: diagonal\n";
  BOOST_TEST(parts_error(text) ==
             "exp.yaml:7:19: model.options.parts[1].options.covariance: expected one of full, diag, spherical, "
             "tied, EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV, E, V, got 'diagonal'");
  BOOST_TEST(contains(parts_error("parts:\n  - {family: gaussian, columns: [x], options: {reg_covar: -1}}\n"),
                      "exp.yaml:2:59: model.options.parts[0].options.reg_covar: expected a number >= 0, got -1"));
  BOOST_TEST(contains(parts_error("parts:\n  - {family: gaussian, columns: [x], options: {covarance: diag}}\n"),
                      "model.options.parts[0].options.covarance: unknown key 'covarance'; did you mean 'covariance'?"));
}

BOOST_AUTO_TEST_CASE(malformed_parts_are_refused_with_their_location) {
  BOOST_TEST(parts_error("parts: {family: gaussian}\n").rfind("exp.yaml:1:8: model.options.parts: expected a non-empty list", 0) == 0);
  BOOST_TEST(parts_error("parts: [gaussian]\n") ==
             "exp.yaml:1:9: model.options.parts[0]: expected a part {family: NAME, columns: [COLUMN, ...], "
             "options: {...}}, got gaussian");
  BOOST_TEST(parts_error("parts:\n  - {family: gaussian, colums: [x]}\n") ==
             "exp.yaml:2:24: model.options.parts[0].colums: unknown key 'colums' in a part; did you mean "
             "'columns'? (a part is {family: NAME, columns: [COLUMN, ...], options: {...}})");
  BOOST_TEST(parts_error("parts:\n  - {family: gaussian, columns: x}\n") ==
             "exp.yaml:2:33: model.options.parts[0].columns: part 0 (gaussian): expected a non-empty list of column "
             "names, got x");
  BOOST_TEST(parts_error("parts:\n  - {family: gaussian, columns: [x, [y]]}\n") ==
             "exp.yaml:2:37: model.options.parts[0].columns[1]: expected a column name, got [y]");
  BOOST_TEST(parts_error("parts:\n  - {family: gaussian, columns: [x, x]}\n") ==
             "exp.yaml:2:37: model.options.parts[0].columns[1]: part 0 (gaussian) names column 'x' twice");
  BOOST_TEST(parts_error("parts:\n  - {columns: [x]}\n") ==
             "exp.yaml:2:5: model.options.parts[0].family: required key missing (a part is {family: NAME, "
             "columns: [COLUMN, ...], options: {...}})");
}

BOOST_AUTO_TEST_CASE(nested_products_claim_their_parts_columns) {
  const std::string text =
      "parts:\n"
      "  - family: product\n"
      "    options:\n"
      "      parts:\n"
      "        - {family: gaussian, columns: [x], options: {covariance: diag}}\n"
      "        - {family: gaussian, columns: [y]}\n"
      "  - {family: gaussian, columns: [z]}\n";
  const auto parts = read_product_parts(YAML::Load(text), plugins(), kOptions);
  BOOST_TEST_REQUIRE(parts.size() == 2u);
  BOOST_TEST(parts[0].column_names() == (std::vector<std::string>{"x", "y"}), boost::test_tools::per_element());
  // The nested product's parts come back resolved too.
  BOOST_TEST(parts[0].options["parts"][1]["options"]["covariance"].as<std::string>() == "full");
  BOOST_TEST(parts[0].options["parts"][0]["columns"][0].as<std::string>() == "x");

  // Errors inside the nested product keep their full path and line.
  std::string bad = text;
  bad.replace(bad.find("columns: [y]"), 12, "columns: [z]");
  BOOST_TEST(parts_error(bad) ==
                 "exp.yaml:7:34: model.options.parts[1].columns[0]: column 'z' is claimed by two parts: part 0 "
                 "(product over x, z) and part 1 (gaussian over z); each column belongs to exactly one part",
             parts_error(bad));
  std::string bad_options = text;
  bad_options.replace(bad_options.find("covariance: diag"), 16, "covariance: dia");
  // The nested product's own parts are read from its resolved (copied) options, so today this one has
  // no line; once the framework resolves composites from the written nodes it is line 5.
  BOOST_TEST(located(parts_error(bad_options), "exp.yaml", 5,
                     "model.options.parts[0].options.parts[0].options.covariance: expected one of"),
             parts_error(bad_options));
  // A composite part's columns, if listed, must be those its parts claim.
  std::string listed = text;
  listed.replace(listed.find("    options:\n"), 0, "    columns: [y, x]\n");
  BOOST_TEST(contains(parts_error(listed), "model.options.parts[0].columns: part 0 (product) lists columns y, x but "
                                           "its parts claim x, y"));
  listed.replace(listed.find("[y, x]"), 6, "[x, y]");
  BOOST_TEST(parts_error(listed).empty());
}

BOOST_AUTO_TEST_CASE(resolving_keeps_every_default_and_is_idempotent) {
  const YAML::Node written = YAML::Load("parts: [{family: gaussian, columns: [a]}, {family: gaussian, columns: [b], "
                                        "options: {covariance: tied}}]");
  const YAML::Node once = resolve_product_options(written, plugins(), kOptions);
  BOOST_TEST(once["parts"][0]["options"]["covariance"].as<std::string>() == "full");
  BOOST_TEST(once["parts"][0]["options"]["reg_covar"].as<std::string>() == "1.0e-06");
  BOOST_TEST(once["parts"][1]["options"]["covariance"].as<std::string>() == "tied");
  const YAML::Node twice = resolve_product_options(once, plugins(), kOptions);
  YAML::Emitter a, b;
  a << once;
  b << twice;
  BOOST_TEST(std::string(a.c_str()) == std::string(b.c_str()));
  // The written node is not changed.
  BOOST_TEST(!written["parts"][0]["options"]);
}

BOOST_AUTO_TEST_CASE(claims_list_columns_in_part_order_and_write_back_resolved_parts) {
  // What the framework does: resolve with the product's schema, then claim from that node.
  const YAML::Node resolved = plugins().resolve_options(
      "product", YAML::Load("parts: [{family: gaussian, columns: [b, a]}, {family: gaussian, columns: [c]}]"), kOptions);
  const FamilyEntry& entry = plugins().get("product");
  BOOST_TEST_REQUIRE(static_cast<bool>(entry.claim_columns));
  const std::vector<ColumnClaim> claims = entry.claim_columns(resolved, plugins(), kOptions);
  BOOST_TEST_REQUIRE(claims.size() == 3u);
  BOOST_TEST(claims[0].name == "b");
  BOOST_TEST(claims[1].name == "a");
  BOOST_TEST(claims[2].name == "c");
  BOOST_TEST((claims[2].kind == ColumnKind::real));
  // The framework's resolved node now shows the parts' defaults (it becomes config.yaml's model.options).
  BOOST_TEST(resolved["parts"][1]["options"]["reg_covar"].as<std::string>() == "1.0e-06");
}

BOOST_AUTO_TEST_SUITE_END()  // parts_test
