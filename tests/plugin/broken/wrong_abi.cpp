// A plugin that claims a plugin ABI this mixfit does not support.
#include "mixfit/plugin/plugin_api.hpp"

namespace {
void register_nothing(mixfit::FamilyRegistry&) {}
}  // namespace

extern "C" __attribute__((visibility("default"))) const MixfitPluginInfo* mixfit_plugin_info() {
  static const MixfitPluginInfo info{999, sizeof(MixfitPluginInfo), MIXFIT_PLUGIN_BUILD_TAG, "wrong_abi", "0",
                                     &register_nothing};
  return &info;
}
