// log_likelihood equals the per-cell definition, handles exact 0/1 probabilities without NaN, and needs parameters.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <cmath>
#include <limits>

BOOST_AUTO_TEST_SUITE(scores_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

// The product form reorders a sum of D terms of size ≤ |log 0.05|: rounding only.
constexpr double kRelative = 1e-13;

/// log p(x_j | p_k) one cell at a time, straight from the definition.
arma::mat scores_by_definition(const arma::mat& p, const arma::Mat<std::uint8_t>& x) {
  arma::mat scores(p.n_cols, x.n_cols, arma::fill::zeros);
  for (arma::uword k = 0; k < p.n_cols; ++k)
    for (arma::uword j = 0; j < x.n_cols; ++j)
      for (arma::uword d = 0; d < p.n_rows; ++d) scores(k, j) += std::log(x(d, j) ? p(d, k) : 1.0 - p(d, k));
  return scores;
}

}  // namespace

BOOST_AUTO_TEST_CASE(scores_match_the_definition) {
  const arma::Mat<std::uint8_t> x = random_binary(6, 300, 1);
  const BernoulliFamily family = random_family(4, 6, 2);
  arma::mat scores;
  family.log_likelihood(DataBlock(binary_dataset(x), 0, x.n_cols, 0), scores);
  BOOST_TEST_REQUIRE(scores.n_rows == 4u);
  BOOST_TEST_REQUIRE(scores.n_cols == 300u);
  BOOST_TEST(max_relative_error(scores, scores_by_definition(family.probabilities(), x)) <= kRelative);
}

BOOST_AUTO_TEST_CASE(a_hand_computed_example) {
  // p_0 = (0.2, 0.7), p_1 = (0.5, 0.5); rows x = (1, 0) and (1, 1).
  BernoulliFamily family(2, 2, 1e-10);
  family.set_probabilities(arma::mat{{0.2, 0.5}, {0.7, 0.5}});
  arma::mat scores;
  family.log_likelihood(DataBlock(binary_dataset(arma::Mat<std::uint8_t>{{1, 1}, {0, 1}}), 0, 2, 0), scores);
  BOOST_TEST(scores(0, 0) == std::log(0.2 * 0.3), tt::tolerance(1e-15));
  BOOST_TEST(scores(0, 1) == std::log(0.2 * 0.7), tt::tolerance(1e-15));
  BOOST_TEST(scores(1, 0) == std::log(0.25), tt::tolerance(1e-15));
  BOOST_TEST(scores(1, 1) == std::log(0.25), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(exact_zero_and_one_give_minus_infinity_only_where_contradicted) {
  // Component 0: p = (0, 1, 0.5): x_0 = 1 or x_1 = 0 is impossible. Component 1 is ordinary.
  BernoulliFamily family(2, 3, 0.0);
  family.set_probabilities(arma::mat{{0.0, 0.3}, {1.0, 0.6}, {0.5, 0.2}});
  const arma::Mat<std::uint8_t> x = {{0, 0, 1, 1, 0}, {1, 1, 1, 0, 0}, {0, 1, 0, 1, 1}};
  arma::mat scores;
  family.log_likelihood(DataBlock(binary_dataset(x), 0, x.n_cols, 0), scores);
  BOOST_TEST(!scores.has_nan());
  const double minus_inf = -std::numeric_limits<double>::infinity();
  BOOST_TEST(scores(0, 0) == std::log(0.5), tt::tolerance(1e-15));  // (0, 1, 0): allowed
  BOOST_TEST(scores(0, 1) == std::log(0.5), tt::tolerance(1e-15));  // (0, 1, 1): allowed
  BOOST_TEST(scores(0, 2) == minus_inf);                            // x_0 = 1
  BOOST_TEST(scores(0, 3) == minus_inf);                            // x_0 = 1 and x_1 = 0
  BOOST_TEST(scores(0, 4) == minus_inf);                            // x_1 = 0
  BOOST_TEST(max_relative_error(scores.row(1), scores_by_definition(family.probabilities(), x).row(1)) <= kRelative);
}

BOOST_AUTO_TEST_CASE(scores_need_parameters) {
  const BernoulliFamily family(2, 2, 1e-10);
  arma::mat scores;
  BOOST_CHECK_THROW(family.log_likelihood(DataBlock(binary_dataset(random_binary(2, 5, 3)), 0, 5, 0), scores), Error);
}

BOOST_AUTO_TEST_CASE(a_copy_scores_like_the_original) {
  const BernoulliFamily family = random_family(3, 4, 5);
  const std::unique_ptr<ComponentFamily> copy = family.clone();
  const Dataset data = binary_dataset(random_binary(4, 40, 6));
  arma::mat a, b;
  family.log_likelihood(DataBlock(data, 0, 40, 0), a);
  copy->log_likelihood(DataBlock(data, 0, 40, 0), b);
  BOOST_TEST(identical(a, b));
}

BOOST_AUTO_TEST_SUITE_END()  // scores_test
