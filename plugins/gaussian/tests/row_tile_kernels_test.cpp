// The row-tile kernels against plain loops, for every remainder of rows (tiles of 4) and components (groups of 8).
#include <boost/test/unit_test.hpp>

#include "elementwise_kernels.hpp"
#include "gaussian_test_support.hpp"
#include "row_tile_kernels.hpp"

#include <cmath>
#include <vector>

BOOST_AUTO_TEST_SUITE(row_tile_kernels_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

/// The kernels' [group][i][8] layout of a D×K matrix, zero past K.
std::vector<double> grouped(const arma::mat& m) {
  std::vector<double> out(detail::component_groups(m.n_cols) * m.n_rows * detail::kComponentGroup, 0.0);
  for (arma::uword k = 0; k < m.n_cols; ++k)
    for (arma::uword i = 0; i < m.n_rows; ++i)
      out[((k / detail::kComponentGroup) * m.n_rows + i) * detail::kComponentGroup + k % detail::kComponentGroup] =
          m(i, k);
  return out;
}

double at(const std::vector<double>& values, arma::uword d, arma::uword i, arma::uword k) {
  return values[((k / detail::kComponentGroup) * d + i) * detail::kComponentGroup + k % detail::kComponentGroup];
}

// Shapes: rows 0-9 and 4097 cover every tail of a four-row tile; K = 1, 7, 8, 9, 17 every group remainder.
const std::vector<arma::uword> kRowCounts{0, 1, 2, 3, 4, 5, 6, 7, 9, 4097};
const std::vector<arma::uword> kComponentCounts{1, 7, 8, 9, 17};

}  // namespace

