// Text form of doubles that reads back as exactly the same bits.
#pragma once

#include <string>

namespace mixfit {

/// Shortest decimal string that round-trips to the same IEEE-754 double
/// (std::to_chars), with YAML's spellings for the non-finite values:
/// .nan, .inf, -.inf.
std::string format_double(double value);

/// The same digits spelled as a float for YAML 1.1 readers (PyYAML) as well
/// as YAML 1.2 ones: a dot in the mantissa and a sign in the exponent, so
/// 1e-10 is written 1.0e-10 and 3 is written 3.0 (YAML 1.1 reads `1e-10` as a
/// string and `3` as an integer). Matches the YAML 1.1 float regex
/// [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)? and round-trips exactly.
/// Every double written into a YAML file goes through this (counts stay
/// integers).
std::string format_yaml_double(double value);

/// Parses a whole string as a double (std::from_chars, exact rounding).
/// Accepts the YAML spellings .nan/.inf/-.inf and nan/inf. Returns false if
/// the string is not entirely a number.
bool parse_double(const std::string& text, double& value);

}  // namespace mixfit
