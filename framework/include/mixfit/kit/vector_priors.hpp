// The family kit's conjugate priors over a component's whole parameter vector (VectorCellFamily): Dirichlet over
// D probabilities, Normal-Gamma over D (mean, precision) pairs.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace mixfit::kit {

/// Every prior here has the same shape, so VectorCellFamily can store, save, load and check any of them:
/// `kName` ("dirichlet") prefixes its hyperparameters in model.yaml (dirichlet_alpha), `kHyperparameters` names
/// them, each one D values per component (`fields()` and `from_fields()`). A configured prior gives one number
/// per hyperparameter (`Hyperparameters`, read by `read()` from the section `schema()` describes) and
/// `repeated()` spreads it over the D columns; `valid()` says whether a prior is a proper distribution.
/// ColumnPrior (cellwise_family.hpp) gives a one-number prior of conjugate_priors.hpp this shape.

/// Dir(α) over a probability vector π (D values summing to 1): density Γ(Σα) / Π Γ(α_d) · Π π_d^(α_d − 1).
struct Dirichlet {
  static constexpr std::string_view kName = "dirichlet";
  static constexpr std::array<std::string_view, 1> kHyperparameters{"alpha"};
  using Hyperparameters = std::array<double, 1>;
  static constexpr Hyperparameters kDefault{1.0};  ///< VB's prior when none is configured: uniform

  arma::vec alpha;  ///< D

  arma::vec mean() const { return alpha / arma::accu(alpha); }
  /// arg max over the simplex: ∝ max(α_d − 1, 0); the mean when every α_d ≤ 1 (the density is then unbounded at
  /// the corners, and no corner is preferred).
  arma::vec mode() const;
  /// E[log π_d] = ψ(α_d) − ψ(Σα) (PRML eq. 10.66).
  arma::vec expected_log() const;
  double kl_from(const Dirichlet& prior) const;
  bool valid() const;
  std::array<arma::vec, 1> fields() const { return {alpha}; }
  static Dirichlet from_fields(const std::array<arma::vec, 1>& fields) { return {fields[0]}; }
  static Dirichlet repeated(const Hyperparameters& h, std::size_t columns) {
    return {arma::vec(columns, arma::fill::value(h[0]))};
  }
  static bool valid(const Hyperparameters& h);
  static ConfigSchema schema();
  static Hyperparameters read(const YAML::Node& resolved);
};

/// Normal-Gamma over each column's mean μ and precision τ = 1/σ²: τ ~ Gamma(a, b), μ | τ ~ N(m, 1/(κτ))
/// (Murphy 2007, "Conjugate Bayesian analysis of the Gaussian distribution", §3), independently per column.
struct NormalGamma {
  static constexpr std::string_view kName = "normal_gamma";
  static constexpr std::array<std::string_view, 4> kHyperparameters{"mean", "kappa", "shape", "rate"};
  using Hyperparameters = std::array<double, 4>;
  /// VB's prior when none is configured: centred at 0 and vague (κ = 0.01 rows' worth on the mean, a = b = 1);
  /// data far from that scale should configure one.
  static constexpr Hyperparameters kDefault{0.0, 0.01, 1.0, 1.0};

  arma::vec mean;   ///< m, D
  arma::vec kappa;  ///< κ, D
  arma::vec shape;  ///< a, D
  arma::vec rate;   ///< b, D

  /// E[τ] = a / b and E[log τ] = ψ(a) − log b.
  arma::vec expected_precision() const { return shape / rate; }
  arma::vec expected_log_precision() const;
  /// The joint mode's precision: (a − ½) / b for a > ½ (then μ = m), else 0.
  arma::vec mode_precision() const;
  /// KL = Σ_d KL_Gamma(a, b ‖ a₀, b₀) + ½ (κ₀/κ + κ₀ (a/b) (m − m₀)² − 1 + log(κ/κ₀)): the Gamma term plus the
  /// normal term's expectation over τ.
  double kl_from(const NormalGamma& prior) const;
  bool valid() const;
  std::array<arma::vec, 4> fields() const { return {mean, kappa, shape, rate}; }
  static NormalGamma from_fields(const std::array<arma::vec, 4>& f) { return {f[0], f[1], f[2], f[3]}; }
  static NormalGamma repeated(const Hyperparameters& h, std::size_t columns);
  static bool valid(const Hyperparameters& h);
  static ConfigSchema schema();
  static Hyperparameters read(const YAML::Node& resolved);
};

/// No prior: an EM-only cell (maximum likelihood; neither MAP nor VB), for a family whose conjugate prior is
/// intractable (the von Mises concentration's). VectorCellFamily then offers no `prior:` option.
struct NoPrior {
  static constexpr std::string_view kName = "none";
  static constexpr std::array<std::string_view, 0> kHyperparameters{};
  using Hyperparameters = std::array<double, 0>;
  static constexpr Hyperparameters kDefault{};

  bool valid() const { return true; }
  double kl_from(const NoPrior&) const { return 0.0; }
  std::array<arma::vec, 0> fields() const { return {}; }
  static NoPrior from_fields(const std::array<arma::vec, 0>&) { return {}; }
  static NoPrior repeated(const Hyperparameters&, std::size_t) { return {}; }
  static bool valid(const Hyperparameters&) { return true; }
  static ConfigSchema schema() { return {}; }
  static Hyperparameters read(const YAML::Node&) { return {}; }
};

/// A configured prior's numbers in model.yaml's order (`prior: {…}`), and back: for an array of numbers, or for a
/// prior of conjugate_priors.hpp (its values() and from()).
template <class Hyperparameters>
std::vector<double> hyperparameter_numbers(const Hyperparameters& h) {
  if constexpr (requires { h.values(); }) {
    const auto values = h.values();
    return {values.begin(), values.end()};
  } else {
    return {h.begin(), h.end()};
  }
}

template <class Hyperparameters>
Hyperparameters hyperparameters_from(const std::vector<double>& numbers) {
  if constexpr (requires { Hyperparameters{}.values(); }) {
    decltype(Hyperparameters{}.values()) values{};
    std::copy_n(numbers.begin(), std::min(numbers.size(), values.size()), values.begin());
    return Hyperparameters::from(values);
  } else {
    Hyperparameters h{};
    // (a NoPrior's array is empty: nothing to copy, and GCC warns of a copy into its null data())
    if constexpr (std::tuple_size_v<Hyperparameters> > 0)
      std::copy_n(numbers.begin(), std::min(numbers.size(), h.size()), h.begin());
    return h;
  }
}

}  // namespace mixfit::kit
