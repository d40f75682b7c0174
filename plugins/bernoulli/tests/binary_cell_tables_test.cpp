// The table-driven products over byte cells equal their definitions: full and partial groups of
// eight, whole and partial vectors and chunks of components, a product part's offset rows, missing
// cells counted as 0, and blocks split anywhere.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "binary_cell_tables.hpp"
#include "mixfit/data/column_spec.hpp"

BOOST_AUTO_TEST_SUITE(binary_cell_tables_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// Sums of at most 64 terms taken in another order: a few ulps of the largest term.
constexpr double kRelative = 1e-13;

// Cells with some missing (kMissingBinary) and a few leading rows that belong to another product part.
arma::Mat<std::uint8_t> cells_with_missing(std::size_t offset, std::size_t dimension, std::size_t n, std::uint64_t seed) {
  arma::Mat<std::uint8_t> cells = random_binary(offset + dimension, n, seed);
  const arma::Mat<std::uint8_t> missing = random_binary(offset + dimension, n, seed + 1, 0.05);
  cells.elem(arma::find(missing)).fill(kMissingBinary);
  return cells;
}

// x as 0/1 doubles, a missing cell 0: the definition the tables must reproduce.
arma::mat as_double(const arma::Mat<std::uint8_t>& cells, std::size_t offset, std::size_t dimension) {
  arma::mat x(dimension, cells.n_cols);
  for (arma::uword i = 0; i < cells.n_cols; ++i)
    for (std::size_t d = 0; d < dimension; ++d) x(d, i) = cells(offset + d, i) == 1 ? 1.0 : 0.0;
  return x;
}

}  // namespace

// Component counts around the kernels' vectors of four and chunks of sixteen.
const std::size_t kComponentCounts[] = {1, 3, 4, 5, 16, 17, 21, 36};

BOOST_AUTO_TEST_CASE(multiply_equals_the_dense_product) {
  for (const std::size_t K : kComponentCounts)
    for (const std::size_t dimension : {1, 5, 8, 21, 64, 67}) {
      const std::size_t offset = 3;
      const arma::Mat<std::uint8_t> cells = cells_with_missing(offset, dimension, 300, dimension);
      arma::arma_rng::set_seed(dimension + 100 * K);
      const arma::mat weights = arma::randn<arma::mat>(K, dimension);
      arma::mat scores;
      BinaryCellTables(weights).multiply(cells, offset, arma::vec(), scores);
      arma::mat expected = weights * as_double(cells, offset, dimension);
      // and with an offset, added first
      const arma::vec shift = arma::regspace(1.0, static_cast<double>(K));
      arma::mat shifted;
      BinaryCellTables(weights).multiply(cells, offset, shift, shifted);
      BOOST_TEST_CONTEXT("K = " << K << ", D = " << dimension << ", offset") {
        BOOST_TEST(max_relative_error(shifted, expected.each_col() + shift, static_cast<double>(K)) <= kRelative);
      }
      BOOST_TEST_CONTEXT("K = " << K << ", D = " << dimension) {
        BOOST_TEST(scores.n_rows == K);
        BOOST_TEST(scores.n_cols == 300u);
        BOOST_TEST(max_relative_error(scores, expected, arma::abs(weights).max()) <= kRelative);
      }
    }
}

BOOST_AUTO_TEST_CASE(accumulate_equals_the_dense_product_and_adds) {
  for (const std::size_t K : kComponentCounts)
    for (const std::size_t dimension : {1, 7, 21, 64, 67}) {
      const std::size_t offset = 2;
      const arma::Mat<std::uint8_t> cells = cells_with_missing(offset, dimension, 257, 10 + dimension);
      const arma::mat weights = random_responsibilities(K, 257, 20 + dimension + 100 * K);
      arma::mat sums(dimension, K, arma::fill::value(1.5));  // accumulate adds to what is there
      accumulate_binary_cells(cells, offset, dimension, weights, sums);
      const arma::mat expected = 1.5 + as_double(cells, offset, dimension) * weights.t();
      BOOST_TEST_CONTEXT("K = " << K << ", D = " << dimension) {
        BOOST_TEST(max_relative_error(sums, expected, 1.0) <= kRelative);
      }
    }
}

BOOST_AUTO_TEST_CASE(accumulate_leaves_nothing_for_the_next_block) {
  // The buckets are kept between calls; a second block of the same shape must start from zero.
  const arma::Mat<std::uint8_t> first = cells_with_missing(0, 21, 200, 31);
  const arma::Mat<std::uint8_t> second = cells_with_missing(0, 21, 150, 32);
  const arma::mat first_weights = random_responsibilities(6, 200, 33);
  const arma::mat second_weights = random_responsibilities(6, 150, 34);
  arma::mat after_first(21, 6, arma::fill::zeros), alone(21, 6, arma::fill::zeros);
  accumulate_binary_cells(first, 0, 21, first_weights, after_first);
  arma::mat after_second(21, 6, arma::fill::zeros);
  accumulate_binary_cells(second, 0, 21, second_weights, after_second);
  accumulate_binary_cells(second, 0, 21, second_weights, alone);
  BOOST_TEST(arma::all(arma::vectorise(after_second == alone)));
  BOOST_TEST(max_relative_error(after_second, as_double(second, 0, 21) * second_weights.t(), 1.0) <= kRelative);
}

BOOST_AUTO_TEST_CASE(a_row_scores_the_same_in_any_block) {
  // Scores are per row, so splitting the block (threads, ranks, streaming) changes no bit.
  const arma::Mat<std::uint8_t> cells = cells_with_missing(0, 21, 100, 7);
  arma::arma_rng::set_seed(3);
  const BinaryCellTables tables(arma::randn<arma::mat>(3, 21));
  arma::mat whole, head, tail;
  const arma::vec offset = {0.25, -1.0, 3.0};
  tables.multiply(cells, 0, offset, whole);
  tables.multiply(cells.cols(0, 36), 0, offset, head);
  tables.multiply(cells.cols(37, 99), 0, offset, tail);
  BOOST_TEST(arma::all(arma::vectorise(arma::join_rows(head, tail) == whole)));
}

BOOST_AUTO_TEST_CASE(missing_cells_are_found_in_the_family_rows_only) {
  arma::Mat<std::uint8_t> cells = random_binary(10, 20, 5);
  BOOST_TEST(!any_missing_binary(cells, 0, 10));
  cells(1, 13) = kMissingBinary;  // in rows [0, 2), another part's
  BOOST_TEST(any_missing_binary(cells, 0, 10));
  BOOST_TEST(!any_missing_binary(cells, 2, 8));
  cells(9, 19) = kMissingBinary;  // the last cell
  BOOST_TEST(any_missing_binary(cells, 2, 8));
  BOOST_TEST(!any_missing_binary(arma::Mat<std::uint8_t>(), 0, 0));
}

BOOST_AUTO_TEST_SUITE_END()
