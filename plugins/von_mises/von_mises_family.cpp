// VonMisesFamily: scores, statistics, the M-step, sampling, persistence and caches.
#include "von_mises_family.hpp"

#include "von_mises_math.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace mixfit::von_mises {
namespace {

const std::string kContext = "von_mises family: ";
constexpr double kPi = std::numbers::pi;

// Best & Fisher (1979): a von Mises(0, κ) angle by rejection from a wrapped Cauchy envelope.
double draw_angle(double kappa, RandomStream& stream) {
  boost::random::uniform_01<double> uniform;
  if (kappa < 1e-8) return kPi * (2.0 * uniform(stream) - 1.0);
  const double tau = 1.0 + std::sqrt(1.0 + 4.0 * kappa * kappa);
  const double rho = (tau - std::sqrt(2.0 * tau)) / (2.0 * kappa);
  const double r = (1.0 + rho * rho) / (2.0 * rho);
  for (;;) {
    const double z = std::cos(kPi * uniform(stream));
    const double f = (1.0 + r * z) / (r + z);
    const double c = kappa * (r - f);
    const double u2 = uniform(stream);
    if (c * (2.0 - c) > u2 || std::log(c / u2) + 1.0 >= c) {
      const double angle = std::acos(std::clamp(f, -1.0, 1.0));
      return uniform(stream) > 0.5 ? angle : -angle;
    }
  }
}

}  // namespace

VonMisesFamily::VonMisesFamily(std::size_t num_components, std::size_t dimension, VonMisesOptions options,
                               std::size_t first_storage_row)
    : num_components_(num_components),
      dimension_(dimension),
      first_storage_row_(first_storage_row),
      options_(options),
      directions_(dimension, num_components, arma::fill::zeros),
      concentrations_(dimension, num_components, arma::fill::zeros) {
  if (num_components == 0 || dimension == 0)
    throw Error(kContext + "needs at least one component and one column, got K = " + std::to_string(num_components) +
                ", D = " + std::to_string(dimension));
  if (!(options.max_concentration > 0.0)) throw Error(kContext + "max_concentration must be > 0");
  refresh_caches();
}

StatLayout VonMisesFamily::stat_layout() const {
  StatLayout layout;
  layout.num_components = num_components_;
  layout.add_component_field("sum_cos_sin", 2 * dimension_);  // Σ r cos x (D), then Σ r sin x (D)
  return layout;
}

arma::mat VonMisesFamily::trigonometric(const DataBlock& block) const {
  if (block.real().n_rows < first_storage_row_ + dimension_)
    throw Error(kContext + "got a block of " + std::to_string(block.real().n_rows) + " real columns, expected " +
                std::to_string(first_storage_row_ + dimension_));
  arma::mat scratch;
  const arma::mat& x = block.real_rows(first_storage_row_, dimension_, scratch);
  arma::mat t(2 * dimension_, x.n_cols);
  t.head_rows(dimension_) = arma::cos(x);
  t.tail_rows(dimension_) = arma::sin(x);
  return t;
}

void VonMisesFamily::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  if (!has_parameters_) throw Error(kContext + "log_likelihood() called before parameters were set");
  // κ cos(x − μ) = κ cos μ cos x + κ sin μ sin x, minus log 2π I₀(κ)
  scores = coefficients_ * trigonometric(block);
  scores.each_col() -= constants_;
}

void VonMisesFamily::accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const {
  const arma::mat t = trigonometric(block);
  if (weights.n_rows != num_components_ || weights.n_cols != t.n_cols)
    throw Error(kContext + "accumulate() got " + std::to_string(weights.n_rows) + "×" +
                std::to_string(weights.n_cols) + " weights for K = " + std::to_string(num_components_) +
                " and a block of " + std::to_string(t.n_cols) + " rows");
  if (!(out.layout() == stat_layout())) throw Error(kContext + "accumulate() into statistics of another layout");
  arma::mat sums = out.component_matrix(0, 0, 2 * dimension_, num_components_);  // aliases the buffer
  sums += t * weights.t();
}

void VonMisesFamily::maximize(const SufficientStatistics& stats, Estimator estimator) {
  if (!(stats.layout() == stat_layout())) throw Error(kContext + "maximize() got statistics of another layout");
  if (estimator == Estimator::maximum_a_posteriori) throw Error(kContext + "has no prior; MAP estimation is not available");
  const arma::mat sums = stats.component_matrix(0, 0, 2 * dimension_, num_components_);
  arma::mat directions = directions_, concentrations = concentrations_;
  for (std::size_t k = 0; k < num_components_; ++k) {
    const double count = stats.count(k);
    if (!(count > 0.0)) continue;  // an empty component keeps its parameters
    for (std::size_t d = 0; d < dimension_; ++d) {
      const double c = sums(d, k), s = sums(dimension_ + d, k);
      directions(d, k) = std::atan2(s, c);
      const double resultant = std::min(std::hypot(c, s) / count, 1.0);  // R̄
      concentrations(d, k) = concentration_for(resultant, options_.max_concentration);
    }
  }
  directions_ = std::move(directions);
  concentrations_ = std::move(concentrations);
  has_parameters_ = true;
  refresh_caches();
}

