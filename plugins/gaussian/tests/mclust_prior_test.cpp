// MAP-EM under mclust's conjugate prior (priorControl(), defaultPrior's defaults) against mclust 6.0.0's own.
//
// tests/data/mclust_prior/*.yaml come from scripts/reference/mclust_prior.R:
// for each model mclust fits with a prior and G = 1..5, me(..., prior =
// priorControl()) from the hard partition hclass(hc(X), G), run for a fixed
// number of EM iterations, and defaultPrior()'s values for each G. Here
// `prior: {defaults: mclust}` must resolve to those values, and the same
// start and number of MAP E- and M-steps must give mclust's log-likelihood,
// weights, means and covariances to 1e-8 relative — for the ten models with
// mclust's own departures from its pattern as well (eigen_posterior_mode.cpp).
#include <boost/test/unit_test.hpp>

#include "mclust_fixture_support.hpp"

#include <cmath>
#include <string>

BOOST_AUTO_TEST_SUITE(mclust_prior_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

/// The family's resolved prior as save() writes it.
YAML::Node saved_prior(const ComponentFamily& family) { return saved_model(family)["prior"]; }

/// The prior mixfit must resolve for `model` from defaultPrior()'s values (mclust's parametrisation):
/// spherical's Gamma prior counts D variances, so its ν₀ and Ψ₀ are mclust's ν_P/D and Λ_P/D; diag repeats
/// mclust's number; the other diagonal models keep the number, the rest the matrix. The scale is compared to
/// 1e-10: the driver pools the data's statistics about 0 (before any mean exists), so it carries the
/// cancellation of Σx² − n x̄², about (x̄²/var)·eps = 3e-11 on banknote's columns.
void check_resolved_prior(const ComponentFamily& family, const std::string& model, const YAML::Node& expected,
                          std::size_t d) {
  const YAML::Node prior = saved_prior(family);
  BOOST_TEST_REQUIRE(prior.IsMap());
  const double dd = static_cast<double>(d);
  BOOST_TEST(prior["mean_precision"].as<double>() == expected["shrinkage"].as<double>());
  BOOST_TEST(max_relative_error(to_vec(prior["mean"]), to_vec(expected["mean"])) < 1e-12);
  const bool spherical = model == "VII" || model == "V";
  const double dof = expected["dof"].as<double>();
  BOOST_TEST(std::abs(prior["degrees_of_freedom"].as<double>() - (spherical ? dof / dd : dof)) < 1e-12 * dof);
  const arma::mat matrix = to_mat(expected["scale_matrix"]);
  const double number = expected["scale_number"] ? expected["scale_number"].as<double>() : matrix(0, 0);
  const YAML::Node covariance = prior["covariance"];
  if (model == "VVI") {
    BOOST_TEST(max_relative_error(to_vec(covariance), arma::vec(d, arma::fill::value(number))) < 1e-10);
  } else if (covariance.IsScalar()) {
    const double wanted = spherical ? number / dd : number;
    BOOST_TEST(std::abs(covariance.as<double>() - wanted) < 1e-10 * wanted, model << " prior scale");
  } else {
    BOOST_TEST(normwise_error(to_mat(covariance), matrix) < 1e-10, model << " prior scale");
  }
}

void check_data_set(const std::string& name) {
  const YAML::Node reference = YAML::LoadFile(kMclustDataDir + "mclust_prior/" + name + ".yaml");
  const arma::mat x = reference_data(reference, name);
  const std::size_t n = x.n_cols;
  const std::size_t d = x.n_rows;
  BOOST_TEST_REQUIRE(n == reference["rows"].as<std::size_t>());
  std::size_t checked = 0;
  for (const YAML::Node& fit : reference["fits"]) {
    const std::string model = fit["model"].as<std::string>();
    const std::size_t k = fit["components"].as<std::size_t>();
    BOOST_TEST_REQUIRE(!fit["status"]);  // every reference fit ran to its end
    BOOST_TEST_CONTEXT(name << " " << model << " G = " << k) {
      const auto family =
          make_family_with("{covariance: " + model + ", reg_covar: 0, prior: {defaults: mclust}}", k, d);
      BOOST_TEST_REQUIRE(family->capabilities().maximum_a_posteriori);
      // The driver's pooled statistics: every row on component 0, before the family has parameters.
      arma::mat pooled(k, n, arma::fill::zeros);
      pooled.row(0).ones();
      family->set_prior_from_data(statistics_of(*family, x, pooled));

      arma::vec mixing;
      const double log_likelihood = run_me(*family, x, start_weights(reference, k, n),
                                           fit["iterations"].as<std::size_t>(), Estimator::maximum_a_posteriori,
                                           mixing);
      check_resolved_prior(*family, model, reference["priors"][k - 1], d);
      const double expected = fit["log_likelihood"].as<double>();
      BOOST_TEST(std::abs(log_likelihood - expected) / std::abs(expected) < 1e-8,
                 "log-likelihood " << format_double(log_likelihood) << ", mclust " << format_double(expected));
      BOOST_TEST(max_relative_error(mixing, to_vec(fit["weights"])) < 1e-8);
      const YAML::Node saved = saved_model(*family);
      for (std::size_t c = 0; c < k; ++c) {
        BOOST_TEST(max_relative_error(to_vec(saved["components"][c]["mean"]), to_vec(fit["means"][c])) < 1e-8,
                   "mean of component " << c);
        BOOST_TEST(normwise_error(saved_covariance(saved, c, d), to_mat(fit["covariances"][c])) < 1e-8,
                   "covariance of component " << c);
      }
      ++checked;
    }
  }
  BOOST_TEST(checked == reference["fits"].size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(faithful_matches_mclust) { check_data_set("faithful"); }
BOOST_AUTO_TEST_CASE(diabetes_matches_mclust) { check_data_set("diabetes"); }
BOOST_AUTO_TEST_CASE(banknote_matches_mclust) { check_data_set("banknote"); }
BOOST_AUTO_TEST_CASE(one_dimensional_e_and_v_match_mclust) { check_data_set("waiting"); }

BOOST_AUTO_TEST_SUITE_END()  // mclust_prior_test
