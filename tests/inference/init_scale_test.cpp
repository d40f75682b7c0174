// inference.init.scale: standardised seeding distances ignore a column's units, and the start is applied in them.
#include <boost/test/unit_test.hpp>

#include "mixfit/data/csv_reader.hpp"
#include "mixfit/inference/k_means.hpp"
#include "mixfit/init/column_scale.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/init/k_means_plus_plus.hpp"
#include "mixfit/io/model_io.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"

BOOST_AUTO_TEST_SUITE(init_scale_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// Column 0 (radius_mean) is multiplied by this in the rescaled copy.
constexpr double kFactor = 1e5;

// The ten *_mean columns of wdbc (tests/data/wdbc), variances 5e-5 to 1.2e5.
Dataset wdbc(double column_0_factor = 1.0) {
  const std::string path = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/wdbc/wdbc_mean.csv";
  arma::mat values = read_csv_matrix(path).t();  // D×N
  values.row(0) *= column_0_factor;
  std::vector<std::string> names;
  for (arma::uword d = 0; d < values.n_rows; ++d) names.push_back("x" + std::to_string(d));
  return Dataset::from_real(path, names, values);
}

InitConfig init_with(const std::string& method, InitScale scale) {
  InitConfig init;
  init.method = method;
  init.scale = scale;
  return init;
}

// The start's parameters as model.yaml writes them (exact numbers).
YAML::Node started_model(const Dataset& data, const BlockPlan& plan, const InitConfig& init, std::uint64_t seed) {
  static const FamilyRegistry registry = build_tree_registry();
  MixtureModel model = make_gaussian_model(registry, 3, data.column_names(), "full", 0.0);
  RandomStream stream = derive_stream(seed, "restart", 0);
  initialise(model, data, plan, init, "test.yaml", stream);
  return YAML::Load(model_to_yaml(model));
}

}  // namespace

BOOST_AUTO_TEST_CASE(weights_are_inverse_standard_deviations_and_a_constant_column_keeps_one) {
  arma::mat values(3, 1000);
  arma::arma_rng::set_seed(4);
  values.row(0) = 1e4 + 3e2 * arma::randn<arma::rowvec>(1000);
  values.row(1) = 1e-3 * arma::randu<arma::rowvec>(1000);
  values.row(2).fill(0.1);  // its mean rounds off 0.1 by an ulp or so: still constant
  const Dataset data = Dataset::from_real("test", {"a", "b", "c"}, values);
  const arma::vec weights = standardising_weights(data, {data.num_rows(), 64});
  for (arma::uword d = 0; d < 2; ++d)
    BOOST_TEST(weights(d) * arma::stddev(values.row(d), 1) == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(weights(2) == 1.0);
  BOOST_TEST(distance_weights(data, {data.num_rows(), 64}, InitScale::none).is_empty());
}

BOOST_AUTO_TEST_CASE(weighted_distances_seed_as_a_standardised_copy_does) {
  const Dataset data = wdbc();
  arma::mat z = data.real;
  z.each_col() -= arma::mean(z, 1);
  z.each_col() /= arma::stddev(z, 1, 1);
  const Dataset standardised = Dataset::from_real("z", data.column_names(), z);
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    RandomStream a = derive_stream(seed, "restart", 0), b = derive_stream(seed, "restart", 0);
    const arma::uvec weighted = k_means_plus_plus(data, 3, a, standardising_weights(data, {data.num_rows(), 4096}));
    BOOST_TEST(arma::all(weighted == k_means_plus_plus(standardised, 3, b)), "seed " << seed);
  }
}

BOOST_AUTO_TEST_CASE(standardised_seeds_do_not_depend_on_a_columns_units) {
  const Dataset data = wdbc(), rescaled = wdbc(kFactor);
  const BlockPlan plan{data.num_rows(), 4096};
  std::size_t raw_differences = 0;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      RandomStream a = derive_stream(seed, "restart", 0), b = derive_stream(seed, "restart", 0);
      const arma::uvec rows = k_means_plus_plus(data, 3, a, standardising_weights(data, plan));
      BOOST_TEST(arma::all(rows == k_means_plus_plus(rescaled, 3, b, standardising_weights(rescaled, plan))));
      RandomStream c = derive_stream(seed, "restart", 0), d = derive_stream(seed, "restart", 0);
      raw_differences += !arma::all(k_means_plus_plus(data, 3, c) == k_means_plus_plus(rescaled, 3, d));
    }
  }
  // Raw distances follow the units: the rescaled column takes over the seeding.
  BOOST_TEST(raw_differences > 0u);
}

BOOST_AUTO_TEST_CASE(every_distance_start_is_the_same_partition_applied_in_the_datas_units) {
  const Dataset data = wdbc(), rescaled = wdbc(kFactor);
  const BlockPlan plan{data.num_rows(), 4096};
  for (const std::string method : {"kmeans++", "kmeans", "random_from_data"}) {
    BOOST_TEST_CONTEXT("method " << method) {
      const InitConfig init = init_with(method, InitScale::standardize);
      const YAML::Node a = started_model(data, plan, init, 11), b = started_model(rescaled, plan, init, 11);
      // The same partition: the same weights, bit for bit, and the same means
      // of the columns left alone; the rescaled column's means are scaled.
      BOOST_TEST(a["weights"].as<std::vector<double>>() == b["weights"].as<std::vector<double>>(),
                 boost::test_tools::per_element());
      for (std::size_t k = 0; k < 3; ++k) {
        const auto mean_a = a["components"][k]["mean"].as<std::vector<double>>();
        const auto mean_b = b["components"][k]["mean"].as<std::vector<double>>();
        BOOST_TEST(mean_b[0] == kFactor * mean_a[0], boost::test_tools::tolerance(1e-14));
        for (std::size_t d = 1; d < mean_a.size(); ++d) BOOST_TEST(mean_a[d] == mean_b[d], "component " << k << ", column " << d);
      }
      // The first M-step is in the data's units: the radius means are radii (7 to 28), not standard scores.
      for (std::size_t k = 0; k < 3; ++k) {
        const double radius = a["components"][k]["mean"][0].as<double>();
        BOOST_TEST((radius > 6.9 && radius < 28.2), radius);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(standardised_starts_are_the_same_bits_on_one_and_two_threads) {
  const Dataset data = wdbc();
  for (const std::string method : {"kmeans++", "kmeans", "random_from_data"}) {
    const InitConfig init = init_with(method, InitScale::standardize);
    const BlockPlan one{data.num_rows(), 50, 1}, two{data.num_rows(), 50, 2};  // 12 blocks
    BOOST_TEST(YAML::Dump(started_model(data, one, init, 5)) == YAML::Dump(started_model(data, two, init, 5)), method);
  }
}

BOOST_AUTO_TEST_SUITE_END()  // init_scale_test
