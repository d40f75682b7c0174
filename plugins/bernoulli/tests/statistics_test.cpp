// Statistics are Σ w x, additive over blocks, linear in the weights, independent of the parameters; read from the family's own rows.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/core/error.hpp"

BOOST_AUTO_TEST_SUITE(statistics_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// Sums of ~500 products of numbers ≤ 1 in a different order: a few ulps.
constexpr double kRelative = 1e-13;
constexpr std::size_t kComponents = 3;
constexpr std::size_t kDimension = 5;
constexpr std::size_t kRows = 501;  // odd, so the halves differ in size

double slot_error(const SufficientStatistics& actual, const SufficientStatistics& expected) {
  const arma::vec b = family_slots(expected);
  return max_relative_error(family_slots(actual), b, 1e-12 * arma::abs(b).max());
}

}  // namespace

BOOST_AUTO_TEST_CASE(sum_x_is_the_weighted_count_of_ones) {
  const Dataset data = binary_dataset(random_binary(kDimension, kRows, 1));
  const arma::mat r = random_responsibilities(kComponents, kRows, 2);
  const BernoulliFamily family(kComponents, kDimension, 1e-10);
  const SufficientStatistics stats = accumulate_range(family, data, r, 0, kRows);
  for (std::size_t k = 0; k < kComponents; ++k)
    for (std::size_t d = 0; d < kDimension; ++d) {
      double expected = 0.0;  // the definition, one cell at a time
      for (std::size_t n = 0; n < kRows; ++n) expected += data.binary(d, n) ? r(k, n) : 0.0;
      BOOST_TEST(stats.component(k)[bernoulli_layout::kSumOffset + d] == expected,
                 boost::test_tools::tolerance(kRelative));
    }
}

BOOST_AUTO_TEST_CASE(additive_over_blocks) {
  const Dataset data = binary_dataset(random_binary(kDimension, kRows, 11));
  const arma::mat r = random_responsibilities(kComponents, kRows, 12);
  for (const BernoulliFamily& family : {BernoulliFamily(kComponents, kDimension, 1e-10),
                                        random_family(kComponents, kDimension, 13)}) {
    const SufficientStatistics whole = accumulate_range(family, data, r, 0, kRows);
    SufficientStatistics halves = accumulate_range(family, data, r, 0, kRows / 2);
    halves += accumulate_range(family, data, r, kRows / 2, kRows - kRows / 2);
    BOOST_TEST(slot_error(halves, whole) <= kRelative);
    BOOST_TEST(arma::abs(family_slots(whole)).max() > 0.0);
    // An empty block adds nothing.
    BOOST_TEST(arma::all(family_slots(accumulate_range(family, data, r, 7, 0)) == 0.0));
  }
}

BOOST_AUTO_TEST_CASE(linear_in_the_weights) {
  const Dataset data = binary_dataset(random_binary(kDimension, kRows, 21));
  const arma::mat r1 = random_responsibilities(kComponents, kRows, 22);
  const arma::mat r2 = random_responsibilities(kComponents, kRows, 23);
  const BernoulliFamily family = random_family(kComponents, kDimension, 24);
  SufficientStatistics scaled = accumulate_range(family, data, r1, 0, kRows);
  scaled.scale(2.5);
  BOOST_TEST(slot_error(accumulate_range(family, data, arma::mat(2.5 * r1), 0, kRows), scaled) <= kRelative);
  SufficientStatistics sum = accumulate_range(family, data, r1, 0, kRows);
  sum += accumulate_range(family, data, r2, 0, kRows);
  BOOST_TEST(slot_error(accumulate_range(family, data, arma::mat(r1 + r2), 0, kRows), sum) <= kRelative);
}

BOOST_AUTO_TEST_CASE(layout_is_independent_of_parameters) {
  const StatLayout layout = BernoulliFamily(kComponents, kDimension, 1e-10).stat_layout();
  BOOST_TEST((layout == random_family(kComponents, kDimension, 31).stat_layout()));
  BOOST_TEST(layout.num_components == kComponents);
  BOOST_TEST(layout.component_width == kDimension);
  // Shared: the D×K weight of missing cells (data.missing: marginalize), zero for complete data.
  BOOST_TEST(layout.shared_width == kDimension * kComponents);
  BOOST_TEST(layout.component_fields.front().name == "sum_x");
  BOOST_TEST(layout.shared_fields.front().name == "missing_weight");
  // ... and so are the statistics: they do not depend on the current probabilities.
  const Dataset data = binary_dataset(random_binary(kDimension, 50, 32));
  const arma::mat r = random_responsibilities(kComponents, 50, 33);
  BOOST_TEST(identical(family_slots(accumulate_range(BernoulliFamily(kComponents, kDimension, 1e-10), data, r, 0, 50)),
                       family_slots(accumulate_range(random_family(kComponents, kDimension, 34), data, r, 0, 50))));
}

BOOST_AUTO_TEST_CASE(reads_only_its_own_rows_of_the_binary_matrix) {
  // As one part of a product: two other binary columns come first, one after.
  const arma::Mat<std::uint8_t> all = random_binary(kDimension + 3, 80, 41);
  const Dataset wide = binary_dataset(all);
  const Dataset own = binary_dataset(all.rows(2, 2 + kDimension - 1));
  const arma::mat r = random_responsibilities(kComponents, 80, 42);
  const arma::mat p = random_family(kComponents, kDimension, 43).probabilities();
  BernoulliFamily part(kComponents, kDimension, 1e-10, std::nullopt, 2);
  BernoulliFamily alone(kComponents, kDimension, 1e-10);
  part.set_probabilities(p);
  alone.set_probabilities(p);
  BOOST_TEST(identical(family_slots(accumulate_range(part, wide, r, 0, 80)),
                       family_slots(accumulate_range(alone, own, r, 0, 80))));
  arma::mat a, b;
  part.log_likelihood(DataBlock(wide, 0, 80, 0), a);
  alone.log_likelihood(DataBlock(own, 0, 80, 0), b);
  BOOST_TEST(identical(a, b));
  // A block without enough binary rows is refused.
  BernoulliFamily too_far(kComponents, kDimension, 1e-10, std::nullopt, 4);
  too_far.set_probabilities(p);
  BOOST_CHECK_THROW(too_far.log_likelihood(DataBlock(wide, 0, 80, 0), a), Error);
  SufficientStatistics stats(too_far.stat_layout());
  BOOST_CHECK_THROW(too_far.accumulate(DataBlock(wide, 0, 80, 0), r, stats), Error);
}

BOOST_AUTO_TEST_CASE(wrong_weights_or_layout_are_refused) {
  const Dataset data = binary_dataset(random_binary(kDimension, 20, 51));
  const BernoulliFamily family(kComponents, kDimension, 1e-10);
  SufficientStatistics stats(family.stat_layout());
  BOOST_CHECK_THROW(family.accumulate(DataBlock(data, 0, 20, 0), arma::mat(kComponents + 1, 20), stats), Error);
  BOOST_CHECK_THROW(family.accumulate(DataBlock(data, 0, 20, 0), arma::mat(kComponents, 19), stats), Error);
  SufficientStatistics other(BernoulliFamily(kComponents, kDimension + 1, 1e-10).stat_layout());
  BOOST_CHECK_THROW(family.accumulate(DataBlock(data, 0, 20, 0), arma::mat(kComponents, 20), other), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // statistics_test
