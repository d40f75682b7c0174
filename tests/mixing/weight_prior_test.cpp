// model.weights: which mixing model each algorithm gets, MAP weights, and located errors.
#include <boost/test/unit_test.hpp>

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/mixing/weight_prior.hpp"
#include "support/fixtures.hpp"

BOOST_AUTO_TEST_SUITE(weight_prior_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

std::string experiment(const std::string& algorithm, const std::string& weights) {
  return "data: {path: data.csv}\n"
         "model:\n"
         "  components: 4\n"
         "  family: gaussian\n" +
         weights + "inference: {algorithm: " + algorithm + "}\n";
}

std::string load_error(const std::string& text) {
  TempDir dir;
  write_text(dir.path() + "/exp.yaml", text);
  try {
    load_experiment(dir.path() + "/exp.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_algorithm_gets_its_mixing_model) {
  BOOST_TEST(make_mixing({}, 3, false, "x")->name() == "maximum_likelihood");
  BOOST_TEST(make_mixing({}, 3, true, "x")->name() == "dirichlet_process");  // scikit-learn's default
  BOOST_TEST(make_mixing({"dirichlet_distribution", std::nullopt}, 3, true, "x")->name() == "dirichlet_distribution");
  BOOST_TEST(make_mixing({"dirichlet_distribution", 2.0}, 3, false, "x")->name() == "maximum_likelihood");
  BOOST_CHECK_THROW(make_mixing({"dirichlet_process", 2.0}, 3, false, "x"), ConfigError);
  BOOST_CHECK_THROW(make_mixing({"dirichlet_distribution", std::nullopt}, 3, false, "x"), ConfigError);
}

BOOST_AUTO_TEST_CASE(map_weights_are_the_dirichlet_mode) {
  StatLayout layout;
  layout.num_components = 3;
  SufficientStatistics stats(layout);
  stats.count(0) = 0.0;
  stats.count(1) = 3.0;
  stats.count(2) = 7.0;
  MaximumLikelihoodWeights weights(3, 2.0);
  weights.update(stats);
  // (N_k + α − 1) / (N + K(α − 1)) = (1, 4, 8) / 13
  const arma::vec expected = arma::vec{1.0, 4.0, 8.0} / 13.0;
  BOOST_TEST(max_relative_error(weights.weights(), expected) < 1e-15);
}

BOOST_AUTO_TEST_CASE(experiment_reads_the_weight_prior) {
  TempDir dir;
  write_text(dir.path() + "/exp.yaml",
             experiment("vb", "  weights: {prior: dirichlet_distribution, concentration: 0.01}\n"));
  const ExperimentConfig config = load_experiment(dir.path() + "/exp.yaml");
  BOOST_TEST(config.algorithm == "vb");
  BOOST_TEST(config.weight_prior.type == "dirichlet_distribution");
  BOOST_TEST(*config.weight_prior.concentration == 0.01);
}

BOOST_AUTO_TEST_CASE(point_estimates_reject_priors_without_a_mode) {
  const std::string process = load_error(experiment("em", "  weights: {prior: dirichlet_process}\n"));
  BOOST_TEST(process.find("exp.yaml:5:") != std::string::npos, process);
  BOOST_TEST(process.find("model.weights.prior: dirichlet_process weights need inference.algorithm: vb") !=
                 std::string::npos,
             process);
  const std::string small = load_error(experiment("em", "  weights:\n    prior: dirichlet_distribution\n"
                                                         "    concentration: 0.5\n"));
  BOOST_TEST(small.find("exp.yaml:7:") != std::string::npos, small);
  BOOST_TEST(small.find("model.weights.concentration: em uses the mode") != std::string::npos, small);
  const std::string by_default = load_error(experiment("em", "  weights: {prior: dirichlet_distribution}\n"));
  BOOST_TEST(by_default.find("(the default 1/K)") != std::string::npos, by_default);
  const std::string negative = load_error(experiment("vb", "  weights: {concentration: -1}\n"));
  BOOST_TEST(negative.find("model.weights.concentration") != std::string::npos, negative);
}

BOOST_AUTO_TEST_SUITE_END()  // weight_prior_test
