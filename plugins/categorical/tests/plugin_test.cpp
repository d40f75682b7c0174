// The built plugin library loads through the framework's PluginLoader and works through ComponentFamily alone.
#include <boost/test/unit_test.hpp>

#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/e_step.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <sstream>

BOOST_AUTO_TEST_SUITE(plugin_test)

using namespace mixfit;

namespace {

const std::string kPluginFile = std::string(MIXFIT_BUILD_PLUGIN_DIR) + "/libmixfit_categorical.so";

}  // namespace

BOOST_AUTO_TEST_CASE(registers_the_categorical_family) {
  FamilyRegistry registry;
  PluginLoader(registry).load_file(kPluginFile);
  BOOST_TEST_REQUIRE(registry.contains("categorical"));
  const FamilyEntry& entry = registry.get("categorical");
  BOOST_TEST(!entry.summary.empty());
  BOOST_TEST(entry.source.find("libmixfit_categorical") != std::string::npos, entry.source);
  BOOST_TEST((entry.column_kind == ColumnKind::categorical));
  BOOST_TEST(!entry.claim_columns);
  for (const char* key : {"eps", "prior", "unseen"}) BOOST_TEST(entry.options.find(key) != nullptr, key);
}

BOOST_AUTO_TEST_CASE(a_family_from_the_library_fits_and_saves) {
  FamilyRegistry registry;
  PluginLoader(registry).load_file(kPluginFile);
  const FamilyEntry& entry = registry.get("categorical");
  Dataset data;
  data.source = "colours.csv";
  data.columns = {{"colour", ColumnKind::categorical, 0, {"red", "green", "blue"}},
                  {"size", ColumnKind::categorical, 1, {"S", "L"}}};
  data.categorical = arma::Mat<std::uint16_t>{{0, 0, 1, 2, 2, 2}, {0, 0, 0, 1, 1, 0}};
  FamilySpec spec{2, data.columns, {}, "experiment.yaml", &registry};
  spec.options = entry.options.resolve(YAML::Load("{prior: {alpha: 2}}"), {"experiment.yaml", "model.options"});
  const std::unique_ptr<ComponentFamily> family = entry.factory(spec);
  BOOST_TEST(family->name() == "categorical");
  BOOST_TEST(family->num_free_parameters() == 2u * (2 + 1));
  BOOST_TEST(family->capabilities().maximum_a_posteriori);

  // Initialise from one-hot statistics (as the framework's initialisers do), then one MAP-EM step.
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
  family->maximize(stats, Estimator::maximum_a_posteriori);

  YAML::Emitter out;
  out << YAML::BeginMap;
  family->save(out);
  out << YAML::EndMap;
  const YAML::Node saved = YAML::Load(out.c_str());
  BOOST_TEST(saved["components"].size() == 2u);
  BOOST_TEST(saved["components"][0]["probabilities"][0].size() == 3u);
  const std::unique_ptr<ComponentFamily> reloaded = entry.factory(spec);
  reloaded->load(saved, "model.yaml");
  arma::mat a, b;
  family->log_likelihood(block, a);
  reloaded->log_likelihood(block, b);
  BOOST_TEST(arma::all(arma::vectorise(a == b)));
}

BOOST_AUTO_TEST_SUITE_END()  // plugin_test
