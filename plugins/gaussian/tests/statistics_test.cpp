// Statistics are additive over blocks and linear in the weights, for every covariance type, with and without an anchor.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"

#include <boost/mpl/list.hpp>

BOOST_AUTO_TEST_SUITE(statistics_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-12;
constexpr std::size_t kComponents = 3;
constexpr std::size_t kDimension = 4;
constexpr std::size_t kRows = 501;  // odd, so the halves differ in size

using CovarianceTypes = boost::mpl::list<FullCovariance, DiagonalCovariance, SphericalCovariance, TiedCovariance>;

/// Relative error of two statistics buffers' family slots, floored at 1e-12 of the largest entry.
double slot_error(const SufficientStatistics& actual, const SufficientStatistics& expected) {
  const arma::vec a = family_slots(actual);
  const arma::vec b = family_slots(expected);
  return max_relative_error(a, b, 1e-12 * arma::abs(b).max());
}

template <class Covariance>
void check_additive(const GaussianFamily<Covariance>& family) {
  const arma::mat x = random_points(kDimension, kRows, 11);
  const arma::mat r = random_responsibilities(kComponents, kRows, 12);
  const SufficientStatistics whole = accumulate_range(family, x, r, 0, kRows);
  SufficientStatistics halves = accumulate_range(family, x, r, 0, kRows / 2);
  halves += accumulate_range(family, x, r, kRows / 2, kRows - kRows / 2);
  BOOST_TEST(slot_error(halves, whole) <= kRelative);
  BOOST_TEST(arma::abs(family_slots(whole)).max() > 0.0);
}

template <class Covariance>
void check_linear(const GaussianFamily<Covariance>& family) {
  const arma::mat x = random_points(kDimension, kRows, 21);
  const arma::mat r1 = random_responsibilities(kComponents, kRows, 22);
  const arma::mat r2 = random_responsibilities(kComponents, kRows, 23);
  SufficientStatistics scaled = accumulate_range(family, x, r1, 0, kRows);
  scaled.scale(2.5);
  BOOST_TEST(slot_error(accumulate_range(family, x, arma::mat(2.5 * r1), 0, kRows), scaled) <= kRelative);
  SufficientStatistics sum = accumulate_range(family, x, r1, 0, kRows);
  sum += accumulate_range(family, x, r2, 0, kRows);
  BOOST_TEST(slot_error(accumulate_range(family, x, arma::mat(r1 + r2), 0, kRows), sum) <= kRelative);
}

/// Largest error of a covariance entry (a, b) against its scale √(Σ_aa Σ_bb): an
/// off-diagonal entry near 0 carries the rounding of the variances beside it.
double scaled_error(const arma::mat& actual, const arma::mat& expected) {
  const arma::vec scale = arma::sqrt(expected.diag());
  arma::mat error = arma::abs(actual - expected);
  error.each_col() /= scale;
  error.each_row() /= scale.t();
  return error.max();
}

template <class Covariance>
double covariance_error(const GaussianFamily<Covariance>& actual, const GaussianFamily<Covariance>& expected) {
  if constexpr (std::is_same_v<Covariance, FullCovariance>) {
    double worst = 0.0;
    for (arma::uword k = 0; k < kComponents; ++k)
      worst = std::max(worst, scaled_error(actual.covariances().slice(k), expected.covariances().slice(k)));
    return worst;
  } else if constexpr (std::is_same_v<Covariance, TiedCovariance>) {
    return scaled_error(actual.covariances(), expected.covariances());
  } else {
    return max_relative_error(arma::vectorise(actual.covariances()), arma::vectorise(expected.covariances()));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(additive_over_blocks_without_parameters, Covariance, CovarianceTypes) {
  check_additive(GaussianFamily<Covariance>(kComponents, kDimension, 1e-6));  // anchor 0
}

BOOST_AUTO_TEST_CASE_TEMPLATE(additive_over_blocks_about_the_means, Covariance, CovarianceTypes) {
  check_additive(fitted_family<Covariance>(kComponents, kDimension, 31));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(linear_in_the_weights, Covariance, CovarianceTypes) {
  check_linear(GaussianFamily<Covariance>(kComponents, kDimension, 1e-6));
  check_linear(fitted_family<Covariance>(kComponents, kDimension, 41));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(layout_is_independent_of_parameters, Covariance, CovarianceTypes) {
  const GaussianFamily<Covariance> empty(kComponents, kDimension, 1e-6);
  const StatLayout layout = empty.stat_layout();
  BOOST_TEST((layout == fitted_family<Covariance>(kComponents, kDimension, 51).stat_layout()));
  BOOST_TEST(layout.num_components == kComponents);
  BOOST_TEST(layout.component_fields.front().name == "sum_dev");
  const std::size_t second_moment = Covariance::kShared ? layout.shared_width : layout.component_width - kDimension;
  const bool full_matrix = std::is_same_v<Covariance, FullCovariance> || std::is_same_v<Covariance, TiedCovariance>;
  BOOST_TEST(second_moment == (full_matrix ? kDimension * kDimension : kDimension));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(maximize_is_invariant_to_the_anchor, Covariance, CovarianceTypes) {
  // The same data and weights, accumulated about zero and about fitted means,
  // give the same M-step: the anchor only moves rounding.
  const arma::mat x = random_points(kDimension, kRows, 61);
  const arma::mat r = random_responsibilities(kComponents, kRows, 62);
  GaussianFamily<Covariance> from_zero(kComponents, kDimension, 1e-6);
  GaussianFamily<Covariance> from_means = fitted_family<Covariance>(kComponents, kDimension, 63);
  for (auto* family : {&from_zero, &from_means}) {
    SufficientStatistics stats = accumulate_range(*family, x, r, 0, kRows);
    for (std::size_t k = 0; k < kComponents; ++k) stats.count(k) = arma::accu(r.row(k));
    family->maximize(stats, Estimator::maximum_likelihood);
  }
  BOOST_TEST(max_relative_error(from_means.means(), from_zero.means()) <= 1e-12);
  BOOST_TEST(covariance_error(from_means, from_zero) <= 1e-12);
}

BOOST_AUTO_TEST_SUITE_END()  // statistics_test
