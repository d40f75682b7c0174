// Seed derivation: FNV-1a over the purpose, mixed with SplitMix64 (Steele et al. 2014).
#include "mixfit/core/random_streams.hpp"

namespace mixfit {
namespace {

// SplitMix64 finaliser: a bijective mixer, so distinct inputs give distinct seeds.
std::uint64_t split_mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::uint64_t derive_seed(std::uint64_t master_seed, std::string_view purpose, std::uint64_t index) {
  return split_mix(split_mix(split_mix(master_seed) ^ fnv1a(purpose)) ^ index);
}

RandomStream derive_stream(std::uint64_t master_seed, std::string_view purpose, std::uint64_t index) {
  return RandomStream(derive_seed(master_seed, purpose, index));
}

}  // namespace mixfit
