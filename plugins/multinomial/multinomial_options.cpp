// Schema of the multinomial family's options and the factory.
#include "multinomial_options.hpp"

#include "multinomial_family.hpp"

namespace mixfit::multinomial {

ConfigSchema multinomial_options_schema() {
  ConfigSchema prior;
  prior.number("alpha", std::nullopt,
               "concentration of the symmetric Dirichlet(alpha) prior on each component's probabilities; the MAP "
               "M-step is pi ∝ S + alpha - 1",
               Range::greater_than(0))
      .required();
  ConfigSchema schema;
  schema
      .number("eps", 1e-10,
              "floor of every probability after each M-step (then renormalised), so no log-probability is -inf",
              Range::between(0, 0.5))
      .optional_section("prior", std::move(prior),
                        "optional: a symmetric Dirichlet prior; when given, EM computes MAP estimates and VB uses it "
                        "(absent: maximum likelihood for EM, alpha = 1 for VB)");
  return schema;
}

std::unique_ptr<ComponentFamily> make_multinomial_family(const FamilySpec& spec) {
  const std::size_t first = spec.contiguous_storage(ColumnKind::real, "multinomial");
  MultinomialOptions options;
  options.eps = spec.options["eps"].as<double>();
  if (const YAML::Node prior = spec.options["prior"]; prior && !prior.IsNull())
    options.prior_alpha = prior["alpha"].as<double>();
  return std::make_unique<MultinomialFamily>(spec.num_components, spec.dimension(), options, first);
}

}  // namespace mixfit::multinomial
