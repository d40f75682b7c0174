// A product's scores are the sum of its parts', and its EM is the EM of the parts' joint likelihood.
#include <boost/test/unit_test.hpp>

#include "mixfit/data/csv_reader.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/model/sample_mixture.hpp"
#include "product_test_support.hpp"

#include <boost/random/discrete_distribution.hpp>

#include <cmath>
#include <numbers>

BOOST_AUTO_TEST_SUITE(equivalence_test)

using namespace mixfit;
using namespace mixfit::testing;
namespace tt = boost::test_tools;

namespace {

constexpr std::size_t kComponents = 3;
constexpr std::size_t kRows = 600;
const char* const kDiagAndFull =
    "[{family: gaussian, columns: [x, y], options: {covariance: diag}},"
    " {family: gaussian, columns: [z], options: {covariance: full}}]";

MixtureModel mixture(std::unique_ptr<ComponentFamily> family, const std::vector<ColumnSpec>& columns) {
  const std::size_t k_count = family->num_components();
  return MixtureModel(std::make_unique<MaximumLikelihoodWeights>(k_count), std::move(family), YAML::Node(), columns);
}

/// One M-step from `weights` for family and mixing weights, as the initialisers do.
void start_from(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const arma::mat& weights) {
  const SufficientStatistics stats = statistics_from_weights(model, data, plan, weights);
  model.family().maximize(stats, Estimator::maximum_likelihood);
  model.mixing().update(stats);
}

std::vector<double> objectives(const FitReport& report) {
  std::vector<double> values;
  for (const IterationRecord& record : report.trace) values.push_back(record.objective);
  return values;
}

/// EM written out on the parts themselves: scores Σ_p log p_p, responsibilities, each part's own
/// statistics and M-step, π_k = N_k / N. One block; returns the trace of mean log-likelihoods.
std::vector<double> joint_em(std::vector<ComponentFamily*> parts, const Dataset& data, const arma::mat& start,
                             std::size_t iterations, arma::vec& weights) {
  const DataBlock block(data, 0, data.num_rows(), 0);
  for (ComponentFamily* part : parts) fit_once(*part, block, start);
  weights = arma::sum(start, 1) / arma::accu(start);
  std::vector<double> trace;
  for (std::size_t t = 0; t < iterations; ++t) {
    arma::mat responsibilities = scores_of(*parts[0], block);
    for (std::size_t p = 1; p < parts.size(); ++p) responsibilities += scores_of(*parts[p], block);
    SufficientStatistics framework_slots(parts[0]->stat_layout());
    soft_assign(responsibilities, arma::log(weights), framework_slots);
    trace.push_back(framework_slots.log_likelihood() / static_cast<double>(data.num_rows()));
    for (ComponentFamily* part : parts) {
      SufficientStatistics stats(part->stat_layout());
      stats.num_rows() = framework_slots.num_rows();
      for (std::size_t k = 0; k < weights.n_elem; ++k) stats.count(k) = framework_slots.count(k);
      part->accumulate(block, responsibilities, stats);
      part->maximize(stats, Estimator::maximum_likelihood);
    }
    weights = framework_slots.counts() / arma::accu(framework_slots.counts());
  }
  return trace;
}

/// Means and variances of a diag/full Gaussian's saved components (or a product part's), as D×K.
struct GaussianParameters {
  arma::mat means;
  arma::mat variances;  ///< diagonal of each covariance
};

GaussianParameters gaussian_parameters(const YAML::Node& components) {
  const std::size_t k_count = components.size();
  const std::size_t dimension = components[0]["mean"].size();
  GaussianParameters out{arma::mat(dimension, k_count), arma::mat(dimension, k_count)};
  for (std::size_t k = 0; k < k_count; ++k) {
    const YAML::Node covariance = components[k]["covariance"];
    for (std::size_t d = 0; d < dimension; ++d) {
      out.means(d, k) = components[k]["mean"][d].as<double>();
      out.variances(d, k) = covariance[d].IsSequence() ? covariance[d][d].as<double>() : covariance[d].as<double>();
    }
  }
  return out;
}

/// Part p of a saved product's components, in a gaussian's own shape.
YAML::Node part_components(const YAML::Node& product_model, std::size_t p) {
  YAML::Node components(YAML::NodeType::Sequence);
  for (const YAML::Node& component : product_model["components"]) components.push_back(component["parts"][p]);
  return components;
}

Dataset xyz_data() {
  return Dataset::from_real("test", {"x", "y", "z"}, blob_points(3, kRows, kComponents, 11));
}

/// Soft maximum-likelihood EM: `iterations` at most, stopping earlier once the change is under `tol`.
EmOptions soft_em(std::size_t iterations, double tol) {
  EmOptions options;  // every other field at its default
  options.max_iter = iterations;
  options.tol = tol;
  return options;
}

}  // namespace

