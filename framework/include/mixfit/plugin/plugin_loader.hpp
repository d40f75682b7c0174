// PluginLoader: finds, opens and checks family plugins, then lets them register.
#pragma once

#include "mixfit/plugin/family_registry.hpp"

#include <string>
#include <vector>

namespace mixfit {

/// Opens plugin libraries with dlopen, checks the versioned entry point and
/// calls the plugin's register function. Libraries are never unloaded (their
/// code backs vtables and factories that outlive any one lookup), as LLVM's
/// getPermanentLibrary does.
class PluginLoader {
 public:
  explicit PluginLoader(FamilyRegistry& registry) : registry_(registry) {}

  /// Loads one plugin file. PluginError names the file and, for a version
  /// mismatch, the value expected and the value found.
  void load_file(const std::string& path);

  /// Loads every plugin library (libmixfit_*.so) in a folder, in name order.
  /// A missing folder is skipped silently (search paths may not all exist).
  void load_directory(const std::string& path);

  /// A path that is a folder is scanned, a file is loaded; a path that does
  /// not exist is a PluginError.
  void load_path(const std::string& path);

  /// The default search path, in order: the plugin folder next to the
  /// executable (build tree and install tree alike), then every entry of
  /// the colon-separated MIXFIT_PLUGIN_PATH.
  static std::vector<std::string> default_search_path();

  /// Files already loaded (canonical paths).
  const std::vector<std::string>& loaded() const { return loaded_; }

 private:
  FamilyRegistry& registry_;
  std::vector<std::string> loaded_;
};

/// The usual start of a command: a registry filled from the default search
/// path and then from `extra_paths` (an experiment's plugins: list). When
/// `listed_in` (the experiment file) is given, a failing extra path's error
/// starts with "FILE: plugins[i]: " so the user knows which entry to fix.
void load_plugins(FamilyRegistry& registry, const std::vector<std::string>& extra_paths = {},
                  const std::string& listed_in = {});

}  // namespace mixfit
