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

#include "gaussian_options.hpp"
#include "gaussian_test_support.hpp"

#include <cmath>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(mclust_models_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::string kDataDir = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/";

/// The named columns of a CSV with a header, D×N (one row per column of the matrix).
arma::mat read_columns(const std::string& file, const YAML::Node& names) {
  arma::mat table;
  arma::field<std::string> fields;
  BOOST_TEST_REQUIRE(table.load(arma::csv_name(file, fields, arma::csv_opts::with_header)));
  arma::mat x(names.size(), table.n_rows);
  for (std::size_t i = 0; i < names.size(); ++i) {
    arma::uword column = fields.n_elem;
    for (arma::uword j = 0; j < fields.n_elem; ++j)
      if (fields(j) == names[i].as<std::string>()) column = j;
    BOOST_TEST_REQUIRE(column < fields.n_elem);
    x.row(i) = table.col(column).t();
  }
  return x;
}

std::unique_ptr<ComponentFamily> make_family(const std::string& model, std::size_t k, std::size_t d) {
  FamilySpec spec;
  spec.num_components = k;
  for (std::size_t i = 0; i < d; ++i) spec.columns.push_back({"x" + std::to_string(i), ColumnKind::real, i, {}});
  spec.source = "experiment.yaml";
  spec.options = gaussian_options_schema().resolve(YAML::Load("{covariance: " + model + ", reg_covar: 0}"),
                                                   {"experiment.yaml", "model.options"});
  return make_gaussian_family(spec);
}

/// Statistics of `x` under fixed `weights` (K×N), counts included, as the driver's first pass builds them.
SufficientStatistics statistics_of(const ComponentFamily& family, const arma::mat& x, const arma::mat& weights) {
  SufficientStatistics stats(family.stat_layout());
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), weights, stats);
  return stats;
}

/// max |a − b| / max |b|: the covariance's error relative to its size (entries that are 0 in both count as 0).
double normwise_error(const arma::mat& actual, const arma::mat& expected) {
  return arma::abs(actual - expected).max() / arma::abs(expected).max();
}

void check_data_set(const std::string& name) {
  const YAML::Node reference = YAML::LoadFile(kDataDir + "mclust_models/" + name + ".yaml");
  const std::string data_file = reference["data"].as<std::string>();
  const std::string folder = data_file == "faithful.csv" ? "faithful" : name;
  const arma::mat x = read_columns(kDataDir + folder + "/" + data_file, reference["columns"]);
  const std::size_t n = x.n_cols;
  BOOST_TEST_REQUIRE(n == reference["rows"].as<std::size_t>());
  std::size_t checked = 0;
  for (const YAML::Node& fit : reference["fits"]) {
    const std::string model = fit["model"].as<std::string>();
    const std::size_t k = fit["components"].as<std::size_t>();
    if (fit["status"]) continue;  // mclust itself stopped on a singular component
    BOOST_TEST_CONTEXT(name << " " << model << " G = " << k) {
      const auto family = make_family(model, k, x.n_rows);
      // The parameter count is mclust's nMclustParams: covariance + means + K − 1 weights.
      BOOST_TEST(family->num_free_parameters() + k - 1 == fit["df"].as<std::size_t>());

      arma::uvec labels(n);
      for (std::size_t i = 0; i < n; ++i) labels(i) = reference["starts"][k - 1]["labels"][i].as<arma::uword>();
      arma::mat weights(k, n, arma::fill::zeros);
      for (std::size_t i = 0; i < n; ++i) weights(labels(i), i) = 1.0;
      SufficientStatistics stats = statistics_of(*family, x, weights);
      double log_likelihood = 0.0;
      arma::vec mixing;
      const std::size_t iterations = fit["iterations"].as<std::size_t>();
      for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
        family->maximize(stats, Estimator::maximum_likelihood);
        mixing = stats.counts() / static_cast<double>(n);  // mclust: pro = n_k / n
        const EStep step = e_step(*family, x, mixing);
        log_likelihood = arma::accu(step.row_log_likelihood);
        stats = step.stats;
      }
      const double expected = fit["log_likelihood"].as<double>();
      BOOST_TEST(std::abs(log_likelihood - expected) / std::abs(expected) < 1e-8,
                 "log-likelihood " << format_double(log_likelihood) << ", mclust " << format_double(expected));
      BOOST_TEST(max_relative_error(mixing, to_vec(fit["weights"])) < 1e-8);
      // BIC: mixfit's −2 log L + p log n is mclust's 2 log L − p log n with the sign turned.
      const double p = static_cast<double>(family->num_free_parameters() + k - 1);
      const double bic = -2.0 * log_likelihood + p * std::log(static_cast<double>(n));
      BOOST_TEST(std::abs(bic + fit["bic"].as<double>()) / std::abs(fit["bic"].as<double>()) < 1e-8);

      const YAML::Node saved = [&] {
        YAML::Emitter out;
        out << YAML::BeginMap;
        family->save(out);
        out << YAML::EndMap;
        return YAML::Load(out.c_str());
      }();
      for (std::size_t c = 0; c < k; ++c) {
        const arma::vec mean = to_vec(saved["components"][c]["mean"]);
        BOOST_TEST(max_relative_error(mean, to_vec(fit["means"][c])) < 1e-8, "mean of component " << c);
        // tied (EEE, 1-D E) saves its one covariance under shared:, spherical a number, diag a list.
        const YAML::Node own = saved["components"][c]["covariance"];
        const YAML::Node node = own ? own : saved["shared"]["covariance"];
        const arma::mat covariance = node.IsSequence() && node[0].IsSequence() ? to_mat(node)
                                     : node.IsSequence()                      ? arma::mat(arma::diagmat(to_vec(node)))
                                                                              : arma::mat(node.as<double>() * arma::eye(x.n_rows, x.n_rows));
        BOOST_TEST(normwise_error(covariance, to_mat(fit["covariances"][c])) < 1e-8, "covariance of component " << c);
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
