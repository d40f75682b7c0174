// EM on 200 binarised digits against the numpy reference: the trace, the final parameters, labels and log-likelihood.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "support/model_builders.hpp"

#include <algorithm>
#include <cmath>

BOOST_AUTO_TEST_SUITE(digits_fixture_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

// The fixture README's tolerance for independent implementations; different
// summation orders (BLAS vs numpy) move only the last bits.
constexpr double kRelative = 1e-10;
// Probabilities clipped to 1e-10 are compared relative to at least 1e-12.
constexpr double kProbabilityFloor = 1e-12;

struct DigitsFixture {
  YAML::Node fixture = load_fixture("bernoulli_mixture_digits200_k3.json");
  Dataset data;
  FamilyRegistry registry = build_tree_registry();

  DigitsFixture() {
    std::vector<ColumnRequest> requests;
    for (const auto& name : fixture["data"]["feature_columns"])
      requests.push_back({name.as<std::string>(), ColumnKind::binary, {}});
    data = read_table(fixture_path(fixture["data"]["file"].as<std::string>()), requests);
  }

  /// The model at the fixture's initial point, with the fixture's clipping.
  MixtureModel initial_model() const {
    const YAML::Node settings = fixture["settings"];
    const double eps = settings["probability_clip"]["lower"].as<double>();
    BOOST_TEST_REQUIRE(1.0 - eps == settings["probability_clip"]["upper"].as<double>());
    const std::size_t k_count = fixture["model"]["n_components"].as<std::size_t>();
    MixtureModel model = make_bernoulli_model(registry, k_count, data.columns, "{eps: " + format_double(eps) + "}");
    const YAML::Node init = fixture["init"];
    model.family().load(probabilities_node(to_mat(init["probabilities"]).t()), "fixture init");
    model.mixing().set_weights(to_vec(init["weights"]));
    return model;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(digits200_k3, DigitsFixture)

BOOST_AUTO_TEST_CASE(data_match_the_fixture) {
  BOOST_TEST(data.num_rows() == fixture["data"]["n_samples"].as<std::size_t>());
  BOOST_TEST(data.binary.n_rows == fixture["data"]["n_features"].as<std::size_t>());
  BOOST_TEST(data.real.n_rows == 0u);
}

BOOST_AUTO_TEST_CASE(em_reproduces_trace_parameters_and_labels) {
  const YAML::Node expected = fixture["expected"];
  const YAML::Node settings = fixture["settings"];
  MixtureModel model = initial_model();
  const double n = static_cast<double>(data.num_rows());
  // Blocks of 64 rows: the 200 rows take four blocks, so the reduction is exercised.
  const BlockPlan plan{data.num_rows(), 64};
  EmOptions options;
  options.max_iter = settings["max_iter"].as<std::size_t>();
  options.tol = settings["tol"].as<double>();
  const FitReport report = expectation_maximization(model, data, plan, options);

  const arma::vec trace = to_vec(expected["log_likelihood_trace"]);
  const arma::vec mean_trace = to_vec(expected["mean_log_likelihood_trace"]);
  BOOST_TEST_REQUIRE(report.trace.size() == trace.n_elem);
  BOOST_TEST(report.n_iter == expected["n_iter"].as<std::size_t>());
  for (std::size_t t = 0; t < trace.n_elem; ++t) {
    BOOST_TEST_CONTEXT("iteration " << t + 1) {
      BOOST_TEST(report.trace[t].objective * n == trace(t), tt::tolerance(kRelative));
      BOOST_TEST(report.trace[t].objective == mean_trace(t), tt::tolerance(kRelative));
    }
  }
  // EM never decreases the likelihood (clipping at 1e-10 never binds in a way that matters here).
  for (std::size_t t = 1; t < trace.n_elem; ++t) BOOST_TEST(report.trace[t].objective >= report.trace[t - 1].objective - 1e-12);

  BOOST_TEST(max_relative_error(model.mixing().weights(), to_vec(expected["weights"])) <= kRelative);
  const arma::mat probabilities = saved_probabilities(model.family());      // D×K
  const arma::mat expected_probabilities = to_mat(expected["probabilities"]).t();
  BOOST_TEST(max_relative_error(probabilities, expected_probabilities, kProbabilityFloor) <= kRelative);
  double worst_trace = 0.0;
  for (std::size_t t = 0; t < trace.n_elem; ++t)
    worst_trace = std::max(worst_trace, std::abs(report.trace[t].objective * n - trace(t)) / std::abs(trace(t)));
  BOOST_TEST_MESSAGE("observed relative errors: trace " << worst_trace << ", weights "
                     << max_relative_error(model.mixing().weights(), to_vec(expected["weights"])) << ", probabilities "
                     << max_relative_error(probabilities, expected_probabilities, kProbabilityFloor));
  // Clipping is visible in the reference: some probabilities sit exactly on the bounds.
  BOOST_TEST(arma::any(arma::vectorise(expected_probabilities == 1e-10)));
  BOOST_TEST(probabilities.min() >= 1e-10);
  BOOST_TEST(probabilities.max() <= 1.0 - 1e-10);

  arma::uvec labels;
  const SufficientStatistics last = statistics_pass(model, data, plan, Assignment::soft, {nullptr, &labels, nullptr});
  BOOST_TEST(last.log_likelihood() == expected["final_log_likelihood"].as<double>(), tt::tolerance(kRelative));
  const arma::uvec expected_labels = arma::conv_to<arma::uvec>::from(to_vec(expected["labels"]));
  BOOST_TEST(arma::all(labels == expected_labels));
}

BOOST_AUTO_TEST_CASE(block_size_does_not_matter_beyond_rounding) {
  MixtureModel one_block = initial_model();
  MixtureModel many_blocks = initial_model();
  EmOptions options;
  options.max_iter = 10;
  options.tol = 0.0;
  expectation_maximization(one_block, data, {data.num_rows(), 4096}, options);
  expectation_maximization(many_blocks, data, {data.num_rows(), 7}, options);
  // The two sum the statistics in different orders; ten EM iterations amplify
  // those last-bit differences (seen: 1.8e-12 and 2.6e-12 as the E-step's exp
  // and reductions changed). A block-boundary bug would show as ≫ 1e-11.
  BOOST_TEST(max_relative_error(saved_probabilities(many_blocks.family()), saved_probabilities(one_block.family()),
                                kProbabilityFloor) <= 1e-11);
}

BOOST_AUTO_TEST_CASE(free_parameters_are_k_times_d) {
  const MixtureModel model = initial_model();
  BOOST_TEST(model.family().num_free_parameters() == 3u * 64u);
  BOOST_TEST(model.num_free_parameters() == 3u * 64u + 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()  // digits_fixture_test
