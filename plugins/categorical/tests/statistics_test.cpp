// Statistics are weighted level counts: hand-checked, additive over blocks, linear in the weights, independent of parameters.
#include <boost/test/unit_test.hpp>

#include "categorical_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(statistics_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-12;
constexpr std::size_t kComponents = 3;
constexpr std::size_t kRows = 501;  // odd, so the halves differ in size
const std::vector<std::size_t> kLevels{2, 3, 5, 4};

double slot_error(const SufficientStatistics& actual, const SufficientStatistics& expected) {
  const arma::vec b = family_slots(expected);
  return max_relative_error(family_slots(actual), b, 1e-12 * arma::abs(b).max());
}

}  // namespace

BOOST_AUTO_TEST_CASE(layout_is_one_count_per_level_and_independent_of_parameters) {
  const CategoricalFamily empty(kComponents, layout_of(kLevels), {});
  const StatLayout layout = empty.stat_layout();
  BOOST_TEST(layout.num_components == kComponents);
  BOOST_TEST(layout.component_width == 14u);
  BOOST_TEST(layout.shared_width == 0u);
  BOOST_TEST_REQUIRE(layout.component_fields.size() == 4u);
  BOOST_TEST(layout.component_fields[2].name == "counts[c2]");
  BOOST_TEST(layout.component_fields[2].offset == 5u);
  BOOST_TEST(layout.component_fields[2].size == 5u);
  BOOST_TEST((fitted_family(kComponents, kLevels, 3).stat_layout() == layout));
}

BOOST_AUTO_TEST_CASE(counts_by_hand) {
  // Two columns (2 and 3 levels), three rows, K = 2.
  const arma::Mat<std::uint16_t> codes = {{0, 1, 1}, {2, 0, 2}};
  const Dataset data = categorical_dataset(codes, {2, 3});
  const arma::mat weights = {{0.25, 1.0, 0.5}, {0.75, 0.0, 0.5}};
  const CategoricalFamily family(2, layout_of({2, 3}), {});
  const SufficientStatistics stats = accumulate_rows(family, data, weights, 0, 3);
  // Component 0: column 0 levels (0.25, 1.5), column 1 levels (1, 0, 0.75); component 1 likewise.
  BOOST_TEST(identical(arma::vec(stats.component_matrix(0, 0, 5, 1)), arma::vec{0.25, 1.5, 1.0, 0.0, 0.75}));
  BOOST_TEST(identical(arma::vec(stats.component_matrix(1, 0, 5, 1)), arma::vec{0.75, 0.5, 0.0, 0.0, 1.25}));
  // Only the family's slots are written; the framework's stay 0.
  BOOST_TEST(stats.count(0) == 0.0);
  BOOST_TEST(stats.num_rows() == 0.0);
}

BOOST_AUTO_TEST_CASE(additive_over_blocks) {
  const Dataset data = categorical_dataset(random_codes(kLevels, kRows, 11), kLevels);
  const arma::mat r = random_weights(kComponents, kRows, 12);
  const CategoricalFamily family = fitted_family(kComponents, kLevels, 13);
  const SufficientStatistics whole = accumulate_rows(family, data, r, 0, kRows);
  SufficientStatistics halves = accumulate_rows(family, data, r, 0, kRows / 2);
  halves += accumulate_rows(family, data, r, kRows / 2, kRows - kRows / 2);
  BOOST_TEST(slot_error(halves, whole) <= kRelative);
  // Seven uneven blocks too.
  SufficientStatistics sevenths(family.stat_layout());
  for (std::size_t b = 0; b < 7; ++b) {
    const std::size_t first = b * kRows / 7, last = (b + 1) * kRows / 7;
    sevenths += accumulate_rows(family, data, r, first, last - first);
  }
  BOOST_TEST(slot_error(sevenths, whole) <= kRelative);
  // Every column's counts add up to the total weight of each component.
  for (std::size_t k = 0; k < kComponents; ++k)
    for (std::size_t j = 0; j < kLevels.size(); ++j)
      BOOST_TEST(arma::accu(whole.component_matrix(k, family.layout().offset(j), kLevels[j], 1)) ==
                     arma::accu(r.row(k)),
                 tt::tolerance(kRelative));
}

BOOST_AUTO_TEST_CASE(linear_in_the_weights) {
  const Dataset data = categorical_dataset(random_codes(kLevels, kRows, 21), kLevels);
  const arma::mat r1 = random_weights(kComponents, kRows, 22);
  const arma::mat r2 = random_weights(kComponents, kRows, 23);
  const CategoricalFamily family(kComponents, layout_of(kLevels), {});
  SufficientStatistics scaled = accumulate_rows(family, data, r1, 0, kRows);
  scaled.scale(2.5);
  BOOST_TEST(slot_error(accumulate_rows(family, data, arma::mat(2.5 * r1), 0, kRows), scaled) <= kRelative);
  SufficientStatistics sum = accumulate_rows(family, data, r1, 0, kRows);
  sum += accumulate_rows(family, data, r2, 0, kRows);
  BOOST_TEST(slot_error(accumulate_rows(family, data, arma::mat(r1 + r2), 0, kRows), sum) <= kRelative);
}

