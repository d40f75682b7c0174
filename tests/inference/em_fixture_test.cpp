// EM on the tutorial data set against scikit-learn 1.2.1, from its recorded initialisation.
#include <boost/test/unit_test.hpp>

#include "mixfit/criteria/information_criteria.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

BOOST_AUTO_TEST_SUITE(em_fixture_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-10;

// Expected covariances in the family's own layout, as a flat matrix for comparison.
arma::mat flat_covariances(const YAML::Node& node, const std::string& covariance) {
  if (covariance == "full") {
    const arma::cube c = to_cube(node);
    return arma::mat(c.memptr(), c.n_elem, 1);
  }
  if (covariance == "spherical") return to_vec(node);
  if (covariance == "diag") return to_mat(node);
  return to_mat(node);  // tied: d×d
}

arma::mat fitted_covariances(const YAML::Node& model, const std::string& covariance) {
  if (covariance == "tied") return to_mat(model["shared"]["covariance"]);
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& component : model["components"]) list.push_back(component["covariance"]);
  return flat_covariances(list, covariance);
}

void check_fixture(const std::string& file_name) {
  const YAML::Node fixture = load_fixture(file_name);
  const std::string covariance = fixture["model"]["covariance_type"].as<std::string>();
  BOOST_TEST_MESSAGE("fixture " << file_name << " (" << covariance << ")");
  const Dataset data = three_blobs();
  const std::size_t k_count = fixture["model"]["n_components"].as<std::size_t>();
  BOOST_REQUIRE_EQUAL(data.num_rows(), fixture["data"]["n_samples"].as<std::size_t>());

  const FamilyRegistry registry = build_tree_registry();
  MixtureModel model = make_gaussian_model(registry, k_count, data.column_names(), covariance,
                                           fixture["settings"]["reg_covar"].as<double>());
  const YAML::Node init = fixture["init"];
  const YAML::Node start =
      gaussian_parameters_node(to_vec(init["weights"]), to_columns(init["means"]), init["covariances"], covariance);
  model.family().load(start, file_name);
  model.mixing().load(start, file_name);

  EmOptions options;
  options.max_iter = fixture["settings"]["max_iter"].as<std::size_t>();
  options.tol = fixture["settings"]["tol"].as<double>();
  const BlockPlan plan{data.num_rows(), 4096};
  const FitReport report = expectation_maximization(model, data, plan, options);

  const YAML::Node expected = fixture["expected"];
  const arma::vec expected_trace = to_vec(expected["lower_bound_trace"]);
  BOOST_REQUIRE_EQUAL(report.trace.size(), expected_trace.n_elem);
  BOOST_TEST(report.n_iter == expected["n_iter"].as<std::size_t>());
  BOOST_TEST(report.converged == expected["converged"].as<bool>());
  for (std::size_t t = 0; t < report.trace.size(); ++t)
    BOOST_TEST(report.trace[t].objective == expected_trace(t), tt::tolerance(kRelative));

  // Final parameters, read back through the model file format the CLI writes.
  YAML::Emitter emitter;
  emitter << YAML::BeginMap;
  model.mixing().save(emitter);
  model.family().save(emitter);
  emitter << YAML::EndMap;
  const YAML::Node fitted = YAML::Load(emitter.c_str());
  BOOST_TEST(max_relative_error(to_vec(fitted["weights"]), to_vec(expected["weights"])) < kRelative);
  arma::mat means(k_count, data.dimension());
  for (std::size_t k = 0; k < k_count; ++k) means.row(k) = to_vec(fitted["components"][k]["mean"]).t();
  BOOST_TEST(max_relative_error(means, to_mat(expected["means"])) < kRelative);
  BOOST_TEST(max_relative_error(fitted_covariances(fitted, covariance),
                                flat_covariances(expected["covariances"], covariance)) < kRelative);

  // Final E-step: labels, mean log-likelihood, BIC and AIC as scikit-learn computes them.
  arma::uvec labels;
  const SufficientStatistics final_stats =
      statistics_pass(model, data, plan, Assignment::soft, {nullptr, &labels, nullptr});
  const double n = static_cast<double>(data.num_rows());
  BOOST_TEST(final_stats.log_likelihood() / n == expected["final_mean_log_likelihood"].as<double>(),
             tt::tolerance(kRelative));
  const arma::uvec expected_labels = arma::conv_to<arma::uvec>::from(to_vec(expected["labels"]));
  BOOST_TEST(arma::accu(labels != expected_labels) == 0u);
  BOOST_TEST(model.num_free_parameters() == expected["n_parameters"].as<std::size_t>());
  const InformationCriteria criteria =
      information_criteria(final_stats.log_likelihood(), model.num_free_parameters(), n, 0.0, 0.0);
  BOOST_TEST(criteria.bic == expected["bic"].as<double>(), tt::tolerance(kRelative));
  BOOST_TEST(criteria.aic == expected["aic"].as<double>(), tt::tolerance(kRelative));
}

}  // namespace

BOOST_AUTO_TEST_CASE(full_covariance_matches_scikit_learn) { check_fixture("three_blobs_gmm_full.json"); }
BOOST_AUTO_TEST_CASE(diag_covariance_matches_scikit_learn) { check_fixture("three_blobs_gmm_diag.json"); }
BOOST_AUTO_TEST_CASE(spherical_covariance_matches_scikit_learn) { check_fixture("three_blobs_gmm_spherical.json"); }
BOOST_AUTO_TEST_CASE(tied_covariance_matches_scikit_learn) { check_fixture("three_blobs_gmm_tied.json"); }

BOOST_AUTO_TEST_CASE(trace_does_not_depend_on_block_size) {
  // The block grid changes the order of additions only: results agree to rounding.
  const YAML::Node fixture = load_fixture("three_blobs_gmm_full.json");
  const Dataset data = three_blobs();
  const FamilyRegistry registry = build_tree_registry();
  std::vector<double> finals;
  for (std::size_t block_size : {7u, 100u, 4096u}) {
    MixtureModel model = make_gaussian_model(registry, 3, data.column_names(), "full", 1e-6);
    const YAML::Node init = fixture["init"];
    const YAML::Node start =
        gaussian_parameters_node(to_vec(init["weights"]), to_columns(init["means"]), init["covariances"], "full");
    model.family().load(start, "fixture");
    model.mixing().load(start, "fixture");
    EmOptions options;
    options.max_iter = 20;
    options.tol = 0;
    const FitReport report = expectation_maximization(model, data, {data.num_rows(), block_size}, options);
    finals.push_back(report.trace.back().objective);
  }
  BOOST_TEST(finals[0] == finals[2], tt::tolerance(1e-12));
  BOOST_TEST(finals[1] == finals[2], tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()  // em_fixture_test
