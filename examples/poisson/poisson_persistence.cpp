// PoissonFamily in model.yaml: rates per component and, after VB, the Gamma posteriors and their prior.
#include "poisson_family.hpp"

#include <mixfit/core/error.hpp>
#include <mixfit/core/number_format.hpp>
#include <mixfit/io/parameter_yaml.hpp>

#include <cmath>
#include <string>

namespace poisson {
namespace {

/// How far a saved rate may be from its posterior mean a/b, relative (hand-edited files); save() writes them equal.
constexpr double kPosteriorMeanTolerance = 1e-9;

arma::vec read_positive_vector(const YAML::Node& node, const mixfit::ConfigLocation& where, std::size_t length,
                               const std::string& what) {
  const arma::vec values = mixfit::read_vector(node, where, length, "a list of " + std::to_string(length) + " " + what);
  for (std::size_t d = 0; d < length; ++d)
    if (!(values(d) > 0.0))
      mixfit::fail_at(mixfit::at_index(where, d), node[d], "expected a number > 0, got " + node[d].Scalar());
  return values;
}

std::optional<GammaPrior> read_saved_prior(const YAML::Node& model, const std::string& source) {
  const YAML::Node node = model["prior"];
  if (!node.IsDefined()) return std::nullopt;
  const mixfit::ConfigLocation where{source, "prior"};
  if (!node.IsMap()) mixfit::fail_at(where, node, "expected the Gamma prior {shape: a0, rate: b0}, got " +
                                                      mixfit::show_node(node));
  mixfit::reject_unknown_keys(node, where, {"shape", "rate"});
  const auto read_positive = [&](const char* key) {
    const YAML::Node value = mixfit::require_key(node, where, key);
    const double number = mixfit::read_number(value, where.child(key));
    if (!(number > 0.0)) mixfit::fail_at(where.child(key), value, "expected a number > 0, got " + value.Scalar());
    return number;
  };
  return GammaPrior{read_positive("shape"), read_positive("rate")};
}

}  // namespace

void PoissonFamily::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw mixfit::Error("poisson family: save() called before parameters were set");
  if (posterior_) {
    out << YAML::Key << "prior" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "shape"
        << YAML::Value;
    mixfit::emit_number(out, variational_prior_.shape);
    out << YAML::Key << "rate" << YAML::Value;
    mixfit::emit_number(out, variational_prior_.rate);
    out << YAML::EndMap;
  }
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components_; ++k) {
    out << YAML::BeginMap << YAML::Key << "rates" << YAML::Value;
    mixfit::emit_vector(out, rates_.col(k));
    if (posterior_) {
      out << YAML::Key << "gamma_shape" << YAML::Value;
      mixfit::emit_vector(out, posterior_->shape.col(k));
      out << YAML::Key << "gamma_rate" << YAML::Value;
      mixfit::emit_vector(out, posterior_->rate.col(k));
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void PoissonFamily::load(const YAML::Node& model, const std::string& source) {
  const mixfit::ConfigLocation where{source, ""};
  const std::optional<GammaPrior> saved_prior = read_saved_prior(model, source);
  if (saved_prior && prior_ && (saved_prior->shape != prior_->shape || saved_prior->rate != prior_->rate))
    mixfit::fail_at(where.child("prior"), model["prior"],
                    "the saved posterior was computed under Gamma(" + mixfit::format_double(saved_prior->shape) +
                        ", " + mixfit::format_double(saved_prior->rate) + "), but model.options.prior configures Gamma(" +
                        mixfit::format_double(prior_->shape) + ", " + mixfit::format_double(prior_->rate) + ")");
  const YAML::Node components = mixfit::require_key(model, where, "components");
  const mixfit::ConfigLocation list = where.child("components");
  if (!components.IsSequence() || components.size() != num_components_)
    mixfit::fail_at(list, components, "expected a list of " + std::to_string(num_components_) + " components, got " +
                                          mixfit::show_node(components));
  const std::size_t d_count = dimension();
  arma::mat rates(d_count, num_components_), shape(d_count, num_components_), rate(d_count, num_components_);
  std::size_t with_posterior = 0;
  for (std::size_t k = 0; k < num_components_; ++k) {
    const mixfit::ConfigLocation component = mixfit::at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) mixfit::fail_at(component, node, "expected a mapping with rates, got " + mixfit::show_node(node));
    mixfit::reject_unknown_keys(node, component, {"rates", "gamma_shape", "gamma_rate"});
    const YAML::Node rate_node = mixfit::require_key(node, component, "rates");
    rates.col(k) = read_positive_vector(rate_node, component.child("rates"), d_count, "rates");
    if (!node["gamma_shape"] && !node["gamma_rate"]) continue;
    shape.col(k) = read_positive_vector(mixfit::require_key(node, component, "gamma_shape"),
                                        component.child("gamma_shape"), d_count, "Gamma shapes");
    rate.col(k) = read_positive_vector(mixfit::require_key(node, component, "gamma_rate"),
                                       component.child("gamma_rate"), d_count, "Gamma rates");
    for (std::size_t d = 0; d < d_count; ++d) {
      const double mean = shape(d, k) / rate(d, k);
      if (!(std::abs(rates(d, k) - mean) <= kPosteriorMeanTolerance * mean))
        mixfit::fail_at(mixfit::at_index(component.child("rates"), d), rate_node[d],
                        "expected the posterior mean gamma_shape / gamma_rate = " + mixfit::format_double(mean) +
                            ", got " + rate_node[d].Scalar());
    }
    ++with_posterior;
  }
  if (with_posterior != 0 && with_posterior != num_components_)
    for (std::size_t k = 0; k < num_components_; ++k)
      if (!components[k]["gamma_shape"])
        mixfit::fail_at(mixfit::at_index(list, k), components[k],
                        "expected gamma_shape and gamma_rate as in the other components (a saved posterior has them "
                        "in every component, or in none)");
  // Everything is checked: commit.
  set_rates(rates);
  variational_prior_ = saved_prior.value_or(prior_.value_or(GammaPrior{}));
  if (with_posterior == num_components_) {
    posterior_ = GammaPosterior{shape, rate};
    refresh_caches();
  }
}

}  // namespace poisson
