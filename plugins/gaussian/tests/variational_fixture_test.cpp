// Variational Bayes against scikit-learn 1.2.1's BayesianGaussianMixture: both weight priors, 300 iterations.
#include <boost/test/unit_test.hpp>

#include "bgmm_fixture_support.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"

#include <sstream>
#include <utility>
#include <vector>

BOOST_AUTO_TEST_SUITE(variational_fixture_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// The fixtures' README: parameters agree to ~1e-12 relative with an independent implementation.
constexpr double kRelative = 1e-8;

// Every variational parameter of the state against the fixture, to kRelative; prints the worst errors seen.
void expect_state(const MixtureModel& model, const YAML::Node& expected, const std::string& when) {
  const auto& family = dynamic_cast<const FullGaussianFamily&>(model.family());
  const YAML::Node w = expected["weight_concentration"];
  const arma::mat expected_concentration = w[0].IsSequence() ? to_mat(w) : arma::mat(to_vec(w).t());
  const std::vector<std::pair<std::string, double>> errors = {
      {"weight_concentration", max_relative_error(concentration(model.mixing()), expected_concentration)},
      {"mean_precision", max_relative_error(family.mean_precisions(), to_vec(expected["mean_precision"]))},
      {"means", max_relative_error(family.means(), to_columns(expected["means"]))},
      {"degrees_of_freedom", max_relative_error(family.degrees_of_freedom(), to_vec(expected["degrees_of_freedom"]))},
      {"covariances", max_relative_error(arma::vectorise(family.covariances()),
                                         arma::vectorise(to_cube(expected["covariances"])))}};
  std::ostringstream report;
  for (const auto& [name, error] : errors) {
    BOOST_TEST(error < kRelative, when << ": " << name << " relative error " << error);
    report << " " << name << " " << error;
  }
  BOOST_TEST_MESSAGE("worst relative errors " << when << ":" << report.str());
}

void check_fixture(const std::string& name) {
  const YAML::Node fixture = load_fixture(name);
  const Dataset data = Dataset::from_real("three_blobs", {"x", "y"}, load_three_blobs());
  const BlockPlan plan{data.num_rows(), 4096};
  MixtureModel model = bgmm_fixture_model<FullGaussianFamily>(fixture);

  // The recorded one-hot start, then one variational M-step.
  arma::uvec labels(fixture["init"]["labels"].size());
  for (std::size_t n = 0; n < labels.n_elem; ++n) labels(n) = fixture["init"]["labels"][n].as<arma::uword>();
  apply_update(model, statistics_from_weights(model, data, plan, one_hot(labels, model.num_components())),
               ParameterUpdate::variational);
  expect_state(model, fixture["expected"]["state_after_initialization"], name + " after initialisation");

  const FitReport report = variational_bayes(model, data, plan, VbOptions{300, 0.0});
  BOOST_TEST(report.n_iter == 300u);
  BOOST_TEST(!report.converged);
  expect_state(model, fixture["expected"], name + " after 300 iterations");
  const double weights_error = max_relative_error(model.mixing().weights(), to_vec(fixture["expected"]["weights"]));
  BOOST_TEST(weights_error < kRelative);
  BOOST_TEST_MESSAGE("worst relative error of the weights " << name << ": " << weights_error);

  // Labels: arg max of the final variational responsibilities.
  arma::uvec final_labels;
  statistics_pass(model, data, plan, Assignment::soft, {nullptr, &final_labels, nullptr}, Scoring::variational);
  std::size_t mismatches = 0;
  for (std::size_t n = 0; n < final_labels.n_elem; ++n)
    mismatches += final_labels(n) != fixture["expected"]["labels"][n].as<arma::uword>();
  BOOST_TEST(mismatches == 0u);

  // Our bound keeps every term (scikit-learn's drops some), so compare its shape: it never decreases.
  for (std::size_t t = 1; t < report.trace.size(); ++t)
    BOOST_TEST(report.trace[t].delta >= -1e-9 * std::abs(report.trace[t].objective), "iteration " << t + 1);
  BOOST_TEST(report.warnings.empty());
}

}  // namespace

BOOST_AUTO_TEST_CASE(dirichlet_process_weights_match_scikit_learn) {
  check_fixture("three_blobs_bgmm_full_dirichlet_process.json");
}

BOOST_AUTO_TEST_CASE(dirichlet_distribution_weights_match_scikit_learn) {
  check_fixture("three_blobs_bgmm_full_dirichlet_distribution.json");
}

BOOST_AUTO_TEST_SUITE_END()  // variational_fixture_test
