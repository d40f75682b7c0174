// Draws follow the component's probabilities; a sampled mixture refitted by EM gives back its weights and probabilities.
#include <boost/test/unit_test.hpp>

#include "categorical_test_support.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/model/sample_mixture.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(sampling_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// Each check allows 5 standard errors: a false alarm has probability ~6e-7
// per check, and the seeds are fixed, so the test is deterministic anyway.
constexpr double kStandardErrors = 5.0;
constexpr std::size_t kRows = 100000;
const std::vector<std::size_t> kLevels{2, 3, 4, 5};

/// Three well-separated classes over columns with 2, 3, 4 and 5 levels.
arma::mat true_probabilities() {
  return arma::mat{
      {0.8, 0.2, /**/ 0.7, 0.2, 0.1, /**/ 0.6, 0.2, 0.1, 0.1, /**/ 0.5, 0.2, 0.1, 0.1, 0.1},
      {0.3, 0.7, /**/ 0.1, 0.8, 0.1, /**/ 0.1, 0.6, 0.2, 0.1, /**/ 0.1, 0.1, 0.6, 0.1, 0.1},
      {0.5, 0.5, /**/ 0.1, 0.1, 0.8, /**/ 0.1, 0.1, 0.1, 0.7, /**/ 0.05, 0.05, 0.1, 0.1, 0.7},
  };
}
const arma::vec kTrueWeights = {0.5, 0.3, 0.2};

MixtureModel model_with(const arma::vec& weights, const arma::mat& probabilities, const Dataset& shape) {
  auto family = std::make_unique<CategoricalFamily>(weights.n_elem, layout_of(kLevels), CategoricalOptions{});
  family->set_probabilities(probabilities);
  auto mixing = std::make_unique<MaximumLikelihoodWeights>(weights.n_elem);
  mixing->set_weights(weights);
  return MixtureModel(std::move(mixing), std::move(family), YAML::Node(), shape.columns);
}

/// Codes of a D×n matrix of sampled doubles, checked to be whole level codes.
arma::Mat<std::uint16_t> as_codes(const arma::mat& draws) {
  BOOST_TEST_REQUIRE(arma::all(arma::vectorise(draws == arma::floor(draws))));
  return arma::conv_to<arma::Mat<std::uint16_t>>::from(draws);
}

}  // namespace

BOOST_AUTO_TEST_CASE(draws_follow_the_component) {
  CategoricalFamily family(3, layout_of(kLevels), {});
  family.set_probabilities(true_probabilities());
  RandomStream stream(2024);
  arma::mat draws;
  family.sample(2, kRows, stream, draws);
  BOOST_TEST_REQUIRE(draws.n_rows == kLevels.size());
  BOOST_TEST_REQUIRE(draws.n_cols == kRows);
  const double n = static_cast<double>(kRows);
  for (std::size_t j = 0; j < kLevels.size(); ++j) {
    const arma::vec theta = family.probabilities(2, j);
    for (std::size_t l = 0; l < kLevels[j]; ++l) {
      const double frequency = static_cast<double>(arma::accu(draws.row(j) == static_cast<double>(l))) / n;
      BOOST_TEST(std::abs(frequency - theta(l)) <= kStandardErrors * std::sqrt(theta(l) * (1 - theta(l)) / n),
                 "column " << j << " level " << l);
    }
    BOOST_TEST(draws.row(j).max() <= static_cast<double>(kLevels[j] - 1));
  }
}

BOOST_AUTO_TEST_CASE(same_stream_same_draws) {
  CategoricalFamily family(3, layout_of(kLevels), {});
  family.set_probabilities(true_probabilities());
  RandomStream a(99), b(99);
  arma::mat first, second, third;
  family.sample(1, 1000, a, first);
  family.sample(1, 1000, b, second);
  BOOST_TEST(identical(first, second));
  family.sample(1, 1000, a, third);  // the stream moved on
  BOOST_TEST(!identical(first, third));
}

BOOST_AUTO_TEST_CASE(sampling_needs_parameters_and_a_valid_component) {
  CategoricalFamily family(3, layout_of(kLevels), {});
  RandomStream stream(1);
  arma::mat out;
  BOOST_CHECK_THROW(family.sample(0, 10, stream, out), Error);
  family.set_probabilities(true_probabilities());
  BOOST_CHECK_THROW(family.sample(3, 10, stream, out), Error);
}

BOOST_AUTO_TEST_CASE(refitting_a_sample_recovers_the_mixture) {
  const Dataset shape = categorical_dataset(arma::Mat<std::uint16_t>(kLevels.size(), 1, arma::fill::zeros), kLevels);
  const MixtureModel truth = model_with(kTrueWeights, true_probabilities(), shape);
  RandomStream stream(31337);
  arma::uvec components;
  const arma::mat draws = sample_mixture(truth, kRows, stream, components);
  const Dataset data = categorical_dataset(as_codes(draws), kLevels, "sample");

  // Start halfway between the truth and uniform, so EM's labels match the truth's.
  arma::mat start = true_probabilities();
  for (std::size_t j = 0; j < kLevels.size(); ++j) {
    const std::size_t first = truth.family().stat_layout().component_fields[j].offset;
    start.cols(first, first + kLevels[j] - 1) =
        0.5 * start.cols(first, first + kLevels[j] - 1) + 0.5 / static_cast<double>(kLevels[j]);
  }
  MixtureModel model = model_with(arma::vec{1.0, 1.0, 1.0} / 3.0, start, data);
  EmOptions options;
  options.max_iter = 500;
  options.tol = 1e-10;
  const FitReport report = expectation_maximization(model, data, {data.num_rows(), 4096}, options);
  BOOST_TEST(report.converged);
  // EM never decreases the likelihood.
  for (std::size_t t = 1; t < report.trace.size(); ++t)
    BOOST_TEST(report.trace[t].objective >= report.trace[t - 1].objective - 1e-12);

  const double n = static_cast<double>(kRows);
  const arma::vec weights = model.mixing().weights();
  for (std::size_t k = 0; k < 3; ++k) {
    const double w = kTrueWeights(k);
    // Complete-data standard errors; the classes are separated well enough that
    // the latent labels cost little information (5 SE leave room for that).
    BOOST_TEST(std::abs(weights(k) - w) <= kStandardErrors * std::sqrt(w * (1 - w) / n), "weight " << k);
    const auto& family = dynamic_cast<const CategoricalFamily&>(model.family());
    for (std::size_t j = 0; j < kLevels.size(); ++j) {
      const arma::vec theta = family.probabilities(k, j);
      const std::size_t first = family.layout().offset(j);
      for (std::size_t l = 0; l < kLevels[j]; ++l) {
        const double p = true_probabilities()(k, first + l);
        BOOST_TEST(std::abs(theta(l) - p) <= kStandardErrors * std::sqrt(p * (1 - p) / (n * w)),
                   "component " << k << " column " << j << " level " << l);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()  // sampling_test
