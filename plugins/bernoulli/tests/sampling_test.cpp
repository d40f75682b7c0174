// Sampling a known mixture and refitting it recovers the parameters (within 5 standard errors); draws depend only on the stream.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/model/sample_mixture.hpp"
#include "support/model_builders.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(sampling_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr std::size_t kRows = 100000;
constexpr std::size_t kDimension = 8;
// Each check allows 5 standard errors: a false alarm has probability ~6e-7
// per check (~1e-4 over the ~30 checks), and the seed is fixed, so the test is
// deterministic anyway.
constexpr double kStandardErrors = 5.0;

const arma::vec kWeights = {0.5, 0.3, 0.2};

/// D×K: three well-separated patterns (so EM's estimates are close to the
/// complete-data ones), with probabilities away from 0 and 1.
arma::mat true_probabilities() {
  return arma::mat{{0.9, 0.1, 0.5},  //
                   {0.9, 0.1, 0.2},
                   {0.8, 0.2, 0.8},
                   {0.7, 0.9, 0.1},
                   {0.1, 0.9, 0.1},
                   {0.2, 0.8, 0.9},
                   {0.1, 0.3, 0.9},
                   {0.3, 0.1, 0.7}};
}

MixtureModel true_model(const FamilyRegistry& registry) {
  MixtureModel model = make_bernoulli_model(registry, kWeights.n_elem, binary_columns(kDimension), "{}");
  model.family().load(probabilities_node(true_probabilities()), "truth");
  model.mixing().set_weights(kWeights);
  return model;
}

/// Binary data from sample_mixture's D×n 0/1 doubles.
Dataset to_dataset(const arma::mat& draws) {
  BOOST_TEST_REQUIRE(all_zero_or_one(draws));
  return binary_dataset(arma::conv_to<arma::Mat<std::uint8_t>>::from(draws));
}

/// |estimate − truth| within kStandardErrors binomial standard errors sqrt(p(1 − p)/n), entry by entry.
void check_within_standard_errors(const arma::mat& estimate, const arma::mat& truth, const arma::vec& n_per_column,
                                  const std::string& what) {
  for (arma::uword k = 0; k < truth.n_cols; ++k)
    for (arma::uword d = 0; d < truth.n_rows; ++d) {
      const double p = truth(d, k);
      const double standard_error = std::sqrt(p * (1.0 - p) / n_per_column(k));
      BOOST_TEST(std::abs(estimate(d, k) - p) <= kStandardErrors * standard_error,
                 what << " (" << d << ", " << k << "): " << estimate(d, k) << " vs " << p << ", SE "
                      << standard_error);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(refit_from_the_true_partition_recovers_the_parameters) {
  const FamilyRegistry registry = build_tree_registry();
  const MixtureModel truth = true_model(registry);
  RandomStream stream = derive_stream(20260, "bernoulli sampling test", 0);
  arma::uvec components;
  const arma::mat draws = sample_mixture(truth, kRows, stream, components);
  BOOST_TEST_REQUIRE(draws.n_rows == kDimension);
  BOOST_TEST_REQUIRE(draws.n_cols == kRows);
  const Dataset data = to_dataset(draws);
  const double n = static_cast<double>(kRows);

  // The complete-data M-step from the true partition: p̂_kd = mean of column d
  // over component k's rows, with binomial standard error sqrt(p(1 − p)/n_k).
  MixtureModel fitted = make_bernoulli_model(registry, kWeights.n_elem, data.columns, "{}");
  const BlockPlan plan{kRows, 4096};
  const SufficientStatistics partition = statistics_from_weights(fitted, data, plan, one_hot(components, 3));
  fitted.family().maximize(partition, Estimator::maximum_likelihood);
  fitted.mixing().update(partition);
  const arma::vec sizes = partition.counts();
  check_within_standard_errors(saved_probabilities(fitted.family()), true_probabilities(), sizes, "partition");
  for (arma::uword k = 0; k < 3; ++k)
    BOOST_TEST(std::abs(sizes(k) / n - kWeights(k)) <= kStandardErrors * std::sqrt(kWeights(k) * (1 - kWeights(k)) / n));

  // EM from there. The components barely overlap, so the incomplete-data
  // estimates stay within the complete-data standard errors (using n·π_k).
  EmOptions options;
  options.max_iter = 200;
  options.tol = 1e-12;
  const FitReport report = expectation_maximization(fitted, data, plan, options);
  BOOST_TEST(report.converged);
  const arma::vec weights = fitted.mixing().weights();
  for (arma::uword k = 0; k < 3; ++k)
    BOOST_TEST(std::abs(weights(k) - kWeights(k)) <= kStandardErrors * std::sqrt(kWeights(k) * (1 - kWeights(k)) / n),
               "weight " << k << ": " << weights(k));
  check_within_standard_errors(saved_probabilities(fitted.family()), true_probabilities(), n * kWeights, "EM");
}

BOOST_AUTO_TEST_CASE(draws_follow_one_component) {
  BernoulliFamily family(2, 3, 1e-10);
  family.set_probabilities(arma::mat{{0.0, 0.25}, {1.0, 0.5}, {0.5, 0.9}});
  RandomStream stream(7);
  arma::mat draws;
  family.sample(1, kRows, stream, draws);
  BOOST_TEST_REQUIRE(draws.n_rows == 3u);
  BOOST_TEST_REQUIRE(draws.n_cols == kRows);
  BOOST_TEST(all_zero_or_one(draws));
  check_within_standard_errors(arma::mean(draws, 1), arma::vec{0.25, 0.5, 0.9}, arma::vec{double(kRows)}, "draws");
  // Exactly 0 and 1 are honoured.
  family.sample(0, 1000, stream, draws);
  BOOST_TEST(arma::all(draws.row(0) == 0.0));
  BOOST_TEST(arma::all(draws.row(1) == 1.0));
}

BOOST_AUTO_TEST_CASE(same_stream_same_draws) {
  const BernoulliFamily family = random_family(3, kDimension, 5);
  RandomStream a(99), b(99);
  arma::mat first, second, third;
  family.sample(2, 1000, a, first);
  family.sample(2, 1000, b, second);
  BOOST_TEST(identical(first, second));
  family.sample(2, 1000, a, third);  // the stream moved on
  BOOST_TEST(!identical(first, third));

  // And through the mixture: the same seed gives the same rows and components.
  const FamilyRegistry registry = build_tree_registry();
  const MixtureModel model = true_model(registry);
  RandomStream c = derive_stream(3, "sample", 0), d = derive_stream(3, "sample", 0);
  arma::uvec components_c, components_d;
  BOOST_TEST(identical(sample_mixture(model, 5000, c, components_c), sample_mixture(model, 5000, d, components_d)));
  BOOST_TEST(arma::all(components_c == components_d));
}

BOOST_AUTO_TEST_CASE(sampling_needs_parameters_and_a_valid_component) {
  BernoulliFamily family(2, 2, 1e-10);
  RandomStream stream(1);
  arma::mat out;
  BOOST_CHECK_THROW(family.sample(0, 10, stream, out), Error);
  family.set_probabilities(arma::mat(2, 2, arma::fill::value(0.5)));
  BOOST_CHECK_THROW(family.sample(2, 10, stream, out), Error);
}

BOOST_AUTO_TEST_SUITE_END()  // sampling_test
