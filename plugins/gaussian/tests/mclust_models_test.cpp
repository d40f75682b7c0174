// mclust's 14 parsimonious models (and its 1-D E and V) against mclust 6.0.0's own EM on faithful, diabetes, banknote.
//
// tests/data/mclust_models/*.yaml come from scripts/reference/mclust_models.R:
// for each model and G = 1..5, mclust's me() started from the hard partition
// hclass(hc(X), G) and run for a fixed number of EM iterations. Here the same
// partition starts the family (one M-step from one-hot weights, as me() does)
// and the same number of E- and M-steps follow; the log-likelihood, weights,
// means and covariances must equal mclust's to 1e-8 relative, the parameter
// count its nMclustParams, and the BIC its bic() with the sign turned.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mclust_fixture_support.hpp"

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(mclust_models_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

void check_data_set(const std::string& name) {
  const YAML::Node reference = YAML::LoadFile(kMclustDataDir + "mclust_models/" + name + ".yaml");
  const arma::mat x = reference_data(reference, name);
  const std::size_t n = x.n_cols;
  BOOST_TEST_REQUIRE(n == reference["rows"].as<std::size_t>());
  std::size_t checked = 0;
  for (const YAML::Node& fit : reference["fits"]) {
    const std::string model = fit["model"].as<std::string>();
    const std::size_t k = fit["components"].as<std::size_t>();
    if (fit["status"]) continue;  // mclust itself stopped on a singular component
    BOOST_TEST_CONTEXT(name << " " << model << " G = " << k) {
      const auto family = make_family_with("{covariance: " + model + ", reg_covar: 0}", k, x.n_rows);
      // The parameter count is mclust's nMclustParams: covariance + means + K − 1 weights.
      BOOST_TEST(family->num_free_parameters() + k - 1 == fit["df"].as<std::size_t>());
      arma::vec mixing;
      const double log_likelihood = run_me(*family, x, start_weights(reference, k, n),
                                           fit["iterations"].as<std::size_t>(), Estimator::maximum_likelihood, mixing);
      const double expected = fit["log_likelihood"].as<double>();
      BOOST_TEST(std::abs(log_likelihood - expected) / std::abs(expected) < 1e-8,
                 "log-likelihood " << format_double(log_likelihood) << ", mclust " << format_double(expected));
      BOOST_TEST(max_relative_error(mixing, to_vec(fit["weights"])) < 1e-8);
      // BIC: mixfit's −2 log L + p log n is mclust's 2 log L − p log n with the sign turned.
      const double p = static_cast<double>(family->num_free_parameters() + k - 1);
      const double bic = -2.0 * log_likelihood + p * std::log(static_cast<double>(n));
      BOOST_TEST(std::abs(bic + fit["bic"].as<double>()) / std::abs(fit["bic"].as<double>()) < 1e-8);

      const YAML::Node saved = saved_model(*family);
      for (std::size_t c = 0; c < k; ++c) {
        const arma::vec mean = to_vec(saved["components"][c]["mean"]);
        BOOST_TEST(max_relative_error(mean, to_vec(fit["means"][c])) < 1e-8, "mean of component " << c);
        BOOST_TEST(normwise_error(saved_covariance(saved, c, x.n_rows), to_mat(fit["covariances"][c])) < 1e-8,
                   "covariance of component " << c);
      }
      ++checked;
    }
  }
  BOOST_TEST(checked >= 10u);
}

}  // namespace

BOOST_AUTO_TEST_CASE(faithful_matches_mclust) { check_data_set("faithful"); }
BOOST_AUTO_TEST_CASE(diabetes_matches_mclust) { check_data_set("diabetes"); }
BOOST_AUTO_TEST_CASE(banknote_matches_mclust) { check_data_set("banknote"); }
BOOST_AUTO_TEST_CASE(one_dimensional_e_and_v_match_mclust) { check_data_set("waiting"); }

BOOST_AUTO_TEST_SUITE_END()  // mclust_models_test
