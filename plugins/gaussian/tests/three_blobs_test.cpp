// Each covariance type against scikit-learn 1.2.1 on three_blobs: initial log-likelihood, one EM step, a full run.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"

#include <boost/mpl/list.hpp>

BOOST_AUTO_TEST_SUITE(three_blobs_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-10;  // observed: ≤ 2e-13 even after 25 iterations

template <class Covariance>
std::string fixture_name() {
  return "three_blobs_gmm_" + std::string(Covariance::kName) + ".json";
}

/// The fixture's family at its initial point, with its reg_covar.
template <class Covariance>
GaussianFamily<Covariance> initial_family(const YAML::Node& fixture) {
  const YAML::Node init = fixture["init"];
  const arma::mat means = to_columns(init["means"]);
  GaussianFamily<Covariance> family(means.n_cols, means.n_rows, fixture["settings"]["reg_covar"].as<double>());
  family.set_parameters(means, covariances_from_precisions<Covariance>(init["precisions"]));
  return family;
}

using CovarianceTypes = boost::mpl::list<FullCovariance, DiagonalCovariance, SphericalCovariance, TiedCovariance>;

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(first_two_lower_bounds, Covariance, CovarianceTypes) {
  const YAML::Node fixture = load_fixture(fixture_name<Covariance>());
  const arma::mat x = load_three_blobs();
  BOOST_TEST_REQUIRE(x.n_cols == fixture["data"]["n_samples"].as<std::size_t>());
  const arma::vec trace = to_vec(fixture["expected"]["lower_bound_trace"]);
  const double n = static_cast<double>(x.n_cols);

  GaussianFamily<Covariance> family = initial_family<Covariance>(fixture);
  const EStep first = e_step(family, x, to_vec(fixture["init"]["weights"]));
  BOOST_TEST(first.stats.log_likelihood() / n == trace(0), tt::tolerance(kRelative));

  family.maximize(first.stats, Estimator::maximum_likelihood);
  const EStep second = e_step(family, x, first.stats.counts() / first.stats.num_rows());
  BOOST_TEST(second.stats.log_likelihood() / n == trace(1), tt::tolerance(kRelative));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(full_run_matches_scikit_learn, Covariance, CovarianceTypes) {
  const YAML::Node fixture = load_fixture(fixture_name<Covariance>());
  const YAML::Node expected = fixture["expected"];
  const arma::mat x = load_three_blobs();
  const arma::vec trace = to_vec(expected["lower_bound_trace"]);
  const double n = static_cast<double>(x.n_cols);

  GaussianFamily<Covariance> family = initial_family<Covariance>(fixture);
  arma::vec weights = to_vec(fixture["init"]["weights"]);
  for (arma::uword t = 0; t < trace.n_elem; ++t) {
    const EStep step = e_step(family, x, weights);
    BOOST_TEST(step.stats.log_likelihood() / n == trace(t), tt::tolerance(kRelative));
    family.maximize(step.stats, Estimator::maximum_likelihood);
    // scikit-learn: weights = nk / sum(nk) with nk = N_k + 10 eps.
    weights = step.stats.counts() + 10.0 * std::numeric_limits<double>::epsilon();
    weights /= arma::accu(weights);
  }
  BOOST_TEST(max_relative_error(weights, to_vec(expected["weights"])) <= kRelative);
  BOOST_TEST(max_relative_error(family.means(), to_columns(expected["means"])) <= kRelative);
  const arma::vec covariances = arma::vectorise(family.covariances());
  const arma::vec expected_covariances = arma::vectorise(covariances_from_fixture<Covariance>(expected["covariances"]));
  // Off-diagonal entries can be near zero: floor at 1e-12 of the largest entry.
  BOOST_TEST(max_relative_error(covariances, expected_covariances, 1e-12 * arma::abs(expected_covariances).max()) <=
             kRelative);
  const EStep last = e_step(family, x, weights);
  BOOST_TEST(last.stats.log_likelihood() / n == expected["final_mean_log_likelihood"].as<double>(),
             tt::tolerance(kRelative));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(free_parameters_match_fixture, Covariance, CovarianceTypes) {
  const YAML::Node fixture = load_fixture(fixture_name<Covariance>());
  const std::size_t k_count = fixture["model"]["n_components"].as<std::size_t>();
  const GaussianFamily<Covariance> family(k_count, fixture["data"]["n_features"].as<std::size_t>(), 1e-6);
  // The fixture counts the K − 1 free weights too; the mixing model counts those.
  BOOST_TEST(family.num_free_parameters() == fixture["expected"]["n_parameters"].as<std::size_t>() - (k_count - 1));
}

BOOST_AUTO_TEST_SUITE_END()  // three_blobs_test