BOOST_AUTO_TEST_CASE(scores_are_the_sum_of_the_parts_scores) {
  const Dataset data = xyz_data();
  const DataBlock block(data, 0, kRows, 0);
  const arma::mat r = random_responsibilities(kComponents, kRows, 12);
  auto product = make_product(kComponents, data.columns, kDiagAndFull);
  fit_once(*product, block, r);

  // The same parts on their own, fitted from the same weights.
  auto diag = make_family("gaussian", kComponents, {data.columns[0], data.columns[1]}, "{covariance: diag}");
  auto full = make_family("gaussian", kComponents, {data.columns[2]}, "{covariance: full}");
  fit_once(*diag, block, r);
  fit_once(*full, block, r);

  const arma::mat scores = scores_of(*product, block);
  const arma::mat separate = scores_of(*diag, block) + scores_of(*full, block);
  BOOST_TEST(max_relative_error(scores, separate) < 1e-12);

  // And independently of the plugin, from the saved parameters: Σ_d log N(x_d | μ_kd, σ²_kd).
  const YAML::Node saved = YAML::Load(model_text(*product));
  const GaussianParameters xy = gaussian_parameters(part_components(saved, 0));
  const GaussianParameters z = gaussian_parameters(part_components(saved, 1));
  const arma::mat means = arma::join_cols(xy.means, z.means), variances = arma::join_cols(xy.variances, z.variances);
  arma::mat by_hand(kComponents, kRows);
  for (std::size_t k = 0; k < kComponents; ++k)
    for (std::size_t j = 0; j < kRows; ++j) {
      double sum = 0.0;
      for (std::size_t d = 0; d < 3; ++d) {
        const double deviation = data.real(d, j) - means(d, k);
        sum += -0.5 * (std::log(2.0 * std::numbers::pi * variances(d, k)) + deviation * deviation / variances(d, k));
      }
      by_hand(k, j) = sum;
    }
  BOOST_TEST(max_relative_error(scores, by_hand) < 1e-12);
}

BOOST_AUTO_TEST_CASE(em_of_diag_xy_times_z_equals_em_of_one_diag_gaussian_over_xyz) {
  const Dataset data = xyz_data();
  const BlockPlan plan{kRows, 128};
  const arma::mat r = random_responsibilities(kComponents, kRows, 13);
  MixtureModel product = mixture(make_product(kComponents, data.columns, kDiagAndFull), data.columns);
  MixtureModel single = mixture(make_family("gaussian", kComponents, data.columns, "{covariance: diag}"), data.columns);
  start_from(product, data, plan, r);
  start_from(single, data, plan, r);
  const EmOptions options = soft_em(40, 0.0);
  const FitReport product_report = expectation_maximization(product, data, plan, options);
  const FitReport single_report = expectation_maximization(single, data, plan, options);

  const std::vector<double> a = objectives(product_report), b = objectives(single_report);
  BOOST_TEST_REQUIRE(a.size() == 40u);
  BOOST_TEST(a == b, tt::tolerance(1e-10) << tt::per_element());
  BOOST_TEST(a.back() > a.front() + 0.1);  // EM moved: the comparison is not between two standing starts

  const YAML::Node product_model = YAML::Load(model_text(product.family()));
  const YAML::Node single_model = YAML::Load(model_text(single.family()));
  const GaussianParameters xy = gaussian_parameters(part_components(product_model, 0));
  const GaussianParameters z = gaussian_parameters(part_components(product_model, 1));
  const GaussianParameters xyz = gaussian_parameters(single_model["components"]);
  BOOST_TEST(max_relative_error(arma::join_cols(xy.means, z.means), xyz.means) < 1e-10);
  BOOST_TEST(max_relative_error(arma::join_cols(xy.variances, z.variances), xyz.variances) < 1e-10);
  BOOST_TEST(max_relative_error(product.mixing().weights(), single.mixing().weights()) < 1e-10);
}

