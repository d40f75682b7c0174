// The latent class reference fit (numpy, 300 records, 6 columns, K = 3, 100 EM iterations) reproduced through the plugin.
#include <boost/test/unit_test.hpp>

#include "mixfit/data/csv_reader.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

BOOST_AUTO_TEST_SUITE(latent_class_fixture_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-10;
// The fixture README: some probabilities decay towards 0 (down to ~1e-157); compare those absolutely.
constexpr double kAbsoluteFloor = 1e-12;

/// The fixture's data, its columns read as categorical (integer levels sort numerically, so code = the integer).
Dataset fixture_data(const YAML::Node& fixture) {
  std::vector<ColumnRequest> requests;
  for (const auto& name : fixture["data"]["feature_columns"])
    requests.push_back({name.as<std::string>(), ColumnKind::categorical, {}});
  return read_table(fixture_path(fixture["data"]["file"].as<std::string>()), requests);
}

/// A latent class model with eps 0 built through the registry from the build tree's plugin folder.
MixtureModel categorical_model(const FamilyRegistry& registry, const Dataset& data, std::size_t k_count) {
  const YAML::Node options = registry.resolve_options("categorical", YAML::Load("{eps: 0}"), {"test", "model.options"});
  FamilySpec spec{k_count, data.columns, options, "test", &registry};
  return MixtureModel(std::make_unique<MaximumLikelihoodWeights>(k_count), registry.create("categorical", spec),
                      options, data.columns);
}

/// `probabilities[k][j][l]` of the fixture as one K×ΣL table.
arma::mat probability_table(const YAML::Node& probabilities) {
  std::vector<arma::rowvec> rows;
  for (const auto& component : probabilities) {
    arma::rowvec row;
    for (const auto& column : component) row = arma::join_horiz(row, to_vec(column).t());
    rows.push_back(row);
  }
  arma::mat table(rows.size(), rows.front().n_elem);
  for (std::size_t k = 0; k < rows.size(); ++k) table.row(k) = rows[k];
  return table;
}

/// The family's parameters through ComponentFamily::save() only (the plugin's classes are hidden).
arma::mat saved_table(const ComponentFamily& family) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  family.save(out);
  out << YAML::EndMap;
  const YAML::Node components = YAML::Load(out.c_str())["components"];
  YAML::Node probabilities(YAML::NodeType::Sequence);
  for (std::size_t k = 0; k < components.size(); ++k) probabilities.push_back(components[k]["probabilities"]);
  return probability_table(probabilities);
}

/// Max over entries of |a − b| / |b|, or |a − b| where |b| < floor.
double error_with_absolute_floor(const arma::mat& actual, const arma::mat& expected, double floor) {
  double worst = 0.0;
  for (arma::uword i = 0; i < expected.n_elem; ++i) {
    const double difference = std::abs(actual(i) - expected(i));
    worst = std::max(worst, std::abs(expected(i)) < floor ? difference : difference / std::abs(expected(i)));
  }
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(levels_are_the_integers_in_numeric_order) {
  const YAML::Node fixture = load_fixture("categorical_mixture_n300_k3.json");
  const Dataset data = fixture_data(fixture);
  const YAML::Node n_levels = fixture["data"]["n_levels"];
  BOOST_TEST_REQUIRE(data.columns.size() == n_levels.size());
  for (std::size_t j = 0; j < data.columns.size(); ++j) {
    BOOST_TEST_REQUIRE(data.columns[j].levels.size() == n_levels[j].as<std::size_t>());
    for (std::size_t l = 0; l < data.columns[j].levels.size(); ++l)
      BOOST_TEST(data.columns[j].levels[l] == std::to_string(l));
  }
}

BOOST_AUTO_TEST_CASE(one_hundred_em_iterations_match_the_reference) {
  const YAML::Node fixture = load_fixture("categorical_mixture_n300_k3.json");
  const YAML::Node expected = fixture["expected"];
  const Dataset data = fixture_data(fixture);
  const std::size_t k_count = fixture["model"]["n_components"].as<std::size_t>();
  const double n = static_cast<double>(data.num_rows());
  BOOST_TEST_REQUIRE(data.num_rows() == fixture["data"]["n_samples"].as<std::size_t>());

  const FamilyRegistry registry = build_tree_registry();
  MixtureModel model = categorical_model(registry, data, k_count);
  // K · Σ_j (L_j − 1) = 3 · (2 + 3 + 4 + 2 + 3 + 4).
  std::size_t free_per_component = 0;
  for (const auto& levels : fixture["data"]["n_levels"]) free_per_component += levels.as<std::size_t>() - 1;
  BOOST_TEST(free_per_component == 18u);
  BOOST_TEST(model.family().num_free_parameters() == k_count * free_per_component);

  // The recorded initial point, loaded as a model file would be.
  YAML::Node init(YAML::NodeType::Map);
  const YAML::Node initial = fixture["init"]["probabilities"];
  for (std::size_t k = 0; k < initial.size(); ++k) {
    YAML::Node entry;
    entry["probabilities"] = initial[k];
    init["components"].push_back(entry);
  }
  model.family().load(init, "fixture init");
  model.mixing().set_weights(to_vec(fixture["init"]["weights"]));

  EmOptions options;
  options.max_iter = fixture["settings"]["max_iter"].as<std::size_t>();
  options.tol = fixture["settings"]["tol"].as<double>();
  const BlockPlan plan{data.num_rows(), 64};  // several blocks, the last one short
  const FitReport report = expectation_maximization(model, data, plan, options);

  const arma::vec trace = to_vec(expected["log_likelihood_trace"]);
  BOOST_TEST_REQUIRE(report.n_iter == expected["n_iter"].as<std::size_t>());
  BOOST_TEST_REQUIRE(report.trace.size() == trace.n_elem);
  arma::vec totals(trace.n_elem);
  for (std::size_t t = 0; t < trace.n_elem; ++t) totals(t) = report.trace[t].objective * n;
  for (std::size_t t = 0; t < trace.n_elem; ++t) BOOST_TEST(totals(t) == trace(t), tt::tolerance(kRelative));
  BOOST_TEST_MESSAGE("trace: max relative error " << max_relative_error(totals, trace));

  BOOST_TEST(max_relative_error(model.mixing().weights(), to_vec(expected["weights"])) <= kRelative);
  const arma::mat expected_table = probability_table(expected["probabilities"]);
  BOOST_TEST(expected_table.min() < 1e-100);  // the decayed entries are there, and compared absolutely
  const double probability_error = error_with_absolute_floor(saved_table(model.family()), expected_table, kAbsoluteFloor);
  BOOST_TEST(probability_error <= kRelative);
  BOOST_TEST_MESSAGE("probabilities: max error " << probability_error << ", weights: max relative error "
                                                 << max_relative_error(model.mixing().weights(),
                                                                       to_vec(expected["weights"])));

  arma::uvec labels;
  const SufficientStatistics last =
      statistics_pass(model, data, plan, Assignment::soft, RowOutputs{nullptr, &labels, nullptr});
  BOOST_TEST(last.log_likelihood() == expected["final_log_likelihood"].as<double>(), tt::tolerance(kRelative));
  const arma::vec expected_labels = to_vec(expected["labels"]);
  BOOST_TEST_REQUIRE(labels.n_elem == expected_labels.n_elem);
  std::size_t mismatches = 0;
  for (arma::uword i = 0; i < labels.n_elem; ++i) mismatches += labels(i) != static_cast<arma::uword>(expected_labels(i));
  BOOST_TEST(mismatches == 0u);
}

BOOST_AUTO_TEST_SUITE_END()  // latent_class_fixture_test
