// save → load reproduces every bit; the saved shape; malformed product model files fail with file, line and key.
#include <boost/test/unit_test.hpp>

#include "product_test_support.hpp"

BOOST_AUTO_TEST_SUITE(persistence_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const char* const kParts =
    "[{family: gaussian, columns: [x, y], options: {covariance: diag}},"
    " {family: gaussian, columns: [z, w], options: {covariance: tied}}]";

std::unique_ptr<ProductFamily> fitted_product(std::uint64_t seed) {
  auto product = make_product(2, real_columns({"x", "y", "z", "w"}), kParts);
  const arma::mat x = blob_points(4, 200, 2, seed);
  fit_once(*product, DataBlock(x, 0, x.n_cols, 0), random_responsibilities(2, x.n_cols, seed + 1));
  return product;
}

/// Loads `text` into a fresh product and returns the ConfigError's message ("" if none).
std::string load_error(const std::string& text) {
  auto fresh = make_product(2, real_columns({"x", "y", "z", "w"}), kParts);
  const std::string message = config_error([&] { fresh->load(YAML::Load(text), "model.yaml"); });
  BOOST_TEST(!fresh->has_parameters());
  return message;
}

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_is_bit_identical) {
  const auto original = fitted_product(1);
  BOOST_TEST(original->has_parameters());
  const std::string text = model_text(*original);
  auto loaded = make_product(2, real_columns({"x", "y", "z", "w"}), kParts);
  BOOST_TEST(!loaded->has_parameters());
  loaded->load(YAML::Load(text), "model.yaml");
  BOOST_TEST(loaded->has_parameters());
  BOOST_TEST(model_text(*loaded) == text);
  const arma::mat x = blob_points(4, 100, 2, 9);
  const DataBlock block(x, 0, x.n_cols, 0);
  BOOST_TEST(identical(scores_of(*loaded, block), scores_of(*original, block)));
  // A clone is an independent copy with the same bits.
  const auto copy = loaded->clone();
  loaded->permute_components(arma::uvec{1, 0});
  BOOST_TEST(model_text(*copy) == text);
  BOOST_TEST(identical(scores_of(*copy, block), scores_of(*original, block)));
}

BOOST_AUTO_TEST_CASE(saved_shape_groups_the_parts_by_component) {
  const std::string text = model_text(*fitted_product(3));
  const YAML::Node model = YAML::Load(text);
  BOOST_TEST_REQUIRE(model["components"].size() == 2u);
  for (const YAML::Node& component : model["components"]) {
    BOOST_TEST(component.size() == 1u);  // only `parts`
    BOOST_TEST_REQUIRE(component["parts"].size() == 2u);
    BOOST_TEST(component["parts"][0]["mean"].size() == 2u);
    BOOST_TEST(component["parts"][0]["covariance"].size() == 2u);  // diag: two variances
    BOOST_TEST(component["parts"][1]["mean"].size() == 2u);
    BOOST_TEST(!component["parts"][1]["covariance"]);  // tied: under shared
  }
  BOOST_TEST_REQUIRE(model["shared"]["parts"].size() == 2u);
  BOOST_TEST(model["shared"]["parts"][0].IsNull());
  BOOST_TEST(model["shared"]["parts"][1]["covariance"].size() == 2u);
  // Flow lists stay flow: numbers read as the part wrote them.
  BOOST_TEST(contains(text, "mean: ["), text);
  // The framework's keys around ours are untouched.
  BOOST_TEST(model["family"].as<std::string>() == "product");
  BOOST_TEST(model["weights"].size() == 2u);

  // Without a part that has shared parameters there is no shared key.
  auto no_shared = make_product(2, real_columns({"x", "y"}),
                                "[{family: gaussian, columns: [x]}, {family: gaussian, columns: [y]}]");
  const arma::mat x = blob_points(2, 50, 2, 4);
  fit_once(*no_shared, DataBlock(x, 0, 50, 0), random_responsibilities(2, 50, 5));
  BOOST_TEST(!YAML::Load(model_text(*no_shared))["shared"]);
}