BOOST_AUTO_TEST_CASE(product_em_is_em_on_the_parts_joint_likelihood) {
  const Dataset data = xyz_data();
  const BlockPlan plan{kRows, kRows};  // one block, as the written-out EM uses
  const arma::mat r = random_responsibilities(kComponents, kRows, 14);
  MixtureModel product = mixture(make_product(kComponents, data.columns, kDiagAndFull), data.columns);
  start_from(product, data, plan, r);
  const FitReport report = expectation_maximization(product, data, plan, soft_em(25, 0.0));

  auto diag = make_family("gaussian", kComponents, {data.columns[0], data.columns[1]}, "{covariance: diag}");
  auto full = make_family("gaussian", kComponents, {data.columns[2]}, "{covariance: full}");
  arma::vec weights;
  const std::vector<double> trace = joint_em({diag.get(), full.get()}, data, r, 25, weights);
  BOOST_TEST(objectives(report) == trace, tt::tolerance(1e-12) << tt::per_element());
  const YAML::Node product_model = YAML::Load(model_text(product.family()));
  const GaussianParameters xy = gaussian_parameters(part_components(product_model, 0));
  const GaussianParameters own = gaussian_parameters(YAML::Load(model_text(*diag))["components"]);
  BOOST_TEST(max_relative_error(xy.means, own.means) < 1e-12);
  BOOST_TEST(max_relative_error(xy.variances, own.variances) < 1e-12);
  BOOST_TEST(max_relative_error(product.mixing().weights(), weights) < 1e-12);
}

