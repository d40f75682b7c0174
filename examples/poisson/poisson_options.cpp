// Schema of the poisson family's options and the factory.
#include "poisson_options.hpp"

#include "gamma_prior.hpp"
#include "poisson_family.hpp"

namespace poisson {

mixfit::ConfigSchema poisson_options_schema() {
  mixfit::ConfigSchema schema;
  schema
      .number("min_rate", 1e-10,
              "after every M-step each rate is raised to at least min_rate, so no log-rate is -inf (a component "
              "that saw only zeros in a column)",
              mixfit::Range::greater_than(0))
      .optional_section("prior", gamma_prior_schema(),
                        "optional: a Gamma(shape, rate) prior on every rate; when given, EM computes MAP estimates "
                        "(shape + sum of weighted counts - 1) / (rate + N_k), and VB uses it; absent: maximum "
                        "likelihood for EM, Gamma(1, 0.01) for VB");
  return schema;
}

std::unique_ptr<mixfit::ComponentFamily> make_poisson_family(const mixfit::FamilySpec& spec) {
  const std::size_t first = spec.contiguous_storage(mixfit::ColumnKind::real, "poisson");
  return std::make_unique<PoissonFamily>(spec.num_components, spec.column_names(),
                                         spec.options["min_rate"].as<double>(),
                                         read_gamma_prior(spec.options["prior"]), first);
}

}  // namespace poisson
