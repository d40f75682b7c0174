// load_yaml_file: whole-file read and parse, every failure turned into a located ConfigError.
#include "mixfit/config/yaml_file.hpp"

#include "mixfit/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mixfit {

YAML::Node load_yaml_file(const std::string& path, const std::string& what) {
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  if (!std::filesystem::exists(status)) throw ConfigError(path + ": " + what + " not found");
  if (std::filesystem::is_directory(status)) throw ConfigError(path + ": " + what + " is a directory, not a file");

  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot read " + what + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(path + ": cannot read " + what + ": " + std::strerror(errno));

  YAML::Node document;
  try {
    document = YAML::Load(text.str());
  } catch (const YAML::ParserException& error) {
    throw ConfigError(path + ":" + std::to_string(error.mark.line + 1) + ":" + std::to_string(error.mark.column + 1) +
                      ": YAML syntax error: " + error.msg);
  }
  // A file holding only comments or whitespace parses to a null document.
  if (!document.IsDefined() || document.IsNull()) throw ConfigError(path + ": empty " + what);
  return document;
}

}  // namespace mixfit
