// set_prior_from_data: scikit-learn's data-dependent defaults (the fixtures' priors), configured keys kept.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/mixing/dirichlet_weights.hpp"
#include "posterior_test_support.hpp"

BOOST_AUTO_TEST_SUITE(prior_defaults_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

template <class Covariance>
MixtureModel blobs_model(std::optional<GaussianPrior> prior) {
  std::vector<ColumnSpec> columns = {{"x", ColumnKind::real, 0, {}}, {"y", ColumnKind::real, 1, {}}};
  return MixtureModel(std::make_unique<DirichletWeights>(3, 1.0),
                      std::make_unique<GaussianFamily<Covariance>>(3, 2, 1e-6, 0, std::move(prior)),
                      YAML::Node(YAML::NodeType::Map), columns);
}

template <class Covariance>
const GaussianPrior& prior_of(const MixtureModel& model) {
  return dynamic_cast<const GaussianFamily<Covariance>&>(model.family()).prior();
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(defaults_are_scikit_learns, Covariance, CovarianceTypes) {
  // The BayesianGaussianMixture fixtures were fitted with every prior at scikit-learn's default and record them:
  // mean_prior = X.mean(0), covariance_prior = np.cov(X.T) (diag: var(ddof=1); spherical: its mean).
  const YAML::Node priors = load_fixture("three_blobs_bgmm_full_dirichlet_process.json")["priors"];
  const Dataset data = Dataset::from_real("three_blobs", {"x", "y"}, load_three_blobs());
  const BlockPlan plan{data.num_rows(), 1000};
  MixtureModel model = blobs_model<Covariance>(std::nullopt);
  set_prior_from_data(model, data, plan);
  const GaussianPrior& p = prior_of<Covariance>(model);
  BOOST_TEST_REQUIRE(p.resolved());
  BOOST_TEST(*p.mean_precision == priors["mean_precision_prior"].as<double>());
  BOOST_TEST(*p.degrees_of_freedom == priors["degrees_of_freedom_prior"].as<double>());
  BOOST_TEST(max_relative_error(*p.mean, to_vec(priors["mean_prior"])) < 1e-13);
  const arma::mat expected = scale_of_type<Covariance>(to_mat(priors["covariance_prior"]));
  BOOST_TEST(max_relative_error(*p.covariance, expected) < 1e-13);

  // The same from statistics about another anchor (a family that already has parameters).
  MixtureModel fitted = blobs_model<Covariance>(std::nullopt);
  auto& family = dynamic_cast<GaussianFamily<Covariance>&>(fitted.family());
  family.maximize(statistics_from_weights(fitted, data, plan, random_responsibilities(3, data.num_rows(), 1)),
                  Estimator::maximum_likelihood);
  set_prior_from_data(fitted, data, plan);
  BOOST_TEST(max_relative_error(*family.prior().mean, *p.mean) < 1e-13);
  BOOST_TEST(max_relative_error(*family.prior().covariance, *p.covariance) < 1e-12);
}

BOOST_AUTO_TEST_CASE(configured_keys_are_kept) {
  GaussianPrior configured;
  configured.mean_precision = 3.0;
  configured.covariance = arma::mat{{2.0, 0.0}, {0.0, 2.0}};
  const Dataset data = Dataset::from_real("three_blobs", {"x", "y"}, load_three_blobs());
  MixtureModel model = blobs_model<FullCovariance>(configured);
  set_prior_from_data(model, data, BlockPlan{data.num_rows(), 4096});
  const GaussianPrior& p = prior_of<FullCovariance>(model);
  BOOST_TEST(*p.mean_precision == 3.0);
  BOOST_TEST(identical(*p.covariance, *configured.covariance));
  BOOST_TEST(*p.degrees_of_freedom == 2.0);                                // filled: D
  BOOST_TEST(std::abs((*p.mean)(0) - 0.34211359885276466) < 1e-14);  // filled: the data mean
}

BOOST_AUTO_TEST_CASE_TEMPLATE(an_unresolved_prior_is_an_error, Covariance, CovarianceTypes) {
  GaussianPrior partial;
  partial.mean_precision = 2.0;  // the mean and the covariance still wait for the data
  GaussianFamily<Covariance> family(2, 2, 1e-6, 0, partial);
  const arma::mat x = random_points(2, 20, 1);
  const SufficientStatistics stats = stats_of(family, x, random_responsibilities(2, 20, 2));
  auto names_the_cause = [](const Error& e) {
    return std::string(e.what()).find("set_prior_from_data") != std::string::npos;
  };
  BOOST_CHECK_EXCEPTION(family.update_posterior(stats), Error, names_the_cause);
  BOOST_CHECK_EXCEPTION(family.maximize(stats, Estimator::maximum_a_posteriori), Error, names_the_cause);
  BOOST_TEST(!family.has_parameters());
  BOOST_TEST(!family.has_posterior());
}

BOOST_AUTO_TEST_CASE(one_row_has_no_sample_covariance) {
  FullGaussianFamily family(1, 2, 1e-6);
  const arma::mat x = arma::vec{1.0, 2.0};
  BOOST_CHECK_EXCEPTION(family.set_prior_from_data(stats_of(family, x, arma::ones(1, 1))), NumericalError,
                        [](const NumericalError& e) {
                          return std::string(e.what()).find("model.options.prior.covariance") != std::string::npos;
                        });
  BOOST_TEST(!family.prior().mean);  // unchanged: nothing half set
}

BOOST_AUTO_TEST_SUITE_END()  // prior_defaults_test
