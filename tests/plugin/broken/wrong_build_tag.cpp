// A plugin built (so it says) with another compiler and Armadillo.
#include "mixfit/plugin/plugin_api.hpp"

namespace {
void register_nothing(mixfit::FamilyRegistry&) {}
}  // namespace

extern "C" __attribute__((visibility("default"))) const MixfitPluginInfo* mixfit_plugin_info() {
  static const MixfitPluginInfo info{mixfit::kPluginAbiVersion, sizeof(MixfitPluginInfo),
                                     "abi=1;msvc-19;cxx11abi=0;arma=9.900;uword=4", "wrong_build_tag", "0",
                                     &register_nothing};
  return &info;
}
