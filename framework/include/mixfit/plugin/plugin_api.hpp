// The versioned entry point every family plugin exports (the one extern "C" symbol).
#pragma once

#include "mixfit/plugin/family_registry.hpp"

#include <armadillo>

#include <cstdint>

namespace mixfit {

/// Bumped whenever ComponentFamily, SufficientStatistics, DataBlock or
/// FamilyRegistry change in a way that breaks compiled plugins.
#define MIXFIT_PLUGIN_ABI_VERSION 5  // 5: DataBlock::may_have_missing(); 4: FamilyEntry::replaces; 3: ComponentFamily::column_domains(), component_moments(); ConfigSchema::rule
inline constexpr std::uint32_t kPluginAbiVersion = MIXFIT_PLUGIN_ABI_VERSION;

#define MIXFIT_DETAIL_STR2(x) #x
#define MIXFIT_DETAIL_STR(x) MIXFIT_DETAIL_STR2(x)

#if defined(__clang__)
#define MIXFIT_DETAIL_COMPILER "clang-" MIXFIT_DETAIL_STR(__clang_major__)
#elif defined(__GNUC__)
#define MIXFIT_DETAIL_COMPILER "gcc-" MIXFIT_DETAIL_STR(__GNUC__)
#else
#define MIXFIT_DETAIL_COMPILER "unknown-compiler"
#endif

#if defined(_GLIBCXX_USE_CXX11_ABI)
#define MIXFIT_DETAIL_CXX11_ABI MIXFIT_DETAIL_STR(_GLIBCXX_USE_CXX11_ABI)
#else
#define MIXFIT_DETAIL_CXX11_ABI "n/a"
#endif

#if defined(ARMA_64BIT_WORD)
#define MIXFIT_DETAIL_UWORD "8"
#else
#define MIXFIT_DETAIL_UWORD "4"
#endif

/// C++ objects (arma::mat, std::string, vtables) cross the plugin boundary,
/// so anything that changes their layout must match exactly: compiler
/// family and major version, the libstdc++ string ABI, Armadillo's version
/// and index width. The loader compares this string byte for byte.
#define MIXFIT_PLUGIN_BUILD_TAG                                                                   \
  "abi=" MIXFIT_DETAIL_STR(MIXFIT_PLUGIN_ABI_VERSION) ";" MIXFIT_DETAIL_COMPILER                   \
      ";cxx11abi=" MIXFIT_DETAIL_CXX11_ABI ";arma=" MIXFIT_DETAIL_STR(ARMA_VERSION_MAJOR) "."      \
      MIXFIT_DETAIL_STR(ARMA_VERSION_MINOR) ";uword=" MIXFIT_DETAIL_UWORD

}  // namespace mixfit

extern "C" {

/// What `mixfit_plugin_info()` returns. Fields are only ever appended;
/// `info_size` lets the loader refuse a struct older than the fields it reads.
struct MixfitPluginInfo {
  std::uint32_t abi_version;
  std::uint32_t info_size;
  const char* build_tag;
  const char* plugin_name;
  const char* plugin_version;
  void (*register_families)(mixfit::FamilyRegistry& registry);
};
}

/// Emits the plugin's one exported entry point. Use once per plugin library:
///   MIXFIT_PLUGIN("poisson", "0.1.0", register_poisson)
/// where `void register_poisson(mixfit::FamilyRegistry&)` adds the families.
#define MIXFIT_PLUGIN(name, version, register_function)                                                  \
  extern "C" __attribute__((visibility("default"))) const MixfitPluginInfo* mixfit_plugin_info() {      \
    static const MixfitPluginInfo info{::mixfit::kPluginAbiVersion, sizeof(MixfitPluginInfo),           \
                                       MIXFIT_PLUGIN_BUILD_TAG, name, version, &register_function};     \
    return &info;                                                                                       \
  }