BOOST_AUTO_TEST_CASE(scores_by_hand_and_per_block) {
  CategoricalFamily family(2, layout_of({2, 3}), {});
  family.set_probabilities(arma::mat{{0.25, 0.75, 0.5, 0.25, 0.25}, {0.5, 0.5, 0.1, 0.2, 0.7}});
  const arma::Mat<std::uint16_t> codes = {{0, 1, 1}, {2, 0, 1}};
  const Dataset data = categorical_dataset(codes, {2, 3});
  arma::mat scores;
  family.log_likelihood(DataBlock(data, 0, 3, 0), scores);
  const arma::mat expected = {{std::log(0.25) + std::log(0.25), std::log(0.75) + std::log(0.5),
                               std::log(0.75) + std::log(0.25)},
                              {std::log(0.5) + std::log(0.7), std::log(0.5) + std::log(0.1),
                               std::log(0.5) + std::log(0.2)}};
  BOOST_TEST(max_relative_error(scores, expected) <= 1e-15);
  // A block of the last two rows gives the same columns.
  arma::mat tail;
  family.log_likelihood(DataBlock(data, 1, 2, 1), tail);
  BOOST_TEST(identical(tail, scores.cols(1, 2)));
}

BOOST_AUTO_TEST_CASE(a_zero_probability_scores_minus_infinity_without_nan) {
  // eps = 0 keeps exact zeros; a gather never multiplies 0 by −inf.
  CategoricalFamily family(2, layout_of({3}), CategoricalOptions{0.0, std::nullopt, UnseenLevels::error});
  family.set_probabilities(arma::mat{{0.0, 0.5, 0.5}, {1.0, 0.0, 0.0}});
  const Dataset data = categorical_dataset(arma::Mat<std::uint16_t>{{0, 1}}, {3});
  arma::mat scores;
  family.log_likelihood(DataBlock(data, 0, 2, 0), scores);
  BOOST_TEST(scores.has_nan() == false);
  BOOST_TEST(std::isinf(scores(0, 0)));
  BOOST_TEST(scores(1, 0) == 0.0);
  BOOST_TEST(scores(0, 1) == std::log(0.5));
  BOOST_TEST(std::isinf(scores(1, 1)));
}

BOOST_AUTO_TEST_CASE(columns_of_a_product_are_read_from_the_first_storage_row) {
  // The family models storage rows 1..2 of a 3-row categorical matrix, as one part of a product would.
  const arma::Mat<std::uint16_t> codes = {{1, 0}, {0, 1}, {2, 0}};
  const Dataset data = categorical_dataset(codes, {2, 2, 3});
  CategoricalFamily part(1, layout_of({2, 3}), {}, 1);
  part.set_probabilities(arma::mat{{0.25, 0.75, 0.5, 0.25, 0.25}});
  arma::mat scores;
  part.log_likelihood(DataBlock(data, 0, 2, 0), scores);
  BOOST_TEST(scores(0, 0) == std::log(0.25) + std::log(0.25));
  BOOST_TEST(scores(0, 1) == std::log(0.75) + std::log(0.5));
  // Too few rows is an error, not a read past the end.
  CategoricalFamily too_far(1, layout_of({2, 3}), {}, 2);
  too_far.set_probabilities(arma::mat{{0.25, 0.75, 0.5, 0.25, 0.25}});
  BOOST_CHECK_THROW(too_far.log_likelihood(DataBlock(data, 0, 2, 0), scores), Error);
}

BOOST_AUTO_TEST_CASE(shape_mismatches_are_errors) {
  const Dataset data = categorical_dataset(random_codes(kLevels, 10, 1), kLevels);
  const CategoricalFamily family(kComponents, layout_of(kLevels), {});
  SufficientStatistics stats(family.stat_layout());
  BOOST_CHECK_THROW(family.accumulate(DataBlock(data, 0, 10, 0), arma::mat(2, 10, arma::fill::ones), stats), Error);
  SufficientStatistics other(CategoricalFamily(kComponents, layout_of({2, 2}), {}).stat_layout());
  BOOST_CHECK_THROW(family.accumulate(DataBlock(data, 0, 10, 0), random_weights(kComponents, 10, 2), other), Error);
  arma::mat scores;
  BOOST_CHECK_THROW(family.log_likelihood(DataBlock(data, 0, 10, 0), scores), Error);  // no parameters yet
}

BOOST_AUTO_TEST_SUITE_END()  // statistics_test
