// The built plugin library loads through the framework's PluginLoader and works through ComponentFamily alone.
#include <boost/test/unit_test.hpp>

#include "mixfit/inference/e_step.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <sstream>

BOOST_AUTO_TEST_SUITE(plugin_test)

using namespace mixfit;

namespace {

const std::string kPluginFile = std::string(MIXFIT_BUILD_PLUGIN_DIR) + "/libmixfit_gaussian.so";

}  // namespace

BOOST_AUTO_TEST_CASE(registers_the_gaussian_family) {
  FamilyRegistry registry;
  PluginLoader(registry).load_file(kPluginFile);
  BOOST_TEST_REQUIRE(registry.contains("gaussian"));
  const FamilyEntry& entry = registry.get("gaussian");
  BOOST_TEST(!entry.summary.empty());
  BOOST_TEST(entry.source.find("libmixfit_gaussian") != std::string::npos, entry.source);
  BOOST_TEST(entry.options.find("covariance") != nullptr);
  BOOST_TEST(entry.options.find("reg_covar") != nullptr);
  std::ostringstream described;
  entry.options.describe(described);
  BOOST_TEST(described.str().find("spherical") != std::string::npos, described.str());
}

BOOST_AUTO_TEST_CASE(a_family_from_the_library_fits_and_saves) {
  FamilyRegistry registry;
  PluginLoader(registry).load_file(kPluginFile);
  const FamilyEntry& entry = registry.get("gaussian");
  FamilySpec spec;
  spec.num_components = 2;
  spec.columns = {{"x", ColumnKind::real, 0, {}}, {"y", ColumnKind::real, 1, {}}};
  spec.source = "experiment.yaml";
  spec.options = entry.options.resolve(YAML::Load("{covariance: tied}"), {"experiment.yaml", "model.options"});
  const std::unique_ptr<ComponentFamily> family = entry.factory(spec);
  BOOST_TEST(family->name() == "gaussian");
  BOOST_TEST(family->num_free_parameters() == 3u + 4u);

  // Initialise from one-hot statistics (as the framework's initialisers do), then one EM step.
  const arma::mat x = {{0.0, 0.5, 1.0, 10.0, 10.5, 11.0}, {0.0, 1.0, 0.2, 5.0, 4.0, 5.5}};
  arma::mat labels = {{1, 1, 1, 0, 0, 0}, {0, 0, 0, 1, 1, 1}};
  SufficientStatistics init(family->stat_layout());
  for (arma::uword k = 0; k < 2; ++k) init.count(k) = arma::accu(labels.row(k));
  const DataBlock block(x, 0, x.n_cols, 0);
  family->accumulate(block, labels, init);
  family->maximize(init, Estimator::maximum_likelihood);
  BOOST_TEST(family->has_parameters());

  arma::mat scores;
  family->log_likelihood(block, scores);
  SufficientStatistics stats(family->stat_layout());
  soft_assign(scores, arma::log(arma::vec{0.5, 0.5}), stats);
  family->accumulate(block, scores, stats);
  family->maximize(stats, Estimator::maximum_likelihood);

  YAML::Emitter out;
  out << YAML::BeginMap;
  family->save(out);
  out << YAML::EndMap;
  const YAML::Node saved = YAML::Load(out.c_str());
  BOOST_TEST(saved["components"].size() == 2u);
  BOOST_TEST(saved["shared"]["covariance"].size() == 2u);
  const std::unique_ptr<ComponentFamily> reloaded = entry.factory(spec);
  reloaded->load(saved, "model.yaml");
  arma::mat a, b;
  family->log_likelihood(block, a);
  reloaded->log_likelihood(block, b);
  BOOST_TEST(arma::all(arma::vectorise(a == b)));
}

BOOST_AUTO_TEST_SUITE_END()  // plugin_test
