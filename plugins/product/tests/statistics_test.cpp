// The product's statistics: concatenated layouts, each part's slice equal to the part's own statistics, additivity.
#include <boost/test/unit_test.hpp>

#include "part_statistics.hpp"
#include "product_test_support.hpp"

BOOST_AUTO_TEST_SUITE(statistics_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr std::size_t kComponents = 3;
const char* const kParts =
    "[{family: gaussian, columns: [x, y], options: {covariance: diag}},"
    " {family: gaussian, columns: [z, w], options: {covariance: tied}}]";

/// Part p's slots of the product statistics `whole`, as statistics of the part's own layout.
SufficientStatistics slice_of(const ProductFamily& product, std::size_t p, const SufficientStatistics& whole) {
  SufficientStatistics part(product.part_slice(p).layout);
  copy_into_part(whole, product.part_slice(p), part);
  return part;
}

arma::vec all_slots(const SufficientStatistics& stats) {
  return arma::vec(const_cast<double*>(stats.data()), stats.size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(layout_is_the_parts_layouts_one_after_another) {
  const auto product = make_product(kComponents, real_columns({"x", "y", "z", "w"}), kParts);
  const StatLayout layout = product->stat_layout();
  const StatLayout diag = product->part(0).stat_layout();
  const StatLayout tied = product->part(1).stat_layout();
  BOOST_TEST(layout.num_components == kComponents);
  BOOST_TEST(layout.component_width == diag.component_width + tied.component_width);
  BOOST_TEST(layout.shared_width == diag.shared_width + tied.shared_width);
  BOOST_TEST(tied.shared_width == 4u);  // the pooled 2×2 scatter
  BOOST_TEST(product->part_slice(1).component_offset == diag.component_width);
  BOOST_TEST(product->part_slice(1).shared_offset == diag.shared_width);
  BOOST_TEST_REQUIRE(layout.component_fields.size() == diag.component_fields.size() + tied.component_fields.size());
  BOOST_TEST(layout.component_fields.front().name == "parts[0]." + diag.component_fields.front().name);
  const StatField& moved = layout.component_fields[diag.component_fields.size()];
  BOOST_TEST(moved.name == "parts[1]." + tied.component_fields.front().name);
  BOOST_TEST(moved.offset == diag.component_width + tied.component_fields.front().offset);
  BOOST_TEST(layout.shared_fields.front().name == "parts[1]." + tied.shared_fields.front().name);
}

BOOST_AUTO_TEST_CASE(each_slice_holds_exactly_the_parts_own_statistics) {
  const std::vector<ColumnSpec> columns = real_columns({"x", "y", "z", "w"});
  auto product = make_product(kComponents, columns, kParts);
  const arma::mat x = blob_points(4, 300, kComponents, 1);
  const DataBlock block(x, 0, x.n_cols, 0);
  const arma::mat r = random_responsibilities(kComponents, x.n_cols, 2);
  fit_once(*product, block, r);  // so both parts accumulate about non-zero anchors

  const arma::mat r2 = random_responsibilities(kComponents, x.n_cols, 3);
  const SufficientStatistics whole = weighted_statistics(*product, block, r2);
  for (std::size_t p = 0; p < product->num_parts(); ++p) {
    const SufficientStatistics own = weighted_statistics(product->part(p), block, r2);
    BOOST_TEST(identical(all_slots(slice_of(*product, p, whole)), all_slots(own)), "part " << p);
  }
}

BOOST_AUTO_TEST_CASE(statistics_of_two_halves_add_up_to_those_of_the_whole) {
  auto product = make_product(kComponents, real_columns({"x", "y", "z", "w"}), kParts);
  const arma::mat x = blob_points(4, 400, kComponents, 4);
  const arma::mat r = random_responsibilities(kComponents, x.n_cols, 5);
  fit_once(*product, DataBlock(x, 0, x.n_cols, 0), random_responsibilities(kComponents, x.n_cols, 50));
  // (Other weights than the fit's: under the fit's own weights the first moments about the means are ~0.)

  SufficientStatistics once(product->stat_layout()), halves(product->stat_layout()), second(product->stat_layout());
  product->accumulate(DataBlock(x, 0, 400, 0), r, once);
  product->accumulate(DataBlock(x, 0, 250, 0), r.cols(0, 249), halves);
  product->accumulate(DataBlock(x, 250, 150, 1), r.cols(250, 399), second);
  halves += second;
  BOOST_TEST(max_relative_error(all_slots(halves), all_slots(once), 1e-8) < 1e-12);
  // Linear in the weights.
  SufficientStatistics doubled(product->stat_layout());
  product->accumulate(DataBlock(x, 0, 400, 0), 2.0 * r, doubled);
  once.scale(2.0);
  BOOST_TEST(max_relative_error(all_slots(doubled), all_slots(once), 1e-8) < 1e-12);
}

BOOST_AUTO_TEST_CASE(accumulate_adds_to_what_is_already_there) {
  auto product = make_product(kComponents, real_columns({"x", "y", "z", "w"}), kParts);
  const arma::mat x = blob_points(4, 100, kComponents, 6);
  const arma::mat r = random_responsibilities(kComponents, x.n_cols, 7);
  SufficientStatistics twice(product->stat_layout()), once(product->stat_layout());
  product->accumulate(DataBlock(x, 0, 100, 0), r, once);
  product->accumulate(DataBlock(x, 0, 100, 0), r, twice);
  product->accumulate(DataBlock(x, 0, 100, 0), r, twice);
  once.scale(2.0);
  BOOST_TEST(max_relative_error(all_slots(twice), all_slots(once), 1e-8) < 1e-14);
  // Framework slots are the caller's: accumulate leaves them alone.
  BOOST_TEST(twice.num_rows() == 0.0);
  BOOST_TEST(twice.count(1) == 0.0);
}

BOOST_AUTO_TEST_CASE(a_failing_part_leaves_the_whole_product_unchanged_and_is_named) {
  // Part 1 has reg_covar 0: all weight of component 0 on one point makes its covariance singular.
  auto product = make_product(2, real_columns({"x", "y"}),
                              "[{family: gaussian, columns: [x], options: {covariance: diag}},"
                              " {family: gaussian, columns: [y], options: {covariance: diag, reg_covar: 0}}]");
  const arma::mat x = blob_points(2, 50, 2, 8);
  const DataBlock block(x, 0, x.n_cols, 0);
  fit_once(*product, block, random_responsibilities(2, x.n_cols, 9));
  const std::string before = model_text(*product);

  arma::mat one_point(2, x.n_cols, arma::fill::zeros);
  one_point.row(1).fill(1.0);
  one_point(0, 0) = 1.0;
  one_point(1, 0) = 0.0;
  try {
    fit_once(*product, block, one_point);
    BOOST_FAIL("expected a NumericalError");
  } catch (const NumericalError& e) {
    BOOST_TEST(std::string(e.what()).rfind("product family, part 1 (gaussian over y): gaussian family", 0) == 0,
               e.what());
  }
  // Part 0 succeeded on its own but was not kept: the product is all old or all new.
  BOOST_TEST(model_text(*product) == before);
}

BOOST_AUTO_TEST_CASE(wrong_layouts_are_refused) {
  auto product = make_product(2, real_columns({"x", "y"}),
                              "[{family: gaussian, columns: [x]}, {family: gaussian, columns: [y]}]");
  SufficientStatistics foreign(product->part(0).stat_layout());
  const arma::mat x = blob_points(2, 10, 2, 1);
  BOOST_CHECK_THROW(product->accumulate(DataBlock(x, 0, 10, 0), arma::mat(2, 10, arma::fill::ones), foreign), Error);
  BOOST_CHECK_THROW(product->maximize(foreign, Estimator::maximum_likelihood), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // statistics_test
