// RunDirectory: a run's outputs are staged in a hidden sibling folder and appear all at once.
#pragma once

#include <string>

namespace mixfit {

/// Outputs go into a staging folder `.NAME.partial-PID` beside the final
/// folder; commit() renames it into place. A run that fails leaves nothing
/// under the final name. An existing run directory is an error unless
/// `force` is set, and even then it is replaced only by a complete new one.
class RunDirectory {
 public:
  RunDirectory(std::string final_path, bool force);
  ~RunDirectory();
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;

  /// Path of `name` inside the staging folder.
  std::string file(const std::string& name) const;
  const std::string& final_path() const { return final_path_; }
  const std::string& staging_path() const { return staging_path_; }

  void commit();

 private:
  std::string final_path_;
  std::string staging_path_;
  bool force_;
  bool committed_ = false;
};

/// Fails with a ConfigError if `path` exists and `force` is not set (checked
/// before any work starts, so a user learns it at once).
void check_run_directory_free(const std::string& path, bool force);

}  // namespace mixfit