void VonMisesFamily::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  if (!has_parameters_) throw Error(kContext + "sample() called before parameters were set");
  if (k >= num_components_)
    throw Error(kContext + "sample() asked for component " + std::to_string(k) + " of " +
                std::to_string(num_components_));
  out.set_size(dimension_, n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t d = 0; d < dimension_; ++d) {
      double angle = directions_(d, k) + draw_angle(concentrations_(d, k), stream);
      if (angle > kPi) angle -= 2.0 * kPi;  // back into (−π, π]
      if (angle <= -kPi) angle += 2.0 * kPi;
      out(d, j) = angle;
    }
}

void VonMisesFamily::save(YAML::Emitter& out) const {
  if (!has_parameters_) throw Error(kContext + "save() called before parameters were set");
  out << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
  for (std::size_t k = 0; k < num_components_; ++k) {
    out << YAML::BeginMap << YAML::Key << "mean_direction" << YAML::Value;
    emit_vector(out, directions_.col(k));
    out << YAML::Key << "concentration" << YAML::Value;
    emit_vector(out, concentrations_.col(k));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void VonMisesFamily::load(const YAML::Node& model, const std::string& source) {
  const ConfigLocation top{source, ""};
  const YAML::Node components = require_key(model, top, "components");
  const ConfigLocation list = top.child("components");
  if (!components.IsSequence() || components.size() != num_components_)
    fail_at(list, components, "expected a list of " + std::to_string(num_components_) + " components, got " +
                                  show_node(components));
  arma::mat directions(dimension_, num_components_), concentrations(dimension_, num_components_);
  for (std::size_t k = 0; k < num_components_; ++k) {
    const ConfigLocation where = at_index(list, k);
    const YAML::Node node = components[k];
    if (!node.IsMap()) fail_at(where, node, "expected a mapping with mean_direction and concentration");
    reject_unknown_keys(node, where, {"mean_direction", "concentration"});
    const YAML::Node mu = require_key(node, where, "mean_direction");
    directions.col(k) = read_vector(mu, where.child("mean_direction"), dimension_, "one angle per column");
    for (std::size_t d = 0; d < dimension_; ++d)
      if (!(directions(d, k) > -kPi && directions(d, k) <= kPi))
        fail_at(at_index(where.child("mean_direction"), d), mu[d], "expected an angle in (-pi, pi]");
    const YAML::Node kappa = require_key(node, where, "concentration");
    concentrations.col(k) = read_vector(kappa, where.child("concentration"), dimension_, "one concentration per column");
    for (std::size_t d = 0; d < dimension_; ++d)
      if (!(concentrations(d, k) >= 0.0 && concentrations(d, k) <= options_.max_concentration))
        fail_at(at_index(where.child("concentration"), d), kappa[d], "expected a number in [0, max_concentration]");
  }
  set_parameters(directions, concentrations);
}

void VonMisesFamily::permute_components(const arma::uvec& order) {
  if (order.n_elem != num_components_ ||
      arma::any(arma::sort(order) != arma::regspace<arma::uvec>(0, num_components_ - 1)))
    throw Error(kContext + "permute_components() needs a permutation of 0.." + std::to_string(num_components_ - 1));
  directions_ = directions_.cols(order);
  concentrations_ = concentrations_.cols(order);
  refresh_caches();
}

void VonMisesFamily::set_parameters(const arma::mat& directions, const arma::mat& concentrations) {
  if (directions.n_rows != dimension_ || directions.n_cols != num_components_ ||
      concentrations.n_rows != dimension_ || concentrations.n_cols != num_components_)
    throw Error(kContext + "set_parameters() got parameters of the wrong shape");
  directions_ = directions;
  concentrations_ = concentrations;
  has_parameters_ = true;
  refresh_caches();
}

void VonMisesFamily::refresh_caches() {
  coefficients_.set_size(num_components_, 2 * dimension_);
  constants_.zeros(num_components_);
  for (std::size_t k = 0; k < num_components_; ++k)
    for (std::size_t d = 0; d < dimension_; ++d) {
      const double kappa = concentrations_(d, k);
      coefficients_(k, d) = kappa * std::cos(directions_(d, k));
      coefficients_(k, dimension_ + d) = kappa * std::sin(directions_(d, k));
      constants_(k) += std::log(2.0 * kPi) + log_bessel_i0(kappa);
    }
}

}  // namespace mixfit::von_mises
