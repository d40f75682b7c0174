// dlopen-based plugin loading with ABI and build-tag checks.
#include "mixfit/plugin/plugin_loader.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/plugin/plugin_api.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace mixfit {
namespace fs = std::filesystem;

namespace {

bool is_plugin_file_name(const std::string& name) {
  return name.rfind("libmixfit_", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == ".so";
}

std::string executable_dir() {
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string() : exe.parent_path().string();
}

}  // namespace

void PluginLoader::load_file(const std::string& path) {
  std::error_code error;
  const std::string canonical = fs::weakly_canonical(path, error).string();
  const std::string name = error ? path : canonical;
  if (std::find(loaded_.begin(), loaded_.end(), name) != loaded_.end()) return;
  if (!fs::exists(name)) throw PluginError("plugin file not found: " + path);

  void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw PluginError("cannot load plugin " + path + ": " + dlerror());

  using InfoFunction = const MixfitPluginInfo* (*)();
  auto info_function = reinterpret_cast<InfoFunction>(dlsym(handle, "mixfit_plugin_info"));
  if (!info_function)
    throw PluginError("plugin " + path + " has no entry point mixfit_plugin_info() (was it built with MIXFIT_PLUGIN?)");
  const MixfitPluginInfo* info = info_function();
  if (!info) throw PluginError("plugin " + path + ": mixfit_plugin_info() returned null");
  if (info->abi_version != kPluginAbiVersion)
    throw PluginError("plugin " + path + " was built for plugin ABI version " + std::to_string(info->abi_version) +
                      ", this mixfit supports version " + std::to_string(kPluginAbiVersion) +
                      "; rebuild it against this mixfit (cmake -DCMAKE_PREFIX_PATH=<this mixfit's prefix>, then "
                      "cmake --build) — its sources need no change");
  if (info->info_size < sizeof(MixfitPluginInfo))
    throw PluginError("plugin " + path + ": its plugin info is " + std::to_string(info->info_size) +
                      " bytes, expected at least " + std::to_string(sizeof(MixfitPluginInfo)) + "; rebuild the plugin");
  if (!info->build_tag || std::strcmp(info->build_tag, MIXFIT_PLUGIN_BUILD_TAG) != 0)
    throw PluginError("plugin " + path + " was built with '" + std::string(info->build_tag ? info->build_tag : "") +
                      "' but this mixfit was built with '" + MIXFIT_PLUGIN_BUILD_TAG +
                      "'; rebuild the plugin against this mixfit");
  if (!info->register_families) throw PluginError("plugin " + path + " has no register function");

  const std::string plugin_name = info->plugin_name ? info->plugin_name : "?";
  registry_.set_current_source(name);
  try {
    info->register_families(registry_);
  } catch (const PluginError&) {
    registry_.set_current_source({});
    throw;
  } catch (const std::exception& e) {
    registry_.set_current_source({});
    throw PluginError("plugin '" + plugin_name + "' (" + path + ") failed while registering its families: " + e.what());
  }
  registry_.set_current_source({});
  loaded_.push_back(name);
  // The handle is deliberately never closed (see the class comment).
}

void PluginLoader::load_directory(const std::string& path) {
  std::error_code error;
  if (!fs::is_directory(path, error)) return;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(path, error))
    if (entry.is_regular_file() && is_plugin_file_name(entry.path().filename().string()))
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) load_file(file);
}

void PluginLoader::load_path(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    load_directory(path);
  } else {
    load_file(path);
  }
}

std::vector<std::string> PluginLoader::default_search_path() {
  std::vector<std::string> result;
  const std::string exe_dir = executable_dir();
  if (!exe_dir.empty()) result.push_back((fs::path(exe_dir) / MIXFIT_PLUGIN_RELATIVE_DIR).lexically_normal().string());
  if (const char* env = std::getenv("MIXFIT_PLUGIN_PATH")) {
    std::string list(env);
    std::size_t start = 0;
    while (start <= list.size()) {
      const std::size_t end = std::min(list.find(':', start), list.size());
      if (end > start) result.push_back(list.substr(start, end - start));
      start = end + 1;
    }
  }
  return result;
}

void load_plugins(FamilyRegistry& registry, const std::vector<std::string>& extra_paths, const std::string& listed_in) {
  PluginLoader loader(registry);
  const std::vector<std::string> search_path = PluginLoader::default_search_path();
  for (std::size_t i = 0; i < search_path.size(); ++i) {
    const std::string& dir = search_path[i];
    std::error_code error;
    if (fs::is_directory(dir, error)) {
      loader.load_directory(dir);
    } else if (fs::is_regular_file(dir, error)) {
      loader.load_file(dir);
    }
    // The first entry is the executable's own plugin folder: its families are the built-in ones.
    if (i == 0 && !executable_dir().empty()) registry.mark_built_in();
  }
  for (std::size_t i = 0; i < extra_paths.size(); ++i) {
    try {
      loader.load_path(extra_paths[i]);
    } catch (const PluginError& e) {
      if (listed_in.empty()) throw;
      throw PluginError(listed_in + ": plugins[" + std::to_string(i) + "]: " + e.what());
    }
  }
}

}  // namespace mixfit
