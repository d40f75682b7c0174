// Exception types: every error carries where it happened (file, line, key, row, column).
#pragma once

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

namespace mixfit {

/// Base of every error mixfit raises on purpose. what() is the full,
/// user-facing message including its location.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A problem in an experiment file, a model file or a command-line override.
/// Message form: "FILE:LINE:COL: KEY: expected ..., got ...".
class ConfigError : public Error {
 public:
  using Error::Error;
};

/// A problem with a data file: missing, unreadable, ragged, non-numeric, NaN.
/// Message form: "FILE:LINE: column 'NAME': ...".
class DataError : public Error {
 public:
  using Error::Error;
};

/// A plugin could not be loaded, registered or failed inside a family call.
class PluginError : public Error {
 public:
  using Error::Error;
};

/// A numerical failure during fitting (for example a covariance that is not
/// positive definite even after reg_covar).
class NumericalError : public Error {
 public:
  using Error::Error;
};

/// An M-step that cannot factor a component's covariance (or variance): it
/// is singular or not positive definite. Says which component, so the driver
/// can apply inference.singular_component without knowing the family. A
/// family throws it from maximize() with its parameters unchanged.
class SingularComponentError : public NumericalError {
 public:
  /// The component index of a matrix shared by every component (a tied covariance).
  static constexpr std::size_t kShared = std::numeric_limits<std::size_t>::max();

  SingularComponentError(std::size_t component, const std::string& message)
      : NumericalError(message), component_(component) {}

  /// The singular component's index, or kShared.
  std::size_t component() const { return component_; }
  /// True when the singular matrix belongs to every component (re-seeding or dropping one cannot fix it).
  bool shared() const { return component_ == kShared; }

 private:
  std::size_t component_;
};

}  // namespace mixfit
