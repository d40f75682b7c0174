// BlockTreeSum: one fixed tree of additions, whoever sums which contiguous part of the blocks.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/random_streams.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>
#include <cstring>
#include <vector>

BOOST_AUTO_TEST_SUITE(block_tree_sum_test)

using namespace mixfit;

namespace {

struct Scalar {
  double value = 0.0;
  Scalar& operator+=(const Scalar& other) {
    value += other.value;
    return *this;
  }
};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof(double)) == 0; }

}  // namespace

BOOST_AUTO_TEST_CASE(adds_in_the_dyadic_tree) {
  // Values whose sum depends on the order of additions.
  const std::vector<double> v{1e16, 1.0, -1e16, 1.0, 3.0};
  BlockTreeSum<Scalar> sum;
  for (std::size_t b = 0; b < v.size(); ++b) sum.push(b, {v[b]});
  // ((b0 + b1) + (b2 + b3)) + b4
  const double expected = ((v[0] + v[1]) + (v[2] + v[3])) + v[4];
  BOOST_TEST(same_bits(sum.total().value, expected));
  BOOST_TEST(!same_bits(expected, (((v[0] + v[1]) + v[2]) + v[3]) + v[4]));  // the order matters here

  BlockTreeSum<Scalar> three;
  for (std::size_t b = 0; b < 3; ++b) three.push(b, {v[b]});
  BOOST_TEST(same_bits(three.total().value, (v[0] + v[1]) + v[2]));
}

BOOST_AUTO_TEST_CASE(any_split_into_contiguous_ranges_gives_the_same_bits) {
  RandomStream stream = derive_stream(5, "tree-test", 0);
  boost::random::uniform_real_distribution<double> magnitude(-30.0, 30.0);
  for (std::size_t blocks : {1u, 2u, 7u, 31u, 64u, 245u}) {
    std::vector<double> values(blocks);
    for (auto& value : values) value = std::pow(2.0, magnitude(stream)) * (magnitude(stream) > 0 ? 1 : -1);
    BlockTreeSum<Scalar> whole;
    for (std::size_t b = 0; b < blocks; ++b) whole.push(b, {values[b]});
    for (std::size_t ranks = 1; ranks <= 5; ++ranks) {
      // Ranks own blocks [B r / R, B (r + 1) / R), as BlockPlan::sharded splits them.
      BlockTreeSum<Scalar> combined;
      for (std::size_t r = 0; r < ranks; ++r) {
        BlockTreeSum<Scalar> part;
        for (std::size_t b = blocks * r / ranks; b < blocks * (r + 1) / ranks; ++b) part.push(b, {values[b]});
        for (const auto& node : part.nodes()) combined.push(node);
      }
      BOOST_TEST(same_bits(combined.total().value, whole.total().value), blocks << " blocks, " << ranks << " ranks");
    }
  }
}

BOOST_AUTO_TEST_CASE(blocks_out_of_order_are_refused) {
  BlockTreeSum<Scalar> sum;
  sum.push(0, {1.0});
  BOOST_CHECK_THROW(sum.push(2, {1.0}), std::logic_error);
  BOOST_CHECK_THROW(BlockTreeSum<Scalar>().total(), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()  // block_tree_sum_test
