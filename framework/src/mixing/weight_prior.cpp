// Choosing, saving and reading the weight side of a mixture.
#include "mixfit/mixing/weight_prior.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"
#include "mixfit/mixing/dirichlet_weights.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/mixing/stick_breaking_weights.hpp"

#include <cmath>

namespace mixfit {

std::unique_ptr<MixingModel> make_mixing(const WeightPrior& prior, std::size_t num_components, bool variational,
                                         const std::string& where) {
  const double concentration = prior.concentration_or_default(num_components);
  if (variational && prior.equal)
    throw ConfigError(where + ".equal: equal weights fix π_k = 1/K, while vb infers their posterior");
  if (variational) {
    if (prior.type == "dirichlet_distribution")
      return std::make_unique<DirichletWeights>(num_components, concentration);
    return std::make_unique<StickBreakingWeights>(num_components, concentration);
  }
  if (prior.equal) {
    if (prior.type != "none")
      throw ConfigError(where + ".equal: equal weights leave nothing for a weight prior to act on");
    return std::make_unique<MaximumLikelihoodWeights>(num_components, 1.0, true);
  }
  if (prior.type == "none") return std::make_unique<MaximumLikelihoodWeights>(num_components);
  if (prior.type == "dirichlet_process")
    throw ConfigError(where + ".prior: dirichlet_process weights need inference.algorithm: vb (EM has no "
                              "point estimate for them); use dirichlet_distribution for MAP-EM");
  if (concentration < 1.0)
    throw ConfigError(where + ".concentration: MAP-EM needs a Dirichlet concentration >= 1 (below 1 the posterior "
                              "mode sits on the boundary), got " + format_double(concentration) +
                      (prior.concentration ? "" : " (the default 1/K)") + "; use inference.algorithm: vb");
  return std::make_unique<MaximumLikelihoodWeights>(num_components, concentration);
}

std::unique_ptr<MixingModel> read_mixing(const YAML::Node& model, const std::string& source,
                                         std::size_t num_components) {
  const YAML::Node prior = model["weight_prior"];
  if (!prior) {
    auto mixing = std::make_unique<MaximumLikelihoodWeights>(num_components);
    mixing->load(model, source);
    return mixing;
  }
  const ConfigLocation where{source, "weight_prior"};
  if (!prior.IsMap()) fail_at(where, prior, "expected {type: dirichlet_distribution | dirichlet_process, concentration: x}");
  reject_unknown_keys(prior, where, {"type", "concentration"});
  const YAML::Node type = require_key(prior, where, "type");
  const double concentration = read_number(require_key(prior, where, "concentration"), where.child("concentration"));
  if (!(concentration > 0.0)) fail_at(where.child("concentration"), prior["concentration"], "expected a number > 0");
  std::unique_ptr<MixingModel> mixing;
  if (type.IsScalar() && type.Scalar() == "dirichlet_distribution") {
    mixing = std::make_unique<DirichletWeights>(num_components, concentration);
  } else if (type.IsScalar() && type.Scalar() == "dirichlet_process") {
    mixing = std::make_unique<StickBreakingWeights>(num_components, concentration);
  } else {
    fail_at(where.child("type"), type, "expected dirichlet_distribution or dirichlet_process");
  }
  mixing->load(model, source);
  return mixing;
}

void check_weight_model(std::size_t num_components, double concentration, std::string_view type) {
  if (num_components == 0) throw Error(std::string(type) + " weights need at least one component");
  if (!std::isfinite(concentration) || !(concentration > 0.0))
    throw Error(std::string(type) + " weights need a concentration > 0, got " + format_double(concentration));
}

void save_weight_prior(YAML::Emitter& out, std::string_view type, double concentration) {
  out << YAML::Key << "weight_prior" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "type" << YAML::Value << std::string(type);
  out << YAML::Key << "concentration" << YAML::Value;
  emit_number(out, concentration);
  out << YAML::EndMap;
}

void check_saved_weight_prior(const YAML::Node& model, const std::string& source, std::string_view type,
                              double concentration) {
  const YAML::Node prior = model["weight_prior"];
  if (!prior) return;
  const ConfigLocation where{source, "weight_prior"};
  if (!prior.IsMap()) fail_at(where, prior, "expected {type, concentration}");
  const YAML::Node saved_type = prior["type"];
  if (saved_type && (!saved_type.IsScalar() || saved_type.Scalar() != type))
    fail_at(where.child("type"), saved_type, "this model's weights are " + std::string(type));
  const YAML::Node saved = prior["concentration"];
  if (saved && read_number(saved, where.child("concentration")) != concentration)
    fail_at(where.child("concentration"), saved,
            "the configured weight concentration is " + format_double(concentration));
}

}  // namespace mixfit
