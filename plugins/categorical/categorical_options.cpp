// Schema of the categorical family's options, their typed form, and the factory.
#include "categorical_options.hpp"

#include "categorical_family.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <string>
#include <vector>

namespace mixfit {

ConfigSchema categorical_options_schema() {
  ConfigSchema prior;
  prior.number("alpha", std::nullopt,
               "concentration of the symmetric Dirichlet(alpha) prior on each column's level probabilities; "
               "the MAP M-step is theta = (S + alpha - 1) / (n + L (alpha - 1)); alpha = 1 is maximum likelihood",
               Range::greater_than(0))
      .required();
  ConfigSchema schema;
  schema
      .number("eps", 1e-10,
              "floor of every estimated level probability after each M-step: a column's probabilities below eps are "
              "raised to eps and the column is renormalised to sum to 1 (so no level has log-probability -inf); "
              "0 turns it off; must be < 1",
              Range::between(0, 1))
      .section("prior", std::move(prior),
               "optional: a symmetric Dirichlet prior, for MAP-EM and as the prior of VB's Dirichlet posteriors "
               "(absent: maximum likelihood for EM, alpha = 1 for VB)")
      .choice("unseen", {"error", "ignore"}, "error",
              "a cell whose level is not in the column's level dictionary (new data at predict/score time, or "
              "levels fixed by data.levels): error stops with file, line and column; ignore marginalises the "
              "cell out (it adds 0 to the log-likelihood and nothing to the statistics)");
  return schema;
}

CategoricalOptions read_categorical_options(const YAML::Node& resolved, const std::string& source) {
  CategoricalOptions options;
  options.eps = resolved["eps"].as<double>();
  // The schema's range is [0, 1]; 1 would floor every level at 1.
  if (!(options.eps < 1.0))
    throw ConfigError(source + ": model.options.eps: expected a number in [0, 1), got " + format_double(options.eps));
  const YAML::Node prior = resolved["prior"];
  if (prior && prior.IsMap() && prior["alpha"]) options.prior_alpha = prior["alpha"].as<double>();
  options.unseen = resolved["unseen"].as<std::string>() == "ignore" ? UnseenLevels::ignore : UnseenLevels::error;
  return options;
}

std::unique_ptr<ComponentFamily> make_categorical_family(const FamilySpec& spec) {
  const std::size_t first = spec.contiguous_storage(ColumnKind::categorical, "categorical");
  std::vector<std::string> names;
  std::vector<std::size_t> num_levels;
  for (const ColumnSpec& column : spec.columns) {
    if (column.levels.empty())
      throw ConfigError(spec.source + ": categorical column '" + column.name + "' has an empty level dictionary");
    names.push_back(column.name);
    num_levels.push_back(column.levels.size());
  }
  return std::make_unique<CategoricalFamily>(spec.num_components, LevelLayout(std::move(names), std::move(num_levels)),
                                             read_categorical_options(spec.options, spec.source), first);
}

}  // namespace mixfit
