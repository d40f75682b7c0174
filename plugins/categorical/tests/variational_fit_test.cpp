// Whole VB fits: with a weak prior and many rows VB lands where EM does; on the shipped fixture data the ELBO never falls.
#include <boost/test/unit_test.hpp>

#include "categorical_test_support.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/mixing/weight_prior.hpp"
#include "mixfit/model/sample_mixture.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(variational_fit_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::vector<std::size_t> kLevels{2, 3, 4, 5};
const arma::vec kTrueWeights = {0.5, 0.3, 0.2};

/// Three separated classes over columns with 2, 3, 4 and 5 levels, no level near 0.
arma::mat true_probabilities() {
  return arma::mat{
      {0.8, 0.2, /**/ 0.7, 0.2, 0.1, /**/ 0.6, 0.2, 0.1, 0.1, /**/ 0.5, 0.2, 0.1, 0.1, 0.1},
      {0.3, 0.7, /**/ 0.1, 0.8, 0.1, /**/ 0.1, 0.6, 0.2, 0.1, /**/ 0.1, 0.1, 0.6, 0.1, 0.1},
      {0.5, 0.5, /**/ 0.1, 0.1, 0.8, /**/ 0.1, 0.1, 0.1, 0.7, /**/ 0.05, 0.05, 0.1, 0.1, 0.7},
  };
}

struct Sample {
  Dataset data;
  arma::uvec components;
};

Sample planted_sample(std::size_t n, std::uint64_t seed) {
  Sample sample;
  sample.data = categorical_dataset(arma::Mat<std::uint16_t>(kLevels.size(), 0), kLevels);
  auto family = std::make_unique<CategoricalFamily>(3, layout_of(kLevels), CategoricalOptions{});
  family->set_probabilities(true_probabilities());
  auto mixing = std::make_unique<MaximumLikelihoodWeights>(3);
  mixing->set_weights(kTrueWeights);
  const MixtureModel truth(std::move(mixing), std::move(family), YAML::Node(), sample.data.columns);
  RandomStream stream = derive_stream(seed, "categorical vb test", 0);
  const arma::mat draws = sample_mixture(truth, n, stream, sample.components);
  sample.data.categorical = arma::conv_to<arma::Mat<std::uint16_t>>::from(draws);
  return sample;
}

/// A deliberately rough start shared by EM and VB: 0.6 on the true class, 0.2 on each other.
arma::mat rough_start(const arma::uvec& components) {
  arma::mat weights = 0.4 * one_hot(components, 3);
  weights += 0.2;
  return weights;
}

/// max |θ_VB − θ_EM| after both ran to convergence from the same start, and min_k N_k.
struct Comparison {
  double max_difference;
  double smallest_count;
};

Comparison compare_vb_with_em(const Sample& sample, double alpha) {
  const Dataset& data = sample.data;
  const BlockPlan plan{data.num_rows(), 4096};
  const arma::mat start = rough_start(sample.components);
  CategoricalOptions plain;
  plain.eps = 0.0;

  MixtureModel em(std::make_unique<MaximumLikelihoodWeights>(3),
                  std::make_unique<CategoricalFamily>(3, layout_of(kLevels), plain), YAML::Node(), data.columns);
  apply_update(em, statistics_from_weights(em, data, plan, start), ParameterUpdate::point);
  EmOptions em_options;  // every other field at its default
  em_options.max_iter = 1000;
  em_options.tol = 1e-13;
  expectation_maximization(em, data, plan, em_options);

  CategoricalOptions with_prior = plain;
  with_prior.prior_alpha = alpha;
  MixtureModel vb(make_mixing(WeightPrior{"dirichlet_distribution", 1.0}, 3, true, "test"),
                  std::make_unique<CategoricalFamily>(3, layout_of(kLevels), with_prior), YAML::Node(), data.columns);
  set_prior_from_data(vb, data, plan);
  apply_update(vb, statistics_from_weights(vb, data, plan, start), ParameterUpdate::variational);
  const FitReport report = variational_bayes(vb, data, plan, VbOptions{1000, 1e-9});
  BOOST_TEST(report.converged);
  BOOST_TEST(report.warnings.empty());

  const auto& em_family = dynamic_cast<const CategoricalFamily&>(em.family());
  const auto& vb_family = dynamic_cast<const CategoricalFamily&>(vb.family());
  const arma::vec counts = vb.mixing().weights() * static_cast<double>(data.num_rows());
  return {arma::abs(vb_family.probabilities() - em_family.probabilities()).max(), counts.min()};
}

}  // namespace

