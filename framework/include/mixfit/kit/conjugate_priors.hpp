// The family kit's conjugate priors: distributions over one parameter that its posterior stays in.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <string_view>

namespace mixfit::kit {

/// Every prior here has the same shape, so the kit can store, save, load and
/// check any of them: `kName` ("gamma") prefixes its hyperparameters in
/// model.yaml (gamma_shape), `kHyperparameters` names them, `values()` and
/// `from()` convert to and from those numbers, `valid()` says whether they
/// describe a proper distribution, `schema()` is the options section that
/// configures it and `read()` takes that section back.

/// Gamma(a, b) over λ > 0 (shape a, rate b): density b^a λ^(a−1) e^(−bλ) / Γ(a).
struct Gamma {
  static constexpr std::string_view kName = "gamma";
  static constexpr std::array<std::string_view, 2> kHyperparameters{"shape", "rate"};
  double shape = 1.0;  ///< a
  double rate = 0.01;  ///< b

  double mean() const { return shape / rate; }
  /// arg max over λ ≥ 0: (a − 1)/b for a ≥ 1, else 0 (the density is unbounded at 0).
  double mode() const;
  /// E[log λ] = ψ(a) − log b.
  double expected_log() const;
  /// KL(this || prior) in nats.
  double kl_from(const Gamma& prior) const;
  bool valid() const;
  std::array<double, 2> values() const { return {shape, rate}; }
  static Gamma from(const std::array<double, 2>& v) { return {v[0], v[1]}; }
  static ConfigSchema schema();
  static Gamma read(const YAML::Node& resolved);
};

/// Beta(a, b) over p ∈ (0, 1): density p^(a−1) (1 − p)^(b−1) / B(a, b).
struct Beta {
  static constexpr std::string_view kName = "beta";
  static constexpr std::array<std::string_view, 2> kHyperparameters{"a", "b"};
  double a = 1.0;
  double b = 1.0;

  double mean() const { return a / (a + b); }
  /// arg max over [0, 1]: (a − 1)/(a + b − 2) when a, b ≥ 1 (and not both 1: then the mean), else the end it is unbounded at.
  double mode() const;
  /// E[log p] = ψ(a) − ψ(a + b).
  double expected_log() const;
  /// E[log(1 − p)] = ψ(b) − ψ(a + b).
  double expected_log_complement() const;
  double kl_from(const Beta& prior) const;
  bool valid() const;
  std::array<double, 2> values() const { return {a, b}; }
  static Beta from(const std::array<double, 2>& v) { return {v[0], v[1]}; }
  static ConfigSchema schema();
  static Beta read(const YAML::Node& resolved);
};

}  // namespace mixfit::kit
