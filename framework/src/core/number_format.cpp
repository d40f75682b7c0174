// Exact double <-> text conversion via <charconv>.
#include "mixfit/core/number_format.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace mixfit {

std::string format_double(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string format_yaml_double(double value) {
  std::string text = format_double(value);
  if (!std::isfinite(value)) return text;  // .nan, .inf, -.inf are YAML's own spellings
  // to_chars writes "3", "0.25", "1e-10" or "1.5e+300": the exponent always signed, the dot only when needed.
  const std::size_t exponent = text.find('e');
  const std::size_t mantissa_end = exponent == std::string::npos ? text.size() : exponent;
  if (text.find('.') == std::string::npos) text.insert(mantissa_end, ".0");
  return text;
}

bool parse_double(const std::string& text, double& value) {
  std::string_view s(text);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  if (s.empty()) return false;
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (s == ".nan" || s == ".NaN" || s == ".NAN" || s == "nan" || s == "NaN" || s == "NAN") {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s == ".inf" || s == "+.inf" || s == ".Inf" || s == "inf" || s == "+inf" || s == "Inf" || s == "infinity") {
    value = inf;
    return true;
  }
  if (s == "-.inf" || s == "-.Inf" || s == "-inf" || s == "-Inf" || s == "-infinity") {
    value = -inf;
    return true;
  }
  if (s.front() == '+') s.remove_prefix(1);
  auto result = std::from_chars(s.data(), s.data() + s.size(), value);
  return result.ec == std::errc() && result.ptr == s.data() + s.size();
}

}  // namespace mixfit
