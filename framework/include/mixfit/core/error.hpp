// Exception types: every error carries where it happened (file, line, key, row, column).
#pragma once

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

}  // namespace mixfit