/// Every score of expanded_scores (a: D×K) or expanded_isotropic_scores (a: 1×K) against the sum it expands.
void check_scores(bool isotropic) {
  for (const arma::uword d : {1u, 3u, 4u, 7u, 64u}) {  // four lanes, with and without a scalar tail
    for (const arma::uword k : kComponentCounts) {
      const arma::mat a = random_points(isotropic ? 1 : d, k, 10 + k), b = random_points(d, k, 20 + k);
      const arma::rowvec c = random_points(1, k, 30 + k);
      const arma::vec shift = random_points(d, 1, 40);
      const std::vector<double> a_grouped = grouped(a), b_grouped = grouped(b), c_grouped = grouped(c);
      for (const arma::uword n : kRowCounts) {
        const arma::mat x = 2.0 * random_points(d, n, 50 + n) + 1.0;
        arma::mat scores(k, n);
        scores.fill(arma::datum::nan);
        const auto kernel = isotropic ? detail::expanded_isotropic_scores : detail::expanded_scores;
        kernel(x.memptr(), d, n, shift.memptr(), a_grouped.data(), b_grouped.data(), c_grouped.data(), k,
               scores.memptr());
        for (arma::uword j = 0; j < n; ++j) {
          for (arma::uword kk = 0; kk < k; ++kk) {
            double expected = c(kk), scale = std::abs(c(kk));
            for (arma::uword i = 0; i < d; ++i) {
              const double deviation = x(i, j) - shift(i);
              const double quadratic = a(isotropic ? 0 : i, kk) * deviation * deviation, linear = b(i, kk) * deviation;
              expected += quadratic + linear;
              scale += std::abs(quadratic) + std::abs(linear);
            }
            BOOST_TEST_REQUIRE(std::abs(scores(kk, j) - expected) <= 1e-14 * scale,
                               "D=" << d << " K=" << k << " n=" << n << " row " << j << " component " << kk << ": "
                                    << scores(kk, j) << " vs " << expected);
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(scores_equal_the_sum_they_expand) { check_scores(false); }

BOOST_AUTO_TEST_CASE(isotropic_scores_equal_the_sum_they_expand) { check_scores(true); }

/// Feature f of row x' (= x − shift) as RowFeatures defines it, by the definition.
double feature(detail::RowFeatures features, const arma::vec& deviation, arma::uword f) {
  const arma::uword d = deviation.n_elem;
  if (f + 1 == detail::feature_count(features, d)) return 1.0;  // the last: the counts
  if (features == detail::RowFeatures::squares_then_deviations)
    return f < d ? deviation(f) * deviation(f) : deviation(f - d);
  arma::uword p = 0;
  for (arma::uword b = 0; b < d; ++b)
    for (arma::uword a = b; a < d; ++a, ++p)
      if (p == f) return deviation(a) * deviation(b);
  return deviation(f - p);
}

BOOST_AUTO_TEST_CASE(feature_sums_equal_the_weighted_sums_and_add_to_what_is_there) {
  using detail::RowFeatures;
  for (const auto features : {RowFeatures::squares_then_deviations, RowFeatures::pairs_then_deviations}) {
    for (const arma::uword d : {1u, 3u, 16u}) {
      const arma::uword q = detail::feature_count(features, d);
      const arma::vec shift = random_points(d, 1, 60);
      for (const arma::uword k : kComponentCounts) {
        for (const arma::uword n : kRowCounts) {
          const arma::mat x = 2.0 * random_points(d, n, 70 + n) + 1.0;
          const arma::mat weights = random_responsibilities(k, n, 80 + n);
          std::vector<double> sums(detail::component_groups(k) * q * detail::kComponentGroup, 1.0);  // the kernel adds
          detail::weighted_feature_sums(x.memptr(), d, n, shift.memptr(), features, weights.memptr(), k, sums.data());
          for (arma::uword kk = 0; kk < k; ++kk) {
            for (arma::uword f = 0; f < q; ++f) {
              double expected = 1.0, scale = 1.0;
              for (arma::uword j = 0; j < n; ++j) {
                const double term = weights(kk, j) * feature(features, x.col(j) - shift, f);
                expected += term;
                scale += std::abs(term);
              }
              // Both sum the rows in order; only FMA contraction may round differently.
              BOOST_TEST_REQUIRE(std::abs(at(sums, q, f, kk) - expected) <= 1e-14 * scale,
                                 "D=" << d << " K=" << k << " n=" << n << " feature " << f << ", component " << kk
                                      << ": " << at(sums, q, f, kk) << " vs " << expected);
            }
          }
          // The padding past K keeps its start value: zero weights add nothing.
          for (std::size_t slot = k; slot < detail::component_groups(k) * detail::kComponentGroup; ++slot)
            for (arma::uword f = 0; f < q; ++f) BOOST_TEST_REQUIRE(at(sums, q, f, slot) == 1.0);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(log_density_and_moments_match_one_component_at_a_time) {
  // 4097 rows, 9 components about means far from the origin: the shifted
  // expansion must agree with sums about each component's own mean, for
  // per-dimension precisions (diag, D×K) and one per component (spherical, 1×K).
  const arma::uword d = 5, k = 9, n = 4097;
  const arma::mat x = 3.0 * random_points(d, n, 90) + 100.0;
  const arma::mat means = 3.0 * random_points(d, k, 91) + 100.0;
  const arma::vec constants = random_points(k, 1, 93);
  const arma::mat weights = random_responsibilities(k, n, 94);
  const arma::mat diagonal = 1.0 / (0.5 + arma::abs(random_points(d, k, 92)));
  const arma::mat spherical = 1.0 / (0.5 + arma::abs(random_points(1, k, 95)));
  for (const arma::mat* precisions : {&diagonal, &spherical}) {
    const arma::mat p = arma::repmat(*precisions, d / precisions->n_rows, 1);
    arma::mat scores;
    detail::elementwise_log_density(x, means, *precisions, constants, scores);
    for (arma::uword kk = 0; kk < k; ++kk) {
      const arma::mat deviations = x.each_col() - means.col(kk);
      const arma::rowvec expected =
          constants(kk) - 0.5 * arma::sum(arma::mat(arma::square(deviations)).each_col() % p.col(kk), 0);
      BOOST_TEST(max_relative_error(scores.row(kk), expected) <= 1e-12);
    }
  }
  arma::mat first, second;
  detail::elementwise_moments(x, means, weights, first, second);
  for (arma::uword kk = 0; kk < k; ++kk) {
    const arma::mat deviations = x.each_col() - means.col(kk);
    const arma::vec expected_first = deviations * weights.row(kk).t();
    const arma::vec expected_second = arma::square(deviations) * weights.row(kk).t();
    const double count = arma::accu(weights.row(kk));
    // The first moment about the mean nearly cancels: measure it against √(N · second).
    BOOST_TEST(arma::abs(first.col(kk) - expected_first).max() <= 1e-12 * std::sqrt(count * expected_second.max()));
    BOOST_TEST(max_relative_error(second.col(kk), expected_second) <= 1e-12);
  }
}

BOOST_AUTO_TEST_SUITE_END()
