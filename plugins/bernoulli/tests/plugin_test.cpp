// The built plugin library loads through the framework's PluginLoader and works through ComponentFamily alone.
#include <boost/test/unit_test.hpp>

#include "bernoulli_test_support.hpp"
#include "mixfit/inference/e_step.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <sstream>

BOOST_AUTO_TEST_SUITE(plugin_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::string kPluginFile = std::string(MIXFIT_BUILD_PLUGIN_DIR) + "/libmixfit_bernoulli.so";

}  // namespace

BOOST_AUTO_TEST_CASE(registers_the_bernoulli_family_for_binary_columns) {
  FamilyRegistry registry;
  PluginLoader(registry).load_file(kPluginFile);
  BOOST_TEST_REQUIRE(registry.contains("bernoulli"));
  const FamilyEntry& entry = registry.get("bernoulli");
  BOOST_TEST(!entry.summary.empty());
  BOOST_TEST(entry.source.find("libmixfit_bernoulli") != std::string::npos, entry.source);
  BOOST_TEST((entry.column_kind == ColumnKind::binary));
  BOOST_TEST(!entry.claim_columns);
  BOOST_TEST(entry.options.find("eps") != nullptr);
  BOOST_TEST(entry.options.find("prior") != nullptr);
  std::ostringstream described;
  entry.options.describe(described);
  BOOST_TEST(described.str().find("alpha") != std::string::npos, described.str());
}

BOOST_AUTO_TEST_CASE(a_family_from_the_library_fits_and_saves) {
  FamilyRegistry registry;
  PluginLoader(registry).load_file(kPluginFile);
  const FamilyEntry& entry = registry.get("bernoulli");
  FamilySpec spec;
  spec.num_components = 2;
  spec.columns = binary_columns(3);
  spec.source = "experiment.yaml";
  spec.options = entry.options.resolve(YAML::Load("{eps: 0.001}"), {"experiment.yaml", "model.options"});
  const std::unique_ptr<ComponentFamily> family = entry.factory(spec);
  BOOST_TEST(family->name() == "bernoulli");
  BOOST_TEST(family->num_free_parameters() == 6u);

  // Initialise from one-hot statistics (as the framework's initialisers do), then one EM step.
  const Dataset data = binary_dataset(arma::Mat<std::uint8_t>{{1, 1, 1, 0, 0, 0}, {1, 0, 1, 0, 0, 1}, {0, 0, 0, 1, 1, 1}});
  const DataBlock block(data, 0, 6, 0);
  const arma::mat labels = {{1, 1, 1, 0, 0, 0}, {0, 0, 0, 1, 1, 1}};
  SufficientStatistics init(family->stat_layout());
  for (arma::uword k = 0; k < 2; ++k) init.count(k) = arma::accu(labels.row(k));
  family->accumulate(block, labels, init);
  family->maximize(init, Estimator::maximum_likelihood);
  BOOST_TEST(family->has_parameters());

  arma::mat scores;
  family->log_likelihood(block, scores);
  SufficientStatistics stats(family->stat_layout());
  soft_assign(scores, arma::log(arma::vec{0.5, 0.5}), stats);
  family->accumulate(block, scores, stats);
  family->maximize(stats, Estimator::maximum_likelihood);

  const arma::mat p = saved_probabilities(*family);
  BOOST_TEST(p.min() >= 0.001);
  BOOST_TEST(p.max() <= 0.999);
  YAML::Emitter out;
  out << YAML::BeginMap;
  family->save(out);
  out << YAML::EndMap;
  const std::unique_ptr<ComponentFamily> reloaded = entry.factory(spec);
  reloaded->load(YAML::Load(out.c_str()), "model.yaml");
  arma::mat a, b;
  family->log_likelihood(block, a);
  reloaded->log_likelihood(block, b);
  BOOST_TEST(identical(a, b));
}

BOOST_AUTO_TEST_SUITE_END()  // plugin_test
