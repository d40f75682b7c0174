// MultinomialFamily in model.yaml: probabilities and mean totals per component; after VB the Dirichlet posteriors.
#include "multinomial_family.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <cmath>
#include <string>

namespace mixfit::multinomial {
namespace {

constexpr double kSumTolerance = 1e-9;  // hand-written probabilities: how far from 1 their sum may be

}  // namespace

void MultinomialFamily::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw Error("multinomial family: save() called before parameters were set");
  if (has_posterior()) {
    out << YAML::Key << "prior" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "alpha" << YAML::Value;
    emit_number(out, variational_alpha_);
    out << YAML::EndMap;
  }
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components_; ++k) {
    out << YAML::BeginMap << YAML::Key << "probabilities" << YAML::Value;
    emit_vector(out, probabilities_.col(k));
    out << YAML::Key << "mean_total" << YAML::Value;
    emit_number(out, mean_totals_(k));
    if (has_posterior()) {
      out << YAML::Key << "dirichlet_alpha" << YAML::Value;
      emit_vector(out, posterior_alpha_.col(k));
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void MultinomialFamily::load(const YAML::Node& model, const std::string& source) {
  const ConfigLocation top{source, ""};
  double alpha = variational_alpha_;
  if (const YAML::Node prior = model["prior"]; prior.IsDefined()) {
    const ConfigLocation where = top.child("prior");
    if (!prior.IsMap()) fail_at(where, prior, "expected the Dirichlet prior {alpha: a}");
    reject_unknown_keys(prior, where, {"alpha"});
    const YAML::Node value = require_key(prior, where, "alpha");
    alpha = read_number(value, where.child("alpha"));
    if (!(alpha > 0.0)) fail_at(where.child("alpha"), value, "expected a number > 0");
    if (options_.prior_alpha && alpha != *options_.prior_alpha)
      fail_at(where, prior, "the saved posterior was computed under Dirichlet(" + format_double(alpha) +
                                "), but model.options.prior configures alpha = " + format_double(*options_.prior_alpha));
  }
  const YAML::Node components = require_key(model, top, "components");
  const ConfigLocation list = top.child("components");
  if (!components.IsSequence() || components.size() != num_components_)
    fail_at(list, components, "expected a list of " + std::to_string(num_components_) + " components, got " +
                                  show_node(components));
  arma::mat probabilities(dimension_, num_components_), posterior(dimension_, num_components_);
  arma::vec totals(num_components_);
  std::size_t with_posterior = 0;
  for (std::size_t k = 0; k < num_components_; ++k) {
    const ConfigLocation where = at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) fail_at(where, node, "expected a mapping with probabilities and mean_total");
    reject_unknown_keys(node, where, {"probabilities", "mean_total", "dirichlet_alpha"});
    const YAML::Node p = require_key(node, where, "probabilities");
    probabilities.col(k) = read_vector(p, where.child("probabilities"), dimension_, "one probability per column");
    for (std::size_t d = 0; d < dimension_; ++d)
      if (!(probabilities(d, k) > 0.0 && probabilities(d, k) <= 1.0))
        fail_at(at_index(where.child("probabilities"), d), p[d], "expected a probability in (0, 1]");
    if (!(std::abs(arma::accu(probabilities.col(k)) - 1.0) <= kSumTolerance))
      fail_at(where.child("probabilities"), p, "expected probabilities that sum to 1, got a sum of " +
                                                   format_double(arma::accu(probabilities.col(k))));
    const YAML::Node total = require_key(node, where, "mean_total");
    totals(k) = read_number(total, where.child("mean_total"));
    if (!(totals(k) >= 0.0)) fail_at(where.child("mean_total"), total, "expected a number >= 0");
    if (!node["dirichlet_alpha"]) continue;
    const YAML::Node a = node["dirichlet_alpha"];
    posterior.col(k) = read_vector(a, where.child("dirichlet_alpha"), dimension_, "one alpha per column");
    const double sum = arma::accu(posterior.col(k));
    for (std::size_t d = 0; d < dimension_; ++d) {
      if (!(posterior(d, k) > 0.0)) fail_at(at_index(where.child("dirichlet_alpha"), d), a[d], "expected a number > 0");
      const double mean = posterior(d, k) / sum;
      if (!(std::abs(probabilities(d, k) - mean) <= 1e-9 * mean))
        fail_at(at_index(where.child("probabilities"), d), p[d],
                "expected the posterior mean " + format_double(mean) + " of dirichlet_alpha");
    }
    ++with_posterior;
  }
  if (with_posterior != 0 && with_posterior != num_components_)
    for (std::size_t k = 0; k < num_components_; ++k)
      if (!components[k]["dirichlet_alpha"])
        fail_at(at_index(list, k), components[k],
                "expected dirichlet_alpha as in the other components (a saved posterior is in every component, or "
                "in none)");
  // Everything is checked: commit.
  variational_alpha_ = alpha;
  commit(probabilities, totals, with_posterior == num_components_ ? posterior : arma::mat());
}

}  // namespace mixfit::multinomial
