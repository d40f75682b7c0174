// Moments, modes, KL divergences and option sections of the kit's vector conjugate priors.
#include "mixfit/kit/vector_priors.hpp"

#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"

#include <cmath>

namespace mixfit::kit {
namespace {

bool positive_finite(double value) { return value > 0.0 && std::isfinite(value); }

bool all_positive_finite(const arma::vec& values) {
  for (const double value : values)
    if (!positive_finite(value)) return false;
  return true;
}

}  // namespace

arma::vec Dirichlet::mode() const {
  const arma::vec excess = arma::clamp(alpha - 1.0, 0.0, arma::datum::inf);
  const double total = arma::accu(excess);
  return total > 0.0 ? arma::vec(excess / total) : mean();
}

arma::vec Dirichlet::expected_log() const { return dirichlet_expected_log(alpha); }

double Dirichlet::kl_from(const Dirichlet& prior) const { return kl_dirichlet(alpha, prior.alpha); }

bool Dirichlet::valid() const { return !alpha.is_empty() && all_positive_finite(alpha); }

bool Dirichlet::valid(const Hyperparameters& h) { return positive_finite(h[0]); }

ConfigSchema Dirichlet::schema() {
  ConfigSchema schema;
  schema
      .number("alpha", std::nullopt,
              "concentration of the symmetric Dirichlet(alpha) prior on each component's probabilities; the MAP "
              "M-step is pi ∝ S + alpha - 1",
              Range::greater_than(0))
      .required();
  return schema;
}

Dirichlet::Hyperparameters Dirichlet::read(const YAML::Node& resolved) { return {resolved["alpha"].as<double>()}; }

arma::vec NormalGamma::expected_log_precision() const {
  arma::vec result(shape.n_elem);
  for (std::size_t d = 0; d < shape.n_elem; ++d) result(d) = digamma(shape(d)) - std::log(rate(d));
  return result;
}

arma::vec NormalGamma::mode_precision() const {
  return arma::clamp(shape - 0.5, 0.0, arma::datum::inf) / rate;
}

double NormalGamma::kl_from(const NormalGamma& prior) const {
  double total = 0.0;
  for (std::size_t d = 0; d < mean.n_elem; ++d) {
    const double gap = mean(d) - prior.mean(d);
    total += kl_gamma(shape(d), rate(d), prior.shape(d), prior.rate(d)) +
             0.5 * (prior.kappa(d) / kappa(d) + prior.kappa(d) * shape(d) / rate(d) * gap * gap - 1.0 +
                    std::log(kappa(d) / prior.kappa(d)));
  }
  return total;
}

bool NormalGamma::valid() const {
  return !mean.is_empty() && mean.is_finite() && all_positive_finite(kappa) && all_positive_finite(shape) &&
         all_positive_finite(rate);
}

NormalGamma NormalGamma::repeated(const Hyperparameters& h, std::size_t columns) {
  return {arma::vec(columns, arma::fill::value(h[0])), arma::vec(columns, arma::fill::value(h[1])),
          arma::vec(columns, arma::fill::value(h[2])), arma::vec(columns, arma::fill::value(h[3]))};
}

bool NormalGamma::valid(const Hyperparameters& h) {
  return std::isfinite(h[0]) && positive_finite(h[1]) && positive_finite(h[2]) && positive_finite(h[3]);
}

ConfigSchema NormalGamma::schema() {
  ConfigSchema schema;
  schema.number("mean", std::nullopt, "m0, the prior's guess of every column's mean", Range::any())
      .required()
      .number("kappa", std::nullopt, "kappa0, how many rows' worth of weight m0 carries", Range::greater_than(0))
      .required()
      .number("shape", std::nullopt, "a0, the Gamma prior's shape on each column's precision", Range::greater_than(0))
      .required()
      .number("rate", std::nullopt, "b0, the Gamma prior's rate on each precision; its mean is a0 / b0",
              Range::greater_than(0))
      .required();
  return schema;
}

NormalGamma::Hyperparameters NormalGamma::read(const YAML::Node& resolved) {
  return {resolved["mean"].as<double>(), resolved["kappa"].as<double>(), resolved["shape"].as<double>(),
          resolved["rate"].as<double>()};
}

}  // namespace mixfit::kit
