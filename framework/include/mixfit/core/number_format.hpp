// Text form of doubles that reads back as exactly the same bits.
#pragma once

#include <string>

namespace mixfit {

/// Shortest decimal string that round-trips to the same IEEE-754 double
/// (std::to_chars), with YAML's spellings for the non-finite values:
/// .nan, .inf, -.inf.
std::string format_double(double value);

/// Parses a whole string as a double (std::from_chars, exact rounding).
/// Accepts the YAML spellings .nan/.inf/-.inf and nan/inf. Returns false if
/// the string is not entirely a number.
bool parse_double(const std::string& text, double& value);

}  // namespace mixfit
