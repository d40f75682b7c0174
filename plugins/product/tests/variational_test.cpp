// VB through a product: its E[log p], KL and posterior updates are its parts' own, and saved posteriors round-trip.
#include <boost/test/unit_test.hpp>

#include "mixfit/inference/e_step.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/mixing/dirichlet_weights.hpp"
#include "product_test_support.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <cmath>

BOOST_AUTO_TEST_SUITE(variational_test)

namespace tt = boost::test_tools;
using namespace mixfit;
using namespace mixfit::testing;

namespace {

const char* const kBernoulliOptions = "{prior: {alpha: 0.5, beta: 2}}";
const std::string kParts = std::string("[{family: bernoulli, columns: [b0, b1, b2], options: ") + kBernoulliOptions +
                           "}, {family: categorical, columns: [c0, c1]}]";

/// Binary b0, b1, b2 and categorical c0 (3 levels), c1 (4 levels), storage rows assigned.
std::vector<ColumnSpec> mixed_columns() {
  std::vector<ColumnSpec> columns{{"b0", ColumnKind::binary, 0, {}},
                                  {"b1", ColumnKind::binary, 0, {}},
                                  {"b2", ColumnKind::binary, 0, {}},
                                  {"c0", ColumnKind::categorical, 0, {"u", "v", "w"}},
                                  {"c1", ColumnKind::categorical, 0, {"p", "q", "r", "s"}}};
  assign_storage_rows(columns);
  return columns;
}

/// n rows from two groups: group g prefers ones in b_g and level g of each categorical column.
Dataset mixed_data(std::size_t n, std::uint64_t seed) {
  RandomStream stream(seed);
  Dataset data;
  data.source = "mixed.csv";
  data.columns = mixed_columns();
  data.binary.set_size(3, n);
  data.categorical.set_size(2, n);
  const std::size_t levels[] = {3, 4};
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t group = j % 2;
    for (std::size_t d = 0; d < 3; ++d)
      data.binary(d, j) = boost::random::bernoulli_distribution<double>(d == group ? 0.85 : 0.2)(stream) ? 1 : 0;
    for (std::size_t c = 0; c < 2; ++c) {
      const bool preferred = boost::random::bernoulli_distribution<double>(0.7)(stream);
      data.categorical(c, j) = static_cast<std::uint16_t>(
          preferred ? group : boost::random::uniform_int_distribution<std::size_t>(0, levels[c] - 1)(stream));
    }
  }
  data.build_numeric_encoding();
  return data;
}

std::vector<ColumnSpec> binary_part(const std::vector<ColumnSpec>& columns) { return {columns[0], columns[1], columns[2]}; }
std::vector<ColumnSpec> categorical_part(const std::vector<ColumnSpec>& columns) { return {columns[3], columns[4]}; }

arma::mat expected_scores(const ComponentFamily& family, const DataBlock& block) {
  arma::mat scores;
  family.expected_log_likelihood(block, scores);
  return scores;
}

/// A product over mixed_columns() with a posterior from one update under random responsibilities.
std::unique_ptr<ProductFamily> posterior_product(const Dataset& data, std::uint64_t seed) {
  auto product = make_product(3, data.columns, kParts);
  const DataBlock block(data, 0, data.num_rows(), 0);
  product->update_posterior(weighted_statistics(*product, block, random_responsibilities(3, data.num_rows(), seed)));
  return product;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_update_is_the_parts_updates_and_the_terms_add_up,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  const Dataset data = mixed_data(80, 1);
  const DataBlock block(data, 0, data.num_rows(), 0);
  const arma::mat r = random_responsibilities(3, data.num_rows(), 2);
  auto product = make_product(3, data.columns, kParts);
  BOOST_TEST(product->capabilities().variational);
  BOOST_TEST(!product->has_posterior());
  product->update_posterior(weighted_statistics(*product, block, r));
  BOOST_TEST(product->has_posterior());
  BOOST_TEST(product->has_parameters());

  auto bernoulli = make_family("bernoulli", 3, binary_part(data.columns), kBernoulliOptions);
  auto categorical = make_family("categorical", 3, categorical_part(data.columns));
  bernoulli->update_posterior(weighted_statistics(*bernoulli, block, r));
  categorical->update_posterior(weighted_statistics(*categorical, block, r));

  // E_q[log p(x | θ_k)] and KL are the parts' sums, bit for bit (the same additions in part order).
  BOOST_TEST(identical(expected_scores(*product, block),
                       expected_scores(*bernoulli, block) + expected_scores(*categorical, block)));
  BOOST_TEST(product->kl_to_prior() == bernoulli->kl_to_prior() + categorical->kl_to_prior());
  BOOST_TEST(product->kl_to_prior() > 0.0);
  // The saved posteriors are the parts' own: each component's entry and each part's prior.
  const YAML::Node saved = YAML::Load(model_text(*product));
  const YAML::Node alone[] = {YAML::Load(model_text(*bernoulli)), YAML::Load(model_text(*categorical))};
  for (std::size_t p = 0; p < 2; ++p) {
    YAML::Emitter in_product, by_itself;
    in_product << saved["prior"]["parts"][p];
    by_itself << alone[p]["prior"];
    BOOST_TEST(std::string(in_product.c_str()) == std::string(by_itself.c_str()));
    for (std::size_t k = 0; k < 3; ++k) {
      YAML::Emitter a, b;
      a << saved["components"][k]["parts"][p];
      b << alone[p]["components"][k];
      BOOST_TEST(std::string(a.c_str()) == std::string(b.c_str()));
    }
  }
}

