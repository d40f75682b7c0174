// Staged run directories.
#include "mixfit/io/run_directory.hpp"

#include "mixfit/core/error.hpp"

#include <unistd.h>

#include <filesystem>

namespace mixfit {
namespace fs = std::filesystem;

void check_run_directory_free(const std::string& path, bool force) {
  std::error_code error;
  if (fs::exists(path, error) && !force)
    throw ConfigError("output folder " + path + " already exists; choose another with --out or replace it with --force");
}

RunDirectory::RunDirectory(std::string final_path, bool force) : final_path_(std::move(final_path)), force_(force) {
  check_run_directory_free(final_path_, force_);
  const fs::path target(final_path_);
  std::error_code error;
  fs::create_directories(target.parent_path().empty() ? fs::path(".") : target.parent_path(), error);
  if (error) throw Error("cannot create the folder " + target.parent_path().string() + ": " + error.message());
  staging_path_ = (target.parent_path() / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid()))).string();
  fs::remove_all(staging_path_, error);
  fs::create_directory(staging_path_, error);
  if (error) throw Error("cannot create the staging folder " + staging_path_ + ": " + error.message());
}

RunDirectory::~RunDirectory() {
  if (!committed_) {
    std::error_code error;
    fs::remove_all(staging_path_, error);
  }
}

std::string RunDirectory::file(const std::string& name) const { return (fs::path(staging_path_) / name).string(); }

void RunDirectory::commit() {
  std::error_code error;
  std::string replaced;
  if (fs::exists(final_path_, error)) {
    if (!force_) throw ConfigError("output folder " + final_path_ + " appeared while the run was going; results kept in " + staging_path_);
    // Move the old run aside first, so there is never a moment with neither.
    replaced = final_path_ + ".replaced-" + std::to_string(::getpid());
    fs::rename(final_path_, replaced, error);
    if (error) throw Error("cannot move the old " + final_path_ + " aside: " + error.message());
  }
  fs::rename(staging_path_, final_path_, error);
  if (error) throw Error("cannot rename " + staging_path_ + " to " + final_path_ + ": " + error.message());
  committed_ = true;
  if (!replaced.empty()) fs::remove_all(replaced, error);
}

}  // namespace mixfit