// VB's point estimates differ from EM's by O(1/N_k): the posterior mean
// (S + α)/(n + Lα) against S/n, and in the E-step exp E[log θ] against θ,
// whose logs differ by about 1/(2 α_kjl) with α_kjl ≈ N_k θ. With N_k in the
// thousands both are ~1e-4; 10/N_k is a bound with room to spare (more levels
// than the Bernoulli's two). A prior of N_k/10 pseudo-counts per level must break it.
BOOST_AUTO_TEST_CASE(with_a_weak_prior_and_many_rows_vb_approaches_em) {
  const Sample sample = planted_sample(20000, 3);
  for (const double alpha : {1e-6, 1.0}) {
    const Comparison weak = compare_vb_with_em(sample, alpha);
    BOOST_TEST_MESSAGE("Dir(" << alpha << "): max |theta_VB - theta_EM| = " << weak.max_difference
                              << ", min N_k = " << weak.smallest_count);
    BOOST_TEST(weak.max_difference <= 10.0 / weak.smallest_count, "Dir(" << alpha << "): " << weak.max_difference);
  }
  const Comparison strong = compare_vb_with_em(sample, 400.0);
  BOOST_TEST_MESSAGE("Dir(400): max |theta_VB - theta_EM| = " << strong.max_difference);
  BOOST_TEST(strong.max_difference > 10.0 / strong.smallest_count);
}

// The difference shrinks like 1/N: four times the rows, about a quarter of the difference.
BOOST_AUTO_TEST_CASE(the_difference_from_em_shrinks_like_one_over_n) {
  const Comparison small = compare_vb_with_em(planted_sample(5000, 4), 1.0);
  const Comparison large = compare_vb_with_em(planted_sample(20000, 4), 1.0);
  BOOST_TEST_MESSAGE("N = 5000: " << small.max_difference << ", N = 20000: " << large.max_difference);
  BOOST_TEST(large.max_difference < 0.5 * small.max_difference);
}

BOOST_AUTO_TEST_CASE(elbo_never_decreases_on_the_fixture_data) {
  std::vector<ColumnRequest> requests;
  for (const char* name : {"f0", "f1", "f2", "f3", "f4", "f5"}) requests.push_back({name, ColumnKind::categorical, {}});
  const Dataset data = read_table(fixture_path("categorical_n300.csv"), requests);
  const BlockPlan plan{data.num_rows(), 64};
  std::vector<std::string> names;
  std::vector<std::size_t> levels;
  for (const ColumnSpec& column : data.columns) {
    names.push_back(column.name);
    levels.push_back(column.levels.size());
  }
  BOOST_TEST_REQUIRE((levels == std::vector<std::size_t>{3, 4, 5, 3, 4, 5}));
  for (const char* weight_prior : {"dirichlet_distribution", "dirichlet_process"})
    for (const std::optional<double> alpha : {std::optional<double>(), std::optional<double>(0.3)}) {
      BOOST_TEST_CONTEXT(weight_prior << ", prior alpha " << (alpha ? *alpha : 0.0)) {
        CategoricalOptions options;
        options.prior_alpha = alpha;
        MixtureModel model(make_mixing(WeightPrior{weight_prior, 0.1}, 6, true, "test"),
                           std::make_unique<CategoricalFamily>(6, LevelLayout(names, levels), options), YAML::Node(),
                           data.columns);
        set_prior_from_data(model, data, plan);
        RandomStream stream = derive_stream(7, "categorical vb", 0);
        InitConfig init;
        init.method = "kmeans++";
        initialise(model, data, plan, init, "test", stream, ParameterUpdate::variational);
        const FitReport report = variational_bayes(model, data, plan, VbOptions{150, 0.0});
        BOOST_TEST(report.objective_name == "elbo");
        BOOST_TEST(report.warnings.empty());
        BOOST_TEST_REQUIRE(report.trace.size() == 150u);
        for (std::size_t t = 1; t < report.trace.size(); ++t) {
          const double elbo = report.trace[t].objective;
          BOOST_TEST(std::isfinite(elbo));
          BOOST_TEST(report.trace[t].delta >= -1e-9 * std::abs(elbo),
                     "iteration " << t + 1 << ": the ELBO fell by " << -report.trace[t].delta);
        }
        BOOST_TEST(report.trace.back().objective > report.trace.front().objective);
        BOOST_TEST(report.trace.back().objective < 0.0);
      }
    }
}

BOOST_AUTO_TEST_SUITE_END()  // variational_fit_test
