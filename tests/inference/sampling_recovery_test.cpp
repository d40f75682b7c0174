// Sampling from a known 3-component model and refitting recovers it; the same seed gives the same bits.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/random_streams.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/model/sample_mixture.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

#include <cmath>

BOOST_AUTO_TEST_SUITE(sampling_recovery_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

MixtureModel known_model(const FamilyRegistry& registry) {
  MixtureModel model = make_gaussian_model(registry, 3, {"x", "y"}, "full", 0.0);
  const YAML::Node parameters = YAML::Load(R"(
weights: [0.5, 0.3, 0.2]
components:
  - {mean: [0, 0], covariance: [[1, 0.5], [0.5, 2]]}
  - {mean: [6, 1], covariance: [[0.5, 0], [0, 0.5]]}
  - {mean: [-4, 5], covariance: [[2, -0.8], [-0.8, 1]]}
)");
  model.family().load(parameters, "known model");
  model.mixing().load(parameters, "known model");
  return model;
}

}  // namespace

BOOST_AUTO_TEST_CASE(same_seed_same_samples) {
  const FamilyRegistry registry = build_tree_registry();
  const MixtureModel model = known_model(registry);
  RandomStream a = derive_stream(1, "sample", 0);
  RandomStream b = derive_stream(1, "sample", 0);
  RandomStream c = derive_stream(2, "sample", 0);
  arma::uvec la, lb, lc;
  const arma::mat xa = sample_mixture(model, 1000, a, la);
  const arma::mat xb = sample_mixture(model, 1000, b, lb);
  const arma::mat xc = sample_mixture(model, 1000, c, lc);
  BOOST_TEST(arma::approx_equal(xa, xb, "absdiff", 0.0));
  BOOST_TEST(arma::all(la == lb));
  BOOST_TEST(!arma::approx_equal(xa, xc, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(refit_recovers_weights_means_and_covariances) {
  const FamilyRegistry registry = build_tree_registry();
  const MixtureModel truth = known_model(registry);
  constexpr std::size_t n = 200000;
  RandomStream stream = derive_stream(42, "sample", 0);
  arma::uvec components;
  const Dataset data = Dataset::from_real("samples", {"x", "y"}, sample_mixture(truth, n, stream, components));

  // Start EM from the true labels' partition and let it converge.
  MixtureModel fitted = make_gaussian_model(registry, 3, {"x", "y"}, "full", 0.0);
  const BlockPlan plan{n, 4096};
  const SufficientStatistics start = statistics_from_weights(fitted, data, plan, one_hot(components, 3));
  fitted.family().maximize(start, Estimator::maximum_likelihood);
  fitted.mixing().update(start);
  EmOptions options;
  options.max_iter = 200;
  options.tol = 1e-10;
  BOOST_TEST(expectation_maximization(fitted, data, plan, options).converged);

  // Standard errors at n = 200k: weight sqrt(w(1-w)/n) ≈ 1e-3, mean sqrt(σ²/n_k) ≤ 7e-3,
  // covariance entries ≈ σ² sqrt(2/n_k) ≤ 1.4e-2. Allow 5 standard errors.
  const arma::vec w_true = truth.mixing().weights();
  const arma::vec w_fit = fitted.mixing().weights();
  for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(std::abs(w_fit(k) - w_true(k)) < 5 * 1.2e-3);

  YAML::Emitter a, b;
  a << YAML::BeginMap;
  truth.family().save(a);
  a << YAML::EndMap;
  b << YAML::BeginMap;
  fitted.family().save(b);
  b << YAML::EndMap;
  const YAML::Node t = YAML::Load(a.c_str());
  const YAML::Node f = YAML::Load(b.c_str());
  for (std::size_t k = 0; k < 3; ++k) {
    const double scale = std::sqrt(static_cast<double>(n) * w_true(k));
    const arma::vec mean_error = arma::abs(to_vec(f["components"][k]["mean"]) - to_vec(t["components"][k]["mean"]));
    BOOST_TEST(mean_error.max() < 5 * std::sqrt(2.0) / scale);
    const arma::mat cov_true = to_mat(t["components"][k]["covariance"]);
    const arma::mat cov_error = arma::abs(to_mat(f["components"][k]["covariance"]) - cov_true);
    BOOST_TEST(cov_error.max() < 5 * 2.0 * std::sqrt(2.0) / scale);
  }
}

BOOST_AUTO_TEST_SUITE_END()  // sampling_recovery_test
