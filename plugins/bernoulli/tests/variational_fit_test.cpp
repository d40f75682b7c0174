// Whole VB fits: with a weak prior and many rows VB lands where EM does; on the digits fixture the ELBO never falls.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/mixing/weight_prior.hpp"
#include "mixfit/model/sample_mixture.hpp"
#include "support/model_builders.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(variational_fit_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr std::size_t kDimension = 8;
const arma::vec kWeights = {0.5, 0.3, 0.2};

/// D×K: three separated patterns with probabilities away from 0 and 1.
arma::mat true_probabilities() {
  return arma::mat{{0.9, 0.1, 0.5}, {0.9, 0.1, 0.2}, {0.8, 0.2, 0.8}, {0.7, 0.9, 0.1},
                   {0.1, 0.9, 0.1}, {0.2, 0.8, 0.9}, {0.1, 0.3, 0.9}, {0.3, 0.1, 0.7}};
}

/// n rows from the true mixture, and each row's true component.
struct Sample {
  Dataset data;
  arma::uvec components;
};

Sample planted_sample(const FamilyRegistry& registry, std::size_t n, std::uint64_t seed) {
  MixtureModel truth = make_bernoulli_model(registry, kWeights.n_elem, binary_columns(kDimension), "{}");
  truth.family().load(probabilities_node(true_probabilities()), "truth");
  truth.mixing().set_weights(kWeights);
  RandomStream stream = derive_stream(seed, "bernoulli vb test", 0);
  Sample sample;
  const arma::mat draws = sample_mixture(truth, n, stream, sample.components);
  sample.data = binary_dataset(arma::conv_to<arma::Mat<std::uint8_t>>::from(draws));
  return sample;
}

/// A deliberately rough start shared by EM and VB: 0.6 on the true component, 0.2 on each other.
arma::mat rough_start(const arma::uvec& components) {
  arma::mat weights = 0.4 * one_hot(components, kWeights.n_elem);
  weights += 0.2;
  return weights;
}

/// Runs EM (maximum likelihood) and VB under Beta(alpha, beta) from the same
/// start to convergence and returns max |p_VB − p_EM| and min_k N_k.
struct Comparison {
  double max_difference;
  double smallest_count;
};

Comparison compare_vb_with_em(const FamilyRegistry& registry, const Sample& sample, double alpha, double beta) {
  const Dataset& data = sample.data;
  const BlockPlan plan{data.num_rows(), 4096};
  const arma::mat start = rough_start(sample.components);

  MixtureModel em = make_bernoulli_model(registry, 3, data.columns, "{eps: 0}");
  apply_update(em, statistics_from_weights(em, data, plan, start), ParameterUpdate::point);
  EmOptions em_options;  // every other field at its default
  em_options.max_iter = 1000;
  em_options.tol = 1e-13;
  expectation_maximization(em, data, plan, em_options);

  const std::string prior = "{prior: {alpha: " + format_double(alpha) + ", beta: " + format_double(beta) + "}}";
  const YAML::Node options = registry.resolve_options("bernoulli", YAML::Load(prior), {"test", "model.options"});
  MixtureModel vb(make_mixing(WeightPrior{"dirichlet_distribution", 1.0}, 3, true, "test"),
                  registry.create("bernoulli", FamilySpec{3, data.columns, options, "test", &registry}), options,
                  data.columns);
  set_prior_from_data(vb, data, plan);
  apply_update(vb, statistics_from_weights(vb, data, plan, start), ParameterUpdate::variational);
  const FitReport report = variational_bayes(vb, data, plan, VbOptions{1000, 1e-9});
  BOOST_TEST(report.converged);
  BOOST_TEST(report.warnings.empty());

  const arma::mat p_em = saved_probabilities(em.family());
  const arma::mat p_vb = saved_probabilities(vb.family());
  const arma::vec counts = vb.mixing().weights() * static_cast<double>(data.num_rows());
  return {arma::abs(p_vb - p_em).max(), counts.min()};
}

}  // namespace

