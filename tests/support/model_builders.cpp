// Test model builders.
#include "support/model_builders.hpp"

#include "mixfit/core/number_format.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/plugin/plugin_loader.hpp"
#include "support/fixtures.hpp"

namespace mixfit::testing {

FamilyRegistry build_tree_registry() {
  FamilyRegistry registry;
  PluginLoader loader(registry);
  loader.load_directory(MIXFIT_BUILD_PLUGIN_DIR);
  return registry;
}

MixtureModel make_gaussian_model(const FamilyRegistry& registry, std::size_t num_components,
                                 const std::vector<std::string>& columns, const std::string& covariance,
                                 double reg_covar) {
  YAML::Node given;
  given["covariance"] = covariance;
  given["reg_covar"] = format_double(reg_covar);
  const YAML::Node options = registry.resolve_options("gaussian", given, {"test", "model.options"});
  std::vector<ColumnSpec> specs;
  for (std::size_t d = 0; d < columns.size(); ++d) specs.push_back({columns[d], ColumnKind::real, d, {}});
  FamilySpec spec{num_components, specs, options, "test", &registry};
  return MixtureModel(std::make_unique<MaximumLikelihoodWeights>(num_components), registry.create("gaussian", spec),
                      options, specs);
}

namespace {
YAML::Node number_list(const arma::vec& values) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (double v : values) list.push_back(format_double(v));
  return list;
}
}  // namespace

YAML::Node gaussian_parameters_node(const arma::vec& weights, const arma::mat& means_dk,
                                    const YAML::Node& covariances, const std::string& covariance) {
  YAML::Node root;
  root["weights"] = number_list(weights);
  YAML::Node components(YAML::NodeType::Sequence);
  for (arma::uword k = 0; k < means_dk.n_cols; ++k) {
    YAML::Node component;
    component["mean"] = number_list(means_dk.col(k));
    if (covariance != "tied") component["covariance"] = YAML::Clone(covariances[k]);
    components.push_back(component);
  }
  root["components"] = components;
  if (covariance == "tied") root["shared"]["covariance"] = YAML::Clone(covariances);
  return root;
}

Dataset three_blobs() { return read_csv(fixture_path("three_blobs.csv"), {"x", "y"}); }

}  // namespace mixfit::testing
