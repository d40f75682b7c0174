// The two worked examples (full covariance): one E-step and one textbook M-step against exact reference values.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"

BOOST_AUTO_TEST_SUITE(worked_example_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kAbsolute = 1e-12;

void check_worked_example(const std::string& file) {
  BOOST_TEST_CONTEXT(file) {
    const YAML::Node fixture = load_fixture(file);
    const YAML::Node init = fixture["init"];
    const YAML::Node expected = fixture["expected"];
    const arma::mat x = to_columns(fixture["X"]);  // D×N
    const arma::vec weights = to_vec(init["weights"]);
    const std::size_t k_count = weights.n_elem;

    // The textbook M-step has no reg_covar; the 10·eps in N'_k only moves the last bits.
    FullGaussianFamily family(k_count, x.n_rows, 0.0);
    family.set_parameters(to_columns(init["means"]), to_cube(init["covariances"]));

    const EStep first = e_step(family, x, weights);
    arma::mat weighted = first.log_densities;
    weighted.each_col() += arma::log(weights);
    BOOST_TEST(max_absolute_error(weighted, to_columns(expected["log_weighted_densities"])) <= kAbsolute);
    BOOST_TEST(max_absolute_error(first.responsibilities, to_columns(expected["responsibilities"])) <= kAbsolute);
    BOOST_TEST(max_absolute_error(first.row_log_likelihood, to_vec(expected["log_likelihood_per_point"])) <= kAbsolute);
    BOOST_TEST(max_absolute_error(first.stats.counts(), to_vec(expected["soft_counts"])) <= kAbsolute);
    BOOST_TEST(first.stats.log_likelihood() == expected["log_likelihood"].as<double>(), tt::tolerance(kAbsolute));

    family.maximize(first.stats, Estimator::maximum_likelihood);
    const YAML::Node m_step = expected["m_step"];
    const arma::vec new_weights = first.stats.counts() / first.stats.num_rows();
    BOOST_TEST(max_absolute_error(new_weights, to_vec(m_step["weights"])) <= kAbsolute);
    BOOST_TEST(max_absolute_error(family.means(), to_columns(m_step["means"])) <= kAbsolute);
    BOOST_TEST(max_absolute_error(family.covariances(), to_cube(m_step["covariances"])) <= kAbsolute);

    const EStep second = e_step(family, x, new_weights);
    BOOST_TEST(second.stats.log_likelihood() == expected["log_likelihood_after_m_step"].as<double>(),
               tt::tolerance(kAbsolute));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(three_points_three_components) { check_worked_example("gmm_worked_example_3points.json"); }

BOOST_AUTO_TEST_CASE(five_points_two_components) { check_worked_example("gmm_worked_example_5points.json"); }

BOOST_AUTO_TEST_SUITE_END()  // worked_example_test
