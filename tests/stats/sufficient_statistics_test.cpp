// SufficientStatistics: layout arithmetic, views, addition; the E-step's framework slots.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/inference/e_step.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(sufficient_statistics_test)

namespace tt = boost::test_tools;
using namespace mixfit;

namespace {
StatLayout two_field_layout(std::size_t k, std::size_t d) {
  StatLayout layout;
  layout.num_components = k;
  layout.add_component_field("sum_x", d);
  layout.add_component_field("sum_xxT", d * d);
  layout.add_shared_field("pooled", 1);
  return layout;
}
}  // namespace

BOOST_AUTO_TEST_CASE(layout_offsets_and_size) {
  const StatLayout layout = two_field_layout(3, 2);
  BOOST_TEST(layout.component_width == 6u);
  BOOST_TEST(layout.component_fields[1].offset == 2u);
  const SufficientStatistics stats(layout);
  // 3 header slots + K counts + K·width + shared.
  BOOST_TEST(stats.size() == 3u + 3u + 18u + 1u);
}

BOOST_AUTO_TEST_CASE(views_write_into_the_buffer_and_add) {
  SufficientStatistics a(two_field_layout(2, 2)), b(two_field_layout(2, 2));
  a.count(1) = 2.0;
  a.component_matrix(1, 2, 2, 2)(1, 0) = 5.0;
  a.shared()[0] = 1.5;
  b.count(1) = 3.0;
  b.component(1)[3] = 4.0;  // same cell as (1,0) of the 2×2 field at offset 2
  a += b;
  BOOST_TEST(a.count(1) == 5.0);
  BOOST_TEST(a.component(1)[3] == 9.0);
  BOOST_TEST(a.shared()[0] == 1.5);
  BOOST_TEST(a.component(0)[3] == 0.0);
  a -= b;
  BOOST_TEST(a.count(1) == 2.0);
}

BOOST_AUTO_TEST_CASE(adding_different_layouts_is_an_error) {
  SufficientStatistics a(two_field_layout(2, 2)), b(two_field_layout(3, 2));
  BOOST_CHECK_THROW(a += b, Error);
}

BOOST_AUTO_TEST_CASE(soft_assign_normalises_and_fills_framework_slots) {
  StatLayout layout;
  layout.num_components = 2;
  SufficientStatistics stats(layout);
  // log p(x|k) for 2 components × 2 rows; weights 0.25/0.75.
  arma::mat scores = {{-1.0, -1000.0}, {-2.0, -1000.5}};
  const arma::vec log_weights = arma::log(arma::vec{0.25, 0.75});
  arma::vec row_ll;
  soft_assign(scores, log_weights, stats, &row_ll);
  const double l0 = std::log(0.25 * std::exp(-1.0) + 0.75 * std::exp(-2.0));
  BOOST_TEST(row_ll(0) == l0, tt::tolerance(1e-14));
  // Row 1 underflows exp() without the log-sum-exp shift.
  const double l1 = -1000.0 + std::log(0.25 + 0.75 * std::exp(-0.5));
  BOOST_TEST(row_ll(1) == l1, tt::tolerance(1e-14));
  BOOST_TEST(scores(0, 0) + scores(1, 0) == 1.0, tt::tolerance(1e-14));
  BOOST_TEST(stats.num_rows() == 2.0);
  BOOST_TEST(stats.log_likelihood() == l0 + l1, tt::tolerance(1e-14));
  BOOST_TEST(stats.count(0) + stats.count(1) == 2.0, tt::tolerance(1e-14));
  double entropy = 0.0;
  for (double r : scores) entropy -= r * std::log(r);
  BOOST_TEST(stats.assignment_entropy() == entropy, tt::tolerance(1e-13));
}

BOOST_AUTO_TEST_CASE(hard_assign_is_one_hot_with_ties_to_the_lowest_index) {
  StatLayout layout;
  layout.num_components = 3;
  SufficientStatistics stats(layout);
  arma::mat scores = {{0.0, -5.0}, {0.0, -1.0}, {-1.0, -1.0}};
  arma::uvec labels;
  hard_assign(scores, arma::vec(3, arma::fill::zeros), stats, labels);
  BOOST_TEST(labels(0) == 0u);  // tie between 0 and 1
  BOOST_TEST(labels(1) == 1u);  // tie between 1 and 2
  BOOST_TEST(arma::accu(scores) == 2.0);
  BOOST_TEST(stats.count(0) == 1.0);
  BOOST_TEST(stats.count(1) == 1.0);
  // −Σ_n log r_n,label: log_likelihood minus it is the classification log-likelihood Σ_n max_k log ρ_nk.
  const double row0 = std::log(2.0 + std::exp(-1.0)), row1 = std::log(std::exp(-5.0) + 2.0 * std::exp(-1.0));
  BOOST_TEST(stats.log_likelihood() == row0 + row1, tt::tolerance(1e-14));
  BOOST_TEST(stats.assignment_entropy() == (row0 - 0.0) + (row1 + 1.0), tt::tolerance(1e-14));
  BOOST_TEST(stats.log_likelihood() - stats.assignment_entropy() == 0.0 + -1.0, tt::tolerance(1e-14));
}

// SEM's draw: label k with probability r_k, decided by the stream alone (the same stream, the same labels).
BOOST_AUTO_TEST_CASE(stochastic_assign_draws_labels_in_proportion_to_the_responsibilities) {
  StatLayout layout;
  layout.num_components = 3;
  const arma::vec r{0.2, 0.5, 0.3};
  const arma::uword n = 60000;
  arma::mat scores = arma::repmat(arma::log(r), 1, n);  // log π_k + log p = log r_k + 0: l = 0
  auto draw = [&](std::uint64_t seed, SufficientStatistics& stats, arma::uvec& labels) {
    arma::mat s = scores;
    mixfit::RandomStream stream = mixfit::derive_stream(seed, "test", 0);
    stochastic_assign(s, arma::vec(3, arma::fill::zeros), stats, labels, stream);
    return s;
  };
  SufficientStatistics stats(layout);
  arma::uvec labels;
  const arma::mat weights = draw(1, stats, labels);
  BOOST_TEST(arma::accu(weights) == static_cast<double>(n));  // one-hot columns
  for (arma::uword k = 0; k < 3; ++k) {
    // Five standard errors of a binomial share.
    const double share = stats.count(k) / static_cast<double>(n);
    BOOST_TEST(std::abs(share - r(k)) < 5.0 * std::sqrt(r(k) * (1.0 - r(k)) / static_cast<double>(n)), k);
    BOOST_TEST(stats.count(k) == static_cast<double>(arma::accu(labels == k)));
  }
  BOOST_TEST(std::abs(stats.log_likelihood()) < 1e-9);
  // −Σ log r_label
  double entropy = 0.0;
  for (arma::uword j = 0; j < n; ++j) entropy -= std::log(r(labels(j)));
  BOOST_TEST(stats.assignment_entropy() == entropy, tt::tolerance(1e-12));
  SufficientStatistics again(layout), other(layout);
  arma::uvec same, different;
  draw(1, again, same);
  draw(2, other, different);
  BOOST_TEST(arma::all(same == labels));
  BOOST_TEST(arma::any(different != labels));
}

BOOST_AUTO_TEST_SUITE_END()  // sufficient_statistics_test
