// exp_nonpositive_in_place and log_positive_in_place against the C library's exp and log.
#include "mixfit/math/vector_math.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace {

std::int64_t ulps_apart(double a, double b) {
  const auto ia = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(a));
  const auto ib = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(b));
  return ia > ib ? ia - ib : ib - ia;  // both positive doubles: their bit patterns are ordered
}

}  // namespace

BOOST_AUTO_TEST_CASE(within_one_ulp_over_the_whole_normal_range) {
  std::vector<double> arguments;
  // A uniform grid over [−708.39, 0], random points, and the small arguments where exp ≈ 1 + x.
  for (int i = 0; i <= 200000; ++i) arguments.push_back(-708.39 * i / 200000.0);
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> uniform(-708.39, 0.0);
  for (int i = 0; i < 200000; ++i) arguments.push_back(uniform(engine));
  for (int e = -60; e <= 0; ++e) arguments.push_back(-std::ldexp(1.0, e));
  // Multiples of ln 2 and the midpoints between them, where the reduction switches n.
  for (int n = 0; n <= 1020; ++n) {
    arguments.push_back(-n * std::numbers::ln2);
    arguments.push_back(-(n + 0.5) * std::numbers::ln2);
  }
  std::vector<double> values = arguments;
  mixfit::exp_nonpositive_in_place(values.data(), values.size());
  std::int64_t worst = 0;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const double expected = std::exp(arguments[i]);
    if (expected < std::numeric_limits<double>::min()) continue;  // subnormal: checked below
    const std::int64_t ulps = ulps_apart(values[i], expected);
    if (ulps > worst) worst = ulps;
    if (ulps > 1) BOOST_TEST_REQUIRE(ulps <= 1, "exp(" << arguments[i] << "): " << values[i] << " vs " << expected);
  }
  BOOST_TEST(worst <= 1);
  BOOST_TEST_MESSAGE("worst error: " << worst << " ulp over " << arguments.size() << " arguments");
}

BOOST_AUTO_TEST_CASE(edges_are_exact) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> values = {0.0, -0.0, -1e-300, -inf, -708.4, -745.2, -1e308, std::nan("")};
  mixfit::exp_nonpositive_in_place(values.data(), values.size());
  BOOST_TEST(values[0] == 1.0);
  BOOST_TEST(values[1] == 1.0);
  BOOST_TEST(values[2] == 1.0);
  BOOST_TEST(values[3] == 0.0);  // a component with zero weight or density
  BOOST_TEST(values[4] == 0.0);  // subnormal results become exactly 0
  BOOST_TEST(values[5] == 0.0);
  BOOST_TEST(values[6] == 0.0);
  BOOST_TEST(std::isnan(values[7]));
}

BOOST_AUTO_TEST_CASE(every_length_and_alignment_gives_the_same_values) {
  // The vector loop and its scalar remainder must compute the same function.
  std::vector<double> reference(37);
  for (std::size_t i = 0; i < reference.size(); ++i) reference[i] = -0.37 * static_cast<double>(i) - 0.01;
  std::vector<double> whole = reference;
  mixfit::exp_nonpositive_in_place(whole.data(), whole.size());
  for (std::size_t offset = 0; offset < 5; ++offset) {
    for (std::size_t length = 0; length + offset <= reference.size(); ++length) {
      std::vector<double> part = reference;
      mixfit::exp_nonpositive_in_place(part.data() + offset, length);
      for (std::size_t i = offset; i < offset + length; ++i) BOOST_TEST_REQUIRE(part[i] == whole[i]);
    }
  }
}

BOOST_AUTO_TEST_CASE(log_within_one_ulp_of_libm) {
  std::vector<double> arguments;
  // The log-sum-exp totals live in [1, K]; the function is checked far beyond.
  for (int i = 0; i <= 200000; ++i) arguments.push_back(1.0 + 63.0 * i / 200000.0);
  std::mt19937_64 engine(11);
  std::uniform_real_distribution<double> exponent(-1000.0, 1000.0);
  for (int i = 0; i < 200000; ++i) arguments.push_back(std::pow(2.0, exponent(engine)));
  // Around 1 (log → 0, relative accuracy matters), √2 (where the reduction switches) and powers of 2.
  for (int i = -2000; i <= 2000; ++i) {
    arguments.push_back(1.0 + i * 1e-9);
    arguments.push_back(std::numbers::sqrt2 + i * 1e-15);
  }
  for (int e = -1022; e <= 1023; ++e) arguments.push_back(std::ldexp(1.0, e));
  arguments.push_back(std::numeric_limits<double>::min());
  arguments.push_back(std::numeric_limits<double>::max());
  std::vector<double> values = arguments;
  mixfit::log_positive_in_place(values.data(), values.size());
  std::int64_t worst = 0;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const double expected = std::log(arguments[i]);
    if (expected == 0.0) {
      BOOST_TEST_REQUIRE(values[i] == 0.0, "log(1) = " << values[i]);
      continue;
    }
    // Compare magnitudes (logs below 1 are negative).
    const std::int64_t ulps = ulps_apart(std::abs(values[i]), std::abs(expected));
    if ((values[i] < 0) != (expected < 0) || ulps > 1)
      BOOST_TEST_REQUIRE(ulps <= 1, "log(" << arguments[i] << "): " << values[i] << " vs " << expected);
    worst = std::max(worst, ulps);
  }
  BOOST_TEST(worst <= 1);
  BOOST_TEST_MESSAGE("log worst error: " << worst << " ulp over " << arguments.size() << " arguments");
}
