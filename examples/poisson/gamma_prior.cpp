// The Gamma prior's posterior mode and its options section.
#include "gamma_prior.hpp"

#include <algorithm>

namespace poisson {

double GammaPrior::posterior_mode(double sum, double count) const {
  return std::max(0.0, (shape + sum - 1.0) / (rate + count));  // the Gamma(A, B) mode (A − 1)/B for A ≥ 1
}

mixfit::ConfigSchema gamma_prior_schema() {
  mixfit::ConfigSchema schema;
  schema.number("shape", std::nullopt, "a0, the Gamma prior's shape (a0 - 1 pseudo-counts per rate)",
                mixfit::Range::greater_than(0))
      .required()
      .number("rate", std::nullopt, "b0, the Gamma prior's rate (b0 pseudo-rows); its mean is a0 / b0",
              mixfit::Range::greater_than(0))
      .required();
  return schema;
}

std::optional<GammaPrior> read_gamma_prior(const YAML::Node& section) {
  if (!section || section.IsNull()) return std::nullopt;
  return GammaPrior{section["shape"].as<double>(), section["rate"].as<double>()};
}

}  // namespace poisson
