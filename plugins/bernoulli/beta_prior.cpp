// The Beta prior of the Bernoulli family: its posterior mode and its `prior:` options section.
#include "beta_prior.hpp"

namespace mixfit {

std::optional<double> BetaPrior::posterior_mode(double sum, double count) const {
  const double a = posterior_alpha(sum);
  const double b = posterior_beta(sum, count);
  if (a >= 1.0 && b >= 1.0) {
    const double denominator = a + b - 2.0;
    if (!(denominator > 0.0)) return std::nullopt;
    return (a - 1.0) / denominator;
  }
  if (a < 1.0 && b >= 1.0) return 0.0;
  if (b < 1.0 && a >= 1.0) return 1.0;
  return std::nullopt;  // both below 1 (or NaN)
}

ConfigSchema beta_prior_schema() {
  ConfigSchema schema;
  schema
      .number("alpha", std::nullopt,
              "first shape parameter: acts as alpha - 1 extra ones in every column of every component",
              Range::greater_than(0))
      .required()
      .number("beta", std::nullopt,
              "second shape parameter: acts as beta - 1 extra zeros in every column of every component",
              Range::greater_than(0))
      .required();
  return schema;
}

std::optional<BetaPrior> read_beta_prior(const YAML::Node& section) {
  if (!section.IsDefined() || !section.IsMap()) return std::nullopt;
  return BetaPrior{section["alpha"].as<double>(), section["beta"].as<double>()};
}

}  // namespace mixfit
