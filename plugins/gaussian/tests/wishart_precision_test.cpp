// precision_model: wishart reproduces scikit-learn 1.2.1's BayesianGaussianMixture for diag and spherical
// covariances (both weight priors, 100 iterations from the shared fixture's start); gamma, the default, is
// another model and gives other numbers.
//
// tests/data/sklearn_bgmm/*.json come from scripts/reference/sklearn_bgmm_diag_spherical.py.
#include <boost/test/unit_test.hpp>

#include "bgmm_fixture_support.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"

#include <sstream>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(wishart_precision_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::string kDataDir = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/sklearn_bgmm/";

/// The largest relative error of every variational parameter against `expected`.
template <class Family>
double state_error(const MixtureModel& model, const YAML::Node& expected, std::ostringstream& report) {
  const auto& family = dynamic_cast<const Family&>(model.family());
  const YAML::Node w = expected["weight_concentration"];
  const arma::mat expected_concentration = w[0].IsSequence() ? to_mat(w) : arma::mat(to_vec(w).t());
  // scikit-learn's covariances_: diag K×D rows, spherical K numbers; ours D×K and K.
  const YAML::Node c = expected["covariances"];
  const arma::mat expected_covariances = c[0].IsSequence() ? to_columns(c) : arma::mat(to_vec(c));
  const std::vector<std::pair<std::string, double>> errors = {
      {"weight_concentration", max_relative_error(concentration(model.mixing()), expected_concentration)},
      {"mean_precision", max_relative_error(family.mean_precisions(), to_vec(expected["mean_precision"]))},
      {"means", max_relative_error(family.means(), to_columns(expected["means"]))},
      {"degrees_of_freedom", max_relative_error(family.degrees_of_freedom(), to_vec(expected["degrees_of_freedom"]))},
      {"covariances", max_relative_error(arma::mat(family.covariances()), expected_covariances)}};
  double worst = 0.0;
  for (const auto& [name, error] : errors) {
    report << " " << name << " " << error;
    worst = std::max(worst, error);
  }
  return worst;
}

/// Runs the fixture's start and 100 iterations; returns the worst relative error of the final state.
template <class Family>
double fit_error(const std::string& name, PrecisionModel precision_model) {
  const YAML::Node fixture = YAML::LoadFile(kDataDir + name);
  const Dataset data = Dataset::from_real("three_blobs", {"x", "y"}, load_three_blobs());
  const BlockPlan plan{data.num_rows(), 4096};
  MixtureModel model = bgmm_fixture_model<Family>(fixture, precision_model);
  arma::uvec labels(fixture["init"]["labels"].size());
  for (std::size_t n = 0; n < labels.n_elem; ++n) labels(n) = fixture["init"]["labels"][n].as<arma::uword>();
  apply_update(model, statistics_from_weights(model, data, plan, one_hot(labels, model.num_components())),
               ParameterUpdate::variational);
  std::ostringstream start;
  BOOST_TEST(state_error<Family>(model, fixture["expected"]["state_after_initialization"], start) < 1e-12,
             name << " after initialisation:" << start.str());
  const std::size_t iterations = fixture["expected"]["n_iter"].as<std::size_t>();
  const FitReport report = variational_bayes(model, data, plan, VbOptions{iterations, 0.0});
  BOOST_TEST(report.n_iter == iterations);
  // Whichever q, the bound is a true bound of its model: it never decreases.
  for (std::size_t t = 1; t < report.trace.size(); ++t)
    BOOST_TEST(report.trace[t].delta >= -1e-9 * std::abs(report.trace[t].objective), "iteration " << t + 1);
  std::ostringstream final_state;
  const double error = state_error<Family>(model, fixture["expected"], final_state);
  BOOST_TEST_MESSAGE(name << " (" << (precision_model == PrecisionModel::wishart ? "wishart" : "gamma")
                          << ") after " << iterations << " iterations:" << final_state.str());
  if (precision_model == PrecisionModel::wishart) {
    BOOST_TEST(max_relative_error(model.mixing().weights(), to_vec(fixture["expected"]["weights"])) < 1e-8);
    arma::uvec final_labels;
    statistics_pass(model, data, plan, Assignment::soft, {nullptr, &final_labels, nullptr}, Scoring::variational);
    std::size_t mismatches = 0;
    for (std::size_t n = 0; n < final_labels.n_elem; ++n)
      mismatches += final_labels(n) != fixture["expected"]["labels"][n].as<arma::uword>();
    BOOST_TEST(mismatches == 0u);
  }
  return error;
}

}  // namespace

BOOST_AUTO_TEST_CASE(wishart_diag_matches_scikit_learn) {
  for (const char* prior : {"dirichlet_distribution", "dirichlet_process"}) {
    const std::string name = std::string("three_blobs_bgmm_diag_") + prior + ".json";
    BOOST_TEST(fit_error<DiagonalGaussianFamily>(name, PrecisionModel::wishart) < 1e-8, name);
    // The Normal-Gamma model weighs the components differently: its numbers are not scikit-learn's.
    BOOST_TEST(fit_error<DiagonalGaussianFamily>(name, PrecisionModel::gamma) > 1e-6, name);
  }
}

BOOST_AUTO_TEST_CASE(wishart_spherical_matches_scikit_learn) {
  for (const char* prior : {"dirichlet_distribution", "dirichlet_process"}) {
    const std::string name = std::string("three_blobs_bgmm_spherical_") + prior + ".json";
    BOOST_TEST(fit_error<SphericalGaussianFamily>(name, PrecisionModel::wishart) < 1e-8, name);
    BOOST_TEST(fit_error<SphericalGaussianFamily>(name, PrecisionModel::gamma) > 1e-6, name);
  }
}

BOOST_AUTO_TEST_SUITE_END()  // wishart_precision_test