// A whole VB run of the product against the same coordinate ascent written out
// with the two families side by side: E-step on the summed expected scores,
// each family's update from its own statistics, the weights' update.
BOOST_AUTO_TEST_CASE(vb_of_the_product_is_vb_of_its_parts_joint_model,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  const Dataset data = mixed_data(300, 3);
  const DataBlock block(data, 0, data.num_rows(), 0);
  const BlockPlan plan{data.num_rows(), data.num_rows()};
  const arma::mat start = random_responsibilities(3, data.num_rows(), 4);
  constexpr std::size_t kIterations = 40;

  MixtureModel model(std::make_unique<DirichletWeights>(3, 0.5), make_product(3, data.columns, kParts), YAML::Node(),
                     data.columns);
  set_prior_from_data(model, data, plan);
  apply_update(model, statistics_from_weights(model, data, plan, start), ParameterUpdate::variational);
  const FitReport report = variational_bayes(model, data, plan, VbOptions{kIterations, 0.0});
  BOOST_TEST(report.warnings.empty());
  BOOST_TEST_REQUIRE(report.trace.size() == kIterations);

  auto bernoulli = make_family("bernoulli", 3, binary_part(data.columns), kBernoulliOptions);
  auto categorical = make_family("categorical", 3, categorical_part(data.columns));
  DirichletWeights weights(3, 0.5);
  SufficientStatistics b_stats = weighted_statistics(*bernoulli, block, start);
  bernoulli->update_posterior(b_stats);
  categorical->update_posterior(weighted_statistics(*categorical, block, start));
  weights.update(b_stats);
  double worst = 0.0;
  for (std::size_t t = 0; t < kIterations; ++t) {
    arma::mat r = expected_scores(*bernoulli, block) + expected_scores(*categorical, block);
    SufficientStatistics b(bernoulli->stat_layout()), c(categorical->stat_layout());
    soft_assign(r, weights.expected_log_weights(), b);  // r becomes the responsibilities
    for (std::size_t k = 0; k < 3; ++k) c.count(k) = b.count(k);
    bernoulli->accumulate(block, r, b);
    categorical->accumulate(block, r, c);
    // PRML (10.70)–(10.77) regrouped, as evidence_lower_bound().
    const double elbo = b.log_likelihood() - weights.kl_to_prior() - bernoulli->kl_to_prior() - categorical->kl_to_prior();
    worst = std::max(worst, std::abs(report.trace[t].objective - elbo) / std::abs(elbo));
    BOOST_TEST(report.trace[t].objective == elbo, tt::tolerance(1e-12));
    if (t > 0) BOOST_TEST(report.trace[t].delta >= -1e-9 * std::abs(elbo), "iteration " << t + 1);
    bernoulli->update_posterior(b);
    categorical->update_posterior(c);
    weights.update(b);
  }
  BOOST_TEST_MESSAGE("largest relative ELBO difference over " << kIterations << " iterations: " << worst);
  BOOST_TEST(report.trace.back().objective > report.trace.front().objective);
  const arma::mat separate = expected_scores(*bernoulli, block) + expected_scores(*categorical, block);
  BOOST_TEST(max_relative_error(expected_scores(model.family(), block), separate, 1.0) <= 1e-12);
  BOOST_TEST(model.family().kl_to_prior() == bernoulli->kl_to_prior() + categorical->kl_to_prior(), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(set_prior_from_data_reaches_every_part,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  // The discrete parts have no data-dependent defaults: the pooled pass leaves their priors as configured,
  // and the posterior on zero statistics (the prior itself) is saved unchanged.
  const Dataset data = mixed_data(60, 5);
  const DataBlock block(data, 0, data.num_rows(), 0);
  auto product = make_product(3, data.columns, kParts);
  arma::mat all_in_first(3, data.num_rows(), arma::fill::zeros);
  all_in_first.row(0).ones();
  product->set_prior_from_data(weighted_statistics(*product, block, all_in_first));
  product->update_posterior(SufficientStatistics(product->stat_layout()));
  const YAML::Node saved = YAML::Load(model_text(*product));
  BOOST_TEST(saved["prior"]["parts"][0]["alpha"].as<double>() == 0.5);
  BOOST_TEST(saved["prior"]["parts"][0]["beta"].as<double>() == 2.0);
  BOOST_TEST(saved["prior"]["parts"][1]["alpha"].as<double>() == 1.0);
  BOOST_TEST(std::abs(product->kl_to_prior()) <= 1e-12);
  SufficientStatistics wrong(make_product(2, data.columns, kParts)->stat_layout());
  BOOST_CHECK_THROW(product->set_prior_from_data(wrong), Error);
}

// The Gaussian part's prior defaults come from the data (its mean and covariance): the product must hand
// it the pooled statistics of its own columns, and then update and save it exactly as it would alone.
BOOST_AUTO_TEST_CASE(a_gaussian_part_gets_its_data_dependent_prior_and_round_trips,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(GaussianIsVariational{})) {
  std::vector<ColumnSpec> columns{{"x", ColumnKind::real, 0, {}}, {"y", ColumnKind::real, 0, {}},
                                  {"b", ColumnKind::binary, 0, {}}};
  assign_storage_rows(columns);
  Dataset data;
  data.source = "test";
  data.columns = columns;
  data.real = blob_points(2, 90, 3, 13);
  data.binary.set_size(1, 90);
  for (arma::uword j = 0; j < 90; ++j) data.binary(0, j) = static_cast<std::uint8_t>(j % 3 == 0);
  const DataBlock block(data, 0, 90, 0);
  const std::string parts = "[{family: gaussian, columns: [x, y], options: {covariance: full}},"
                            " {family: bernoulli, columns: [b]}]";
  arma::mat pooled(3, 90, arma::fill::zeros);
  pooled.row(0).ones();
  const arma::mat r = random_responsibilities(3, 90, 14);

  auto product = make_product(3, columns, parts);
  BOOST_TEST_REQUIRE(product->capabilities().variational);
  product->set_prior_from_data(weighted_statistics(*product, block, pooled));
  product->update_posterior(weighted_statistics(*product, block, r));
  auto gaussian = make_family("gaussian", 3, {columns[0], columns[1]}, "{covariance: full}");
  gaussian->set_prior_from_data(weighted_statistics(*gaussian, block, pooled));
  gaussian->update_posterior(weighted_statistics(*gaussian, block, r));

  const std::string text = model_text(*product);
  const YAML::Node saved = YAML::Load(text);
  const YAML::Node alone = YAML::Load(model_text(*gaussian));
  YAML::Emitter a, b;
  a << saved["prior"]["parts"][0];
  b << alone["prior"];
  BOOST_TEST(std::string(a.c_str()) == std::string(b.c_str()));
  for (std::size_t k = 0; k < 3; ++k) {
    YAML::Emitter c, d;
    c << saved["components"][k]["parts"][0];
    d << alone["components"][k];
    BOOST_TEST(std::string(c.c_str()) == std::string(d.c_str()));
  }
  auto loaded = make_product(3, columns, parts);
  loaded->load(YAML::Load(text), "model.yaml");
  BOOST_TEST_REQUIRE(loaded->has_posterior());
  BOOST_TEST(model_text(*loaded) == text);
  BOOST_TEST(identical(expected_scores(*loaded, block), expected_scores(*product, block)));
  BOOST_TEST(loaded->kl_to_prior() == product->kl_to_prior());
}

BOOST_AUTO_TEST_CASE(a_failing_part_leaves_every_posterior_unchanged,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  const Dataset data = mixed_data(60, 6);
  const DataBlock block(data, 0, data.num_rows(), 0);
  auto product = posterior_product(data, 7);
  const std::string before = model_text(*product);
  SufficientStatistics stats = weighted_statistics(*product, block, random_responsibilities(3, data.num_rows(), 8));
  // A NaN in the categorical part's slice: part 0 would update fine, part 1 cannot.
  stats.component(2)[product->part_slice(1).component_offset] = std::nan("");
  try {
    product->update_posterior(stats);
    BOOST_FAIL("update_posterior accepted a NaN count");
  } catch (const NumericalError& e) {
    BOOST_TEST(contains(e.what(), "product family, part 1 (categorical over c0, c1)"), e.what());
  }
  BOOST_TEST(model_text(*product) == before);
}

BOOST_AUTO_TEST_CASE(posterior_round_trip_is_bit_identical,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  const Dataset data = mixed_data(70, 9);
  const DataBlock block(data, 0, data.num_rows(), 0);
  const auto original = posterior_product(data, 10);
  const std::string text = model_text(*original);
  auto loaded = make_product(3, data.columns, kParts);
  loaded->load(YAML::Load(text), "model.yaml");
  BOOST_TEST_REQUIRE(loaded->has_posterior());
  BOOST_TEST(model_text(*loaded) == text);
  BOOST_TEST(identical(expected_scores(*loaded, block), expected_scores(*original, block)));
  BOOST_TEST(identical(scores_of(*loaded, block), scores_of(*original, block)));
  BOOST_TEST(loaded->kl_to_prior() == original->kl_to_prior());
  // The shape: each part's prior under prior.parts, its concentration next to its probabilities.
  const YAML::Node saved = YAML::Load(text);
  BOOST_TEST_REQUIRE(saved["prior"]["parts"].size() == 2u);
  BOOST_TEST(saved["prior"]["parts"][1]["alpha"].as<double>() == 1.0);
  BOOST_TEST(saved["components"][2]["parts"][0]["concentration"].size() == 2u);  // [[a…], [b…]]
  BOOST_TEST(saved["components"][2]["parts"][1]["concentration"].size() == 2u);  // one list per column
  BOOST_TEST(!saved["shared"]);
  // Permuting the product permutes every part's posterior.
  const auto copy = loaded->clone();
  loaded->permute_components(arma::uvec{2, 0, 1});
  BOOST_TEST(identical(expected_scores(*loaded, block), arma::mat(expected_scores(*copy, block).rows(arma::uvec{2, 0, 1}))));
}

BOOST_AUTO_TEST_CASE(posterior_load_errors_are_located,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  const Dataset data = mixed_data(50, 11);
  const std::string text = model_text(*posterior_product(data, 12));
  auto fresh = make_product(3, data.columns, kParts);
  const auto error_of = [&](const YAML::Node& model) {
    return config_error([&] { fresh->load(YAML::Load(YAML::Dump(model)), "model.yaml"); });
  };
  // A null entry: the categorical part reads its posterior under its own (default) prior.
  YAML::Node no_categorical_prior = YAML::Load(text);
  no_categorical_prior["prior"]["parts"][1] = YAML::Node(YAML::NodeType::Null);
  BOOST_TEST(error_of(no_categorical_prior).empty());
  BOOST_TEST(fresh->has_posterior());
  // A wrong number of entries, and a part's own error, located and naming the part.
  YAML::Node one_entry = YAML::Load(text);
  one_entry["prior"]["parts"].remove(1);
  const std::string wrong_count = error_of(one_entry);
  BOOST_TEST(contains(wrong_count, "prior.parts: expected a list of 2 entries, one per part (2), null for a part without"),
             wrong_count);
  YAML::Node bad_alpha = YAML::Load(text);
  bad_alpha["prior"]["parts"][1]["alpha"] = 0;
  const std::string message = error_of(bad_alpha);
  BOOST_TEST(contains(message, "model.yaml:"), message);
  BOOST_TEST(contains(message, "prior.alpha: expected a number > 0, got 0 (in product part 1 (categorical over c0, c1))"),
             message);
  // Concentration in one part only: that part has a posterior, the product does not.
  YAML::Node point_categorical = YAML::Load(text);
  for (std::size_t k = 0; k < 3; ++k) point_categorical["components"][k]["parts"][1].remove("concentration");
  BOOST_TEST(error_of(point_categorical).empty(), error_of(point_categorical));
  BOOST_TEST(fresh->has_parameters());
  BOOST_TEST(!fresh->has_posterior());
}

BOOST_AUTO_TEST_SUITE_END()  // variational_test
