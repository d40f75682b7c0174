// Schema of the bernoulli family's options and the factory.
#include "bernoulli_options.hpp"

#include "bernoulli_family.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

namespace mixfit {

ConfigSchema bernoulli_options_schema() {
  ConfigSchema schema;
  schema
      .number("eps", 1e-10,
              "after every M-step each probability is clipped to [eps, 1 - eps], so no log-probability is -inf; "
              "must be < 0.5; 0 turns clipping off",
              Range::between(0, 0.5))
      .section("prior", beta_prior_schema(),
               "optional: a Beta(alpha, beta) prior on every probability; when given, EM computes MAP estimates, "
               "the posterior mode p = (sum of weighted ones + alpha - 1) / (N_k + alpha + beta - 2), and VB uses it "
               "as the prior of its Beta posteriors; absent: maximum likelihood for EM, Beta(1, 1) for VB");
  return schema;
}

BernoulliOptions read_bernoulli_options(const YAML::Node& options, const ConfigLocation& where) {
  BernoulliOptions result;
  result.eps = options["eps"].as<double>();
  // The schema's Range has no exclusive maximum; eps = 0.5 would pin every probability to 0.5.
  if (!(result.eps < 0.5))
    throw ConfigError(where.file + ": " + where.child("eps").key_path + ": expected a number in [0, 0.5), got " +
                      format_double(result.eps));
  result.prior = read_beta_prior(options["prior"]);
  return result;
}

std::unique_ptr<ComponentFamily> make_bernoulli_family(const FamilySpec& spec) {
  const BernoulliOptions options = read_bernoulli_options(spec.options, {spec.source, "model.options"});
  const std::size_t first = spec.contiguous_storage(ColumnKind::binary, "bernoulli");
  return std::make_unique<BernoulliFamily>(spec.num_components, spec.columns.size(), options.eps, options.prior,
                                           first);
}

}  // namespace mixfit
