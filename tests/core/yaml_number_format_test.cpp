// format_yaml_double: every double written into a YAML file reads back as a float in YAML 1.1 (PyYAML) and 1.2
// readers, with the exact same bits (issue 16 item 6).
#include <boost/test/unit_test.hpp>

#include "mixfit/core/number_format.hpp"

#include <yaml-cpp/yaml.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <regex>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(yaml_number_format_test)

using mixfit::format_double;
using mixfit::format_yaml_double;

namespace {

// YAML 1.1 float (yaml.org/type/float.html), decimal form; PyYAML's resolver uses the same pattern.
const std::regex kYaml11Float(R"([-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?)");
// YAML 1.2 core schema float (spec 1.2.2, section 10.3.2).
const std::regex kYaml12Float(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

std::vector<double> special_values() {
  constexpr double max = std::numeric_limits<double>::max();
  constexpr double min = std::numeric_limits<double>::min();
  constexpr double tiny = std::numeric_limits<double>::denorm_min();
  return {0.0,    -0.0,  1.0,   -1.0,   3.0,    -3.0,    10.0,   100.0,  123456789.0, 9007199254740992.0,
          1e15,   1e16,  1e21,  1e22,   1e23,   1e100,   1e300,  max,    -max,        0.1,
          0.5,    0.25,  1e-3,  1e-5,   1e-6,   1e-10,   1e-100, 1e-300, min,         -min,
          tiny,   -tiny, 2.5e-320, 1.0 / 3.0, 2.0 / 3.0, 6.02214076e23, -1.602176634e-19, 4503599627370496.5,
          273.9999999999999, 0.30000000000000004};
}

// Finite doubles from random bit patterns: every exponent, subnormals included, both signs.
std::vector<double> random_values(std::size_t count) {
  std::mt19937_64 engine(20261205);
  std::vector<double> values;
  while (values.size() < count) {
    const double value = std::bit_cast<double>(engine());
    if (std::isfinite(value)) values.push_back(value);
  }
  return values;
}

// Random integral doubles (counts, lattice coordinates) and short decimals, which to_chars writes without a dot.
std::vector<double> integral_values(std::size_t count) {
  std::mt19937_64 engine(7);
  std::vector<double> values;
  for (std::size_t i = 0; i < count; ++i) {
    const int digits = static_cast<int>(engine() % 22);
    values.push_back(std::trunc(std::ldexp(static_cast<double>(engine() >> 11), -53) * std::pow(10.0, digits)) *
                     (engine() % 2 ? 1.0 : -1.0));
  }
  return values;
}

// The checks every finite double must pass; returns how many failed (each failure is reported).
std::size_t check(double value) {
  const std::string text = format_yaml_double(value);
  bool ok = true;
  ok = ok && std::regex_match(text, kYaml11Float);
  ok = ok && std::regex_match(text, kYaml12Float);
  // Exact round trip through from_chars (our reader), strtod and yaml-cpp.
  double parsed = 0.0;
  ok = ok && mixfit::parse_double(text, parsed) && bits(parsed) == bits(value);
  ok = ok && bits(std::strtod(text.c_str(), nullptr)) == bits(value);
  // The same shortest digits as format_double: only ".0" may have been added.
  std::string plain = text;
  if (const auto at = plain.find(".0"); at != std::string::npos && format_double(value).find('.') == std::string::npos)
    plain.erase(at, 2);
  ok = ok && plain == format_double(value);
  if (!ok) BOOST_ERROR("format_yaml_double(" << format_double(value) << ") = " << text);
  return ok ? 0 : 1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(spellings_of_familiar_values) {
  BOOST_TEST(format_yaml_double(1e-10) == "1.0e-10");
  BOOST_TEST(format_yaml_double(1e-6) == "1.0e-06");
  BOOST_TEST(format_yaml_double(3.0) == "3.0");
  BOOST_TEST(format_yaml_double(-0.0) == "-0.0");
  BOOST_TEST(format_yaml_double(0.001) == "0.001");
  BOOST_TEST(format_yaml_double(1e22) == "1.0e+22");
  BOOST_TEST(format_yaml_double(1.5e300) == "1.5e+300");
  BOOST_TEST(format_yaml_double(-2.5e-8) == "-2.5e-08");
  BOOST_TEST(format_yaml_double(std::numeric_limits<double>::denorm_min()) == "5.0e-324");
}

BOOST_AUTO_TEST_CASE(non_finite_values_take_yaml_spellings) {
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_TEST(format_yaml_double(inf) == ".inf");
  BOOST_TEST(format_yaml_double(-inf) == "-.inf");
  BOOST_TEST(format_yaml_double(std::numeric_limits<double>::quiet_NaN()) == ".nan");
  // yaml-cpp reads them back as such.
  BOOST_TEST(YAML::Load(format_yaml_double(inf)).as<double>() == inf);
  BOOST_TEST(YAML::Load(format_yaml_double(-inf)).as<double>() == -inf);
  BOOST_TEST(std::isnan(YAML::Load(format_yaml_double(std::numeric_limits<double>::quiet_NaN())).as<double>()));
}

BOOST_AUTO_TEST_CASE(special_values_are_yaml_floats_and_round_trip) {
  std::size_t failures = 0;
  for (const double value : special_values()) failures += check(value);
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_CASE(random_bit_patterns_are_yaml_floats_and_round_trip) {
  std::size_t failures = 0;
  for (const double value : random_values(20000)) failures += check(value);
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_CASE(integral_doubles_are_written_as_floats) {
  std::size_t failures = 0;
  for (const double value : integral_values(5000)) failures += check(value);
  BOOST_TEST(failures == 0u);
}

BOOST_AUTO_TEST_CASE(yaml_cpp_reads_the_same_bits_from_a_flow_list) {
  // A model file's vectors are flow lists of these numbers; yaml-cpp's own reader (a stream) must agree.
  std::vector<double> values = special_values();
  for (const double value : random_values(2000))
    if (std::abs(value) >= std::numeric_limits<double>::min()) values.push_back(value);
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + format_yaml_double(values[i]);
  const YAML::Node list = YAML::Load(text + "]");
  BOOST_TEST_REQUIRE(list.size() == values.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double value = values[i];
    // libstdc++'s stream extraction fails on subnormals (ERANGE): yaml-cpp is asked only about normal numbers.
    if (value != 0.0 && std::abs(value) < std::numeric_limits<double>::min()) continue;
    if (bits(list[i].as<double>()) != bits(value)) {
      ++mismatches;
      BOOST_ERROR("yaml-cpp read " << list[i].Scalar() << " as " << format_double(list[i].as<double>()));
    }
  }
  BOOST_TEST(mismatches == 0u);
}

BOOST_AUTO_TEST_SUITE_END()  // yaml_number_format_test