BOOST_AUTO_TEST_CASE(nested_product_fits_like_the_flat_one) {
  const Dataset data = xyz_data();
  const BlockPlan plan{kRows, 100};
  const arma::mat r = random_responsibilities(kComponents, kRows, 15);
  MixtureModel flat = mixture(make_product(kComponents, data.columns, kDiagAndFull), data.columns);
  MixtureModel nested = mixture(
      make_product(kComponents, data.columns,
                   "[{family: product, columns: [x, y], options: {parts: ["
                   "   {family: gaussian, columns: [x], options: {covariance: diag}},"
                   "   {family: gaussian, columns: [y], options: {covariance: spherical}}]}},"
                   " {family: gaussian, columns: [z], options: {covariance: full}}]"),
      data.columns);
  start_from(flat, data, plan, r);
  start_from(nested, data, plan, r);
  const EmOptions options = soft_em(20, 0.0);
  const auto a = objectives(expectation_maximization(flat, data, plan, options));
  const auto b = objectives(expectation_maximization(nested, data, plan, options));
  BOOST_TEST(a == b, tt::tolerance(1e-10) << tt::per_element());
  BOOST_TEST(nested.family().num_free_parameters() == flat.family().num_free_parameters());
  // The nested model's file nests too: components[k].parts[0].parts[1] is y's Gaussian.
  const YAML::Node saved = YAML::Load(model_text(nested.family()));
  BOOST_TEST(saved["components"][2]["parts"][0]["parts"][1]["mean"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(free_parameters_are_the_sum_of_the_parts) {
  const std::vector<ColumnSpec> columns = real_columns({"x", "y", "z", "w", "v"});
  auto product = make_product(kComponents, columns,
                              "[{family: gaussian, columns: [x, y], options: {covariance: diag}},"
                              " {family: gaussian, columns: [z], options: {covariance: full}},"
                              " {family: gaussian, columns: [w, v], options: {covariance: tied}}]");
  std::size_t sum = 0;
  for (std::size_t p = 0; p < product->num_parts(); ++p) sum += product->part(p).num_free_parameters();
  BOOST_TEST(product->num_free_parameters() == sum);
  // By hand: diag K·2 means + K·2 variances; full 1-D K + K; tied K·2 means + one 2×2 covariance (3).
  BOOST_TEST(product->num_free_parameters() == (6u + 6u) + (3u + 3u) + (6u + 3u));
  BOOST_TEST(mixture(std::move(product), columns).num_free_parameters() == 27u + (kComponents - 1));
}

BOOST_AUTO_TEST_CASE(without_a_prior_in_any_part_there_is_no_map_step) {
  auto product = make_product(2, real_columns({"x", "y"}),
                              "[{family: gaussian, columns: [x]}, {family: gaussian, columns: [y]}]");
  const Capabilities gaussian = product->part(0).capabilities();
  BOOST_TEST(product->capabilities().maximum_a_posteriori == gaussian.maximum_a_posteriori);
  BOOST_TEST(product->capabilities().variational == gaussian.variational);
  if (gaussian.maximum_a_posteriori) return;
  const arma::mat x = blob_points(2, 40, 2, 3);
  const SufficientStatistics stats = weighted_statistics(*product, DataBlock(x, 0, 40, 0), random_responsibilities(2, 40, 4));
  BOOST_CHECK_THROW(product->maximize(stats, Estimator::maximum_a_posteriori), Error);
  BOOST_TEST(!product->has_parameters());
}

BOOST_AUTO_TEST_CASE(a_prior_in_one_part_makes_a_map_step_that_leaves_the_others_at_ml,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"})) {
  std::vector<ColumnSpec> columns{{"x", ColumnKind::real, 0, {}}, {"b", ColumnKind::binary, 0, {}},
                                  {"c", ColumnKind::binary, 0, {}}};
  assign_storage_rows(columns);
  Dataset data;
  data.source = "test";
  data.columns = columns;
  data.real = blob_points(1, 60, 2, 5);
  data.binary.set_size(2, 60);
  for (arma::uword j = 0; j < 60; ++j) {
    data.binary(0, j) = static_cast<std::uint8_t>(j % 2);
    data.binary(1, j) = static_cast<std::uint8_t>(j % 3 == 0);
  }
  const DataBlock block(data, 0, 60, 0);
  const arma::mat r = random_responsibilities(2, 60, 6);
  const std::string prior = "{prior: {alpha: 3, beta: 2}}";
  auto product = make_product(2, columns,
                              "[{family: gaussian, columns: [x]}, {family: bernoulli, columns: [b, c], options: " +
                                  prior + "}]");
  BOOST_TEST_REQUIRE(product->capabilities().maximum_a_posteriori);
  product->maximize(weighted_statistics(*product, block, r), Estimator::maximum_a_posteriori);

  auto gaussian = make_family("gaussian", 2, {columns[0]});
  auto bernoulli = make_family("bernoulli", 2, {columns[1], columns[2]}, prior);
  gaussian->maximize(weighted_statistics(*gaussian, block, r), Estimator::maximum_likelihood);
  bernoulli->maximize(weighted_statistics(*bernoulli, block, r), Estimator::maximum_a_posteriori);
  const YAML::Node saved = YAML::Load(model_text(*product));
  for (std::size_t k = 0; k < 2; ++k) {
    YAML::Emitter a, b, c, d;
    a << saved["components"][k]["parts"][0];
    b << YAML::Load(model_text(*gaussian))["components"][k];
    c << saved["components"][k]["parts"][1];
    d << YAML::Load(model_text(*bernoulli))["components"][k];
    BOOST_TEST(std::string(a.c_str()) == std::string(b.c_str()));
    BOOST_TEST(std::string(c.c_str()) == std::string(d.c_str()));
  }
}

BOOST_AUTO_TEST_CASE(capabilities_of_discrete_parts_combine,
                     *boost::unit_test::precondition(FamilyAvailable{"bernoulli"}) *
                         boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  std::vector<ColumnSpec> columns{{"b", ColumnKind::binary, 0, {}},
                                  {"c", ColumnKind::categorical, 0, {"u", "v", "w"}},
                                  {"x", ColumnKind::real, 0, {}}};
  assign_storage_rows(columns);
  const auto no_prior = make_product(2, {columns[0], columns[1]},
                                     "[{family: bernoulli, columns: [b]}, {family: categorical, columns: [c]}]");
  BOOST_TEST(no_prior->capabilities().maximum_a_posteriori ==
             (no_prior->part(0).capabilities().maximum_a_posteriori ||
              no_prior->part(1).capabilities().maximum_a_posteriori));
  const auto mixed = make_product(2, columns,
                                  "[{family: bernoulli, columns: [b]}, {family: categorical, columns: [c],"
                                  " options: {prior: {alpha: 2}}}, {family: gaussian, columns: [x]}]");
  BOOST_TEST(mixed->part(1).capabilities().maximum_a_posteriori);
  BOOST_TEST(mixed->capabilities().maximum_a_posteriori);  // one part's prior is enough
  BOOST_TEST(mixed->capabilities().variational ==
             (mixed->part(0).capabilities().variational && mixed->part(1).capabilities().variational &&
              mixed->part(2).capabilities().variational));
}

BOOST_AUTO_TEST_CASE(sampling_draws_each_part_into_its_own_rows) {
  // Columns not in part order: z comes first (storage rows z 0, x 1, y 2; each part's still consecutive).
  std::vector<ColumnSpec> columns = real_columns({"z", "x", "y"});
  auto product = make_product(2, columns,
                              "[{family: gaussian, columns: [x, y], options: {covariance: full}},"
                              " {family: gaussian, columns: [z]}]");
  const arma::mat x = blob_points(3, 200, 2, 16);
  fit_once(*product, DataBlock(x, 0, x.n_cols, 0), random_responsibilities(2, x.n_cols, 17));

  RandomStream stream(5);
  arma::mat drawn;
  product->sample(1, 50, stream, drawn);
  BOOST_TEST(drawn.n_rows == 3u);
  BOOST_TEST(drawn.n_cols == 50u);
  // The same stream used part by part gives the same rows.
  RandomStream again(5);
  arma::mat xy, z;
  product->part(0).sample(1, 50, again, xy);
  product->part(1).sample(1, 50, again, z);
  BOOST_TEST(identical(drawn.row(1), xy.row(0)));
  BOOST_TEST(identical(drawn.row(2), xy.row(1)));
  BOOST_TEST(identical(drawn.row(0), z.row(0)));
  BOOST_CHECK_THROW(product->sample(2, 5, stream, drawn), Error);
}

BOOST_AUTO_TEST_CASE(sampling_a_known_product_mixture_and_refitting_recovers_it) {
  const std::vector<ColumnSpec> columns = real_columns({"x", "y", "z"});
  MixtureModel truth = mixture(make_product(2, columns, kDiagAndFull), columns);
  truth.mixing().set_weights(arma::vec{0.3, 0.7});
  truth.family().load(YAML::Load("components:\n"
                                 "  - parts: [{mean: [0, 5], covariance: [1, 4]}, {mean: [-3], covariance: [[0.25]]}]\n"
                                 "  - parts: [{mean: [6, 0], covariance: [2, 1]}, {mean: [3], covariance: [[1]]}]\n"),
                      "truth");
  RandomStream stream(2026);
  arma::uvec labels;
  const arma::mat sample = sample_mixture(truth, 20000, stream, labels);
  const Dataset data = Dataset::from_real("sample", {"x", "y", "z"}, sample);

  MixtureModel fitted = mixture(make_product(2, columns, kDiagAndFull), columns);
  const BlockPlan plan{data.num_rows(), 4096};
  start_from(fitted, data, plan, one_hot(labels, 2));  // the true partition as the start
  expectation_maximization(fitted, data, plan, soft_em(200, 1e-10));

  const YAML::Node saved = YAML::Load(model_text(fitted.family()));
  const GaussianParameters xy = gaussian_parameters(part_components(saved, 0));
  const GaussianParameters z = gaussian_parameters(part_components(saved, 1));
  const arma::mat true_means{{0, 6}, {5, 0}, {-3, 3}}, true_variances{{1, 2}, {4, 1}, {0.25, 1}};
  const arma::vec n_k = 20000 * arma::vec{0.3, 0.7};
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t d = 0; d < 3; ++d) {
      const double mean = d < 2 ? xy.means(d, k) : z.means(0, k);
      const double variance = d < 2 ? xy.variances(d, k) : z.variances(0, k);
      // 5 standard errors: sd(mean) = σ/√N_k, sd(variance) ≈ σ²·√(2/N_k).
      BOOST_TEST(std::abs(mean - true_means(d, k)) < 5 * std::sqrt(true_variances(d, k) / n_k(k)), d << "," << k);
      BOOST_TEST(std::abs(variance - true_variances(d, k)) < 5 * true_variances(d, k) * std::sqrt(2 / n_k(k)),
                 d << "," << k);
    }
  BOOST_TEST(std::abs(fitted.mixing().weights()(0) - 0.3) < 5 * std::sqrt(0.3 * 0.7 / 20000));
}

// ---- with a categorical part (runs once the categorical plugin is built in this tree) ----

namespace {

/// x, y real and two categorical columns whose level probabilities depend on the blob.
Dataset mixed_data(const TempDir& dir) {
  const arma::mat x = blob_points(2, kRows, kComponents, 21);
  RandomStream stream(22);
  const std::vector<std::vector<double>> colour_odds{{6, 1, 1}, {1, 6, 1}, {1, 1, 6}};
  const std::vector<std::vector<double>> size_odds{{4, 1}, {1, 1}, {1, 4}};
  const std::vector<std::string> colours{"red", "green", "blue"}, sizes{"S", "L"};
  std::string csv = "x,y,colour,size\n";
  for (std::size_t j = 0; j < kRows; ++j) {
    const std::size_t blob = j % kComponents;
    boost::random::discrete_distribution<std::size_t> colour(colour_odds[blob]), size(size_odds[blob]);
    csv += format_double(x(0, j)) + "," + format_double(x(1, j)) + "," + colours[colour(stream)] + "," +
           sizes[size(stream)] + "\n";
  }
  write_text(dir.file("mixed.csv"), csv);
  return read_table(dir.file("mixed.csv"), {{"x", ColumnKind::real, {}},
                                            {"y", ColumnKind::real, {}},
                                            {"colour", ColumnKind::categorical, {}},
                                            {"size", ColumnKind::categorical, {}}});
}

const char* const kDiagAndCategorical =
    "[{family: gaussian, columns: [x, y], options: {covariance: diag}}, {family: categorical, columns: [colour, size]}]";

}  // namespace

BOOST_AUTO_TEST_CASE(diag_gaussian_times_categorical_scores_are_the_sum_of_the_parts,
                     *boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  TempDir dir;
  const Dataset data = mixed_data(dir);
  const DataBlock block(data, 0, kRows, 0);
  const arma::mat r = random_responsibilities(kComponents, kRows, 23);
  auto product = make_product(kComponents, data.columns, kDiagAndCategorical);
  auto diag = make_family("gaussian", kComponents, {data.columns[0], data.columns[1]}, "{covariance: diag}");
  auto categorical = make_family("categorical", kComponents, {data.columns[2], data.columns[3]});
  fit_once(*product, block, r);
  fit_once(*diag, block, r);
  fit_once(*categorical, block, r);
  const arma::mat separate = scores_of(*diag, block) + scores_of(*categorical, block);
  BOOST_TEST(max_relative_error(scores_of(*product, block), separate) < 1e-12);
}

BOOST_AUTO_TEST_CASE(diag_gaussian_times_categorical_em_is_em_on_the_joint_likelihood,
                     *boost::unit_test::precondition(FamilyAvailable{"categorical"})) {
  TempDir dir;
  const Dataset data = mixed_data(dir);
  const BlockPlan plan{kRows, kRows};
  const arma::mat r = random_responsibilities(kComponents, kRows, 24);
  MixtureModel product = mixture(make_product(kComponents, data.columns, kDiagAndCategorical), data.columns);
  start_from(product, data, plan, r);
  const FitReport report =
      expectation_maximization(product, data, plan, soft_em(30, 0.0));

  auto diag = make_family("gaussian", kComponents, {data.columns[0], data.columns[1]}, "{covariance: diag}");
  auto categorical = make_family("categorical", kComponents, {data.columns[2], data.columns[3]});
  arma::vec weights;
  const std::vector<double> trace = joint_em({diag.get(), categorical.get()}, data, r, 30, weights);
  BOOST_TEST(objectives(report) == trace, tt::tolerance(1e-12) << tt::per_element());
  BOOST_TEST(max_relative_error(product.mixing().weights(), weights) < 1e-12);
  // The categorical part's parameters agree too (compared as saved text, number by number).
  const YAML::Node saved = YAML::Load(model_text(product.family()));
  const YAML::Node own = YAML::Load(model_text(*categorical));
  for (std::size_t k = 0; k < kComponents; ++k) {
    const YAML::Node a = saved["components"][k]["parts"][1]["probabilities"];
    const YAML::Node b = own["components"][k]["probabilities"];
    BOOST_TEST_REQUIRE(a.size() == b.size());
    for (std::size_t c = 0; c < a.size(); ++c)
      for (std::size_t l = 0; l < a[c].size(); ++l)
        BOOST_TEST(a[c][l].as<double>() == b[c][l].as<double>(), tt::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_SUITE_END()  // equivalence_test