BOOST_AUTO_TEST_CASE(permuting_components_permutes_every_part) {
  const auto product = fitted_product(6);
  const YAML::Node before = YAML::Load(model_text(*product));
  product->permute_components(arma::uvec{1, 0});
  const YAML::Node after = YAML::Load(model_text(*product));
  for (std::size_t p = 0; p < 2; ++p)
    for (std::size_t k = 0; k < 2; ++k)
      BOOST_TEST(after["components"][k]["parts"][p]["mean"][0].as<std::string>() ==
                 before["components"][1 - k]["parts"][p]["mean"][0].as<std::string>());
  BOOST_CHECK_THROW(product->permute_components(arma::uvec{0, 0}), Error);
  BOOST_CHECK_THROW(product->permute_components(arma::uvec{0}), Error);
}

BOOST_AUTO_TEST_CASE(structural_errors_name_file_line_and_key) {
  BOOST_TEST(load_error("family: product\n") == "model.yaml:1:1: components: required key is missing");
  BOOST_TEST(load_error("components:\n  - parts: []\n") ==
             "model.yaml:2:3: components: expected a list of 2 components, each {parts: [...]} with one per part "
             "(2) entries, got [{parts: []}]");
  BOOST_TEST(load_error("components:\n"
                        "  - parts: [{mean: [0, 0], covariance: [1, 1]}, {mean: [0, 0]}]\n"
                        "  - {mean: [0, 0]}\n") ==
             "model.yaml:3:6: components[1].mean: unknown key 'mean' (a product keeps each part's entry under "
             "parts: [...])");
  BOOST_TEST(load_error("components:\n"
                        "  - parts: [{mean: [0, 0], covariance: [1, 1]}, {mean: [0, 0]}]\n"
                        "  - parts: [{mean: [0, 0], covariance: [1, 1]}]\n") ==
             "model.yaml:3:12: components[1].parts: expected a list of 2 entries, one per part (2), got "
             "[{mean: [0, 0], covariance: [1, 1]}]");
  BOOST_TEST(load_error("components:\n"
                        "  - parts: [{mean: [0, 0], covariance: [1, 1]}, {mean: [0, 0]}]\n"
                        "  - parts: [{mean: [0, 0], covariance: [1, 1]}, {mean: [0, 0]}]\n"
                        "shared: {covariance: [[1, 0], [0, 1]]}\n") ==
             "model.yaml:4:10: shared.covariance: unknown key 'covariance' (a product keeps each part's entry "
             "under parts: [...])");
}

BOOST_AUTO_TEST_CASE(a_parts_own_errors_point_at_the_line_in_the_file_and_name_the_part) {
  const std::string text =
      "components:\n"
      "  - parts:\n"
      "      - {mean: [0, 0], covariance: [1, 1]}\n"
      "      - {mean: [0, 0]}\n"
      "  - parts:\n"
      "      - {mean: [0, 0], covariance: [1, -1]}\n"
      "      - {mean: [0, 0]}\n"
      "shared:\n"
      "  parts: [null, {covariance: [[1, 0], [0, 1]]}]\n";
  BOOST_TEST(load_error(text) ==
             "model.yaml:6:40: components[1].covariance[1]: expected a positive variance, got -1 "
             "(in product part 0 (gaussian over x, y))");
  std::string tied_broken = text;
  tied_broken.replace(tied_broken.find("[1, -1]"), 7, "[1, 1] ");
  tied_broken.replace(tied_broken.find("[[1, 0], [0, 1]]"), 16, "[[1, 2], [2, 1]]");
  BOOST_TEST(contains(load_error(tied_broken), "model.yaml:9:30: shared.covariance: expected a 2×2 symmetric"),
             load_error(tied_broken));
  BOOST_TEST(contains(load_error(tied_broken), "(in product part 1 (gaussian over z, w))"));
}

BOOST_AUTO_TEST_CASE(a_failed_load_leaves_a_fitted_product_unchanged) {
  const auto product = fitted_product(7);
  const std::string before = model_text(*product);
  std::string broken = before;
  // Part 0 reads fine; part 1's tied covariance is not positive definite.
  const YAML::Node parsed = YAML::Load(before);
  const std::string covariance = YAML::Dump(parsed["shared"]["parts"][1]["covariance"]);
  BOOST_TEST_REQUIRE(contains(broken, "covariance: [["));
  broken.replace(broken.find("covariance: [[", broken.find("shared:")), 14, "covariance: [[-");
  BOOST_CHECK_THROW(product->load(YAML::Load(broken), "model.yaml"), ConfigError);
  BOOST_TEST(model_text(*product) == before);
}

BOOST_AUTO_TEST_SUITE_END()  // persistence_test