// VB's point estimates differ from EM's by O(1/N_k): the posterior mean
// (S + α)/(N_k + α + β) against S/N_k, and in the E-step exp E[log p] against
// p, whose logs differ by about (1 − p)/(2a) with a ≈ N_k p. With N_k in the
// thousands both are ~1e-4; 5/N_k is a bound with room to spare. A prior of
// N_k/10 pseudo-counts (not weak) must break that bound.
BOOST_AUTO_TEST_CASE(with_a_weak_prior_and_many_rows_vb_approaches_em) {
  const FamilyRegistry registry = build_tree_registry();
  const Sample sample = planted_sample(registry, 20000, 3);
  for (const double pseudo_count : {1e-6, 1.0}) {
    const Comparison weak = compare_vb_with_em(registry, sample, pseudo_count, pseudo_count);
    BOOST_TEST_MESSAGE("Beta(" << pseudo_count << ", " << pseudo_count << "): max |p_VB - p_EM| = "
                               << weak.max_difference << ", min N_k = " << weak.smallest_count);
    BOOST_TEST(weak.max_difference <= 5.0 / weak.smallest_count,
               "Beta(" << pseudo_count << ", " << pseudo_count << "): " << weak.max_difference);
  }
  const Comparison strong = compare_vb_with_em(registry, sample, 400.0, 400.0);
  BOOST_TEST_MESSAGE("Beta(400, 400): max |p_VB - p_EM| = " << strong.max_difference);
  BOOST_TEST(strong.max_difference > 5.0 / strong.smallest_count);
}

// The difference shrinks like 1/N: four times the rows, about a quarter of the difference.
BOOST_AUTO_TEST_CASE(the_difference_from_em_shrinks_like_one_over_n) {
  const FamilyRegistry registry = build_tree_registry();
  const Comparison small = compare_vb_with_em(registry, planted_sample(registry, 5000, 4), 1.0, 1.0);
  const Comparison large = compare_vb_with_em(registry, planted_sample(registry, 20000, 4), 1.0, 1.0);
  BOOST_TEST_MESSAGE("N = 5000: " << small.max_difference << ", N = 20000: " << large.max_difference);
  BOOST_TEST(large.max_difference < 0.5 * small.max_difference);
}

BOOST_AUTO_TEST_CASE(elbo_never_decreases_on_the_digits_fixture) {
  const FamilyRegistry registry = build_tree_registry();
  std::vector<ColumnRequest> requests;
  for (std::size_t d = 0; d < 64; ++d) {
    std::string name = "p";  // appended, not "p" + to_string(d): GCC 12's false -Wrestrict (bug 105329)
    name += std::to_string(d);
    requests.push_back({name, ColumnKind::binary, {}});
  }
  const Dataset data = read_table(fixture_path("digits_binary_200.csv"), requests);
  const BlockPlan plan{data.num_rows(), 64};
  for (const char* weight_prior : {"dirichlet_distribution", "dirichlet_process"})
    for (const char* prior : {"{}", "{prior: {alpha: 0.5, beta: 2}}"}) {
      BOOST_TEST_CONTEXT(weight_prior << ", options " << prior) {
        const YAML::Node options = registry.resolve_options("bernoulli", YAML::Load(prior), {"test", "model.options"});
        MixtureModel model(make_mixing(WeightPrior{weight_prior, 0.1}, 10, true, "test"),
                           registry.create("bernoulli", FamilySpec{10, data.columns, options, "test", &registry}),
                           options, data.columns);
        set_prior_from_data(model, data, plan);
        RandomStream stream = derive_stream(7, "digits vb", 0);
        InitConfig init;
        init.method = "kmeans++";
        initialise(model, data, plan, init, "test", stream, ParameterUpdate::variational);
        const FitReport report = variational_bayes(model, data, plan, VbOptions{150, 0.0});
        BOOST_TEST(report.objective_name == "elbo");
        BOOST_TEST(report.n_iter == 150u);
        BOOST_TEST(report.warnings.empty());
        BOOST_TEST_REQUIRE(report.trace.size() == 150u);
        for (std::size_t t = 1; t < report.trace.size(); ++t) {
          const double elbo = report.trace[t].objective;
          BOOST_TEST(std::isfinite(elbo));
          BOOST_TEST(report.trace[t].delta >= -1e-9 * std::abs(elbo),
                     "iteration " << t + 1 << ": the ELBO fell by " << -report.trace[t].delta);
        }
        // The ELBO moved (the fit did something) and is a bound on a log-probability of 200·64 cells.
        BOOST_TEST(report.trace.back().objective > report.trace.front().objective);
        BOOST_TEST(report.trace.back().objective < 0.0);
      }
    }
}

BOOST_AUTO_TEST_SUITE_END()  // variational_fit_test
