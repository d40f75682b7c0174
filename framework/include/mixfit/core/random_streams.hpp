// Independent, reproducible random streams derived from (seed, purpose, index).
#pragma once

#include <boost/random/mersenne_twister.hpp>

#include <cstdint>
#include <string_view>

namespace mixfit {

/// The one engine type used everywhere. Boost.Random's engines and
/// distributions give the same bits on every platform, unlike <random>'s
/// distributions.
using RandomStream = boost::random::mt19937_64;

/// Derives the stream for `purpose` number `index` from the master seed, so
/// restart 3 of a run draws the same numbers whether restarts 0-2 ran or not
/// and whichever thread runs it. No generator is ever shared or global.
RandomStream derive_stream(std::uint64_t master_seed, std::string_view purpose, std::uint64_t index);

/// The 64-bit seed derive_stream() feeds to the engine (recorded in manifests).
std::uint64_t derive_seed(std::uint64_t master_seed, std::string_view purpose, std::uint64_t index);

}  // namespace mixfit
