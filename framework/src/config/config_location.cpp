// describe_location: the "FILE:LINE:COL: KEY.PATH: " prefix of every configuration error.
#include "mixfit/config/config_schema.hpp"

namespace mixfit {

std::string describe_location(const ConfigLocation& where, const YAML::Node& node) {
  const std::string& key = where.key_path;
  // An absent key (a zombie node) has no mark to report and was not set anywhere.
  if (!node.IsDefined()) return where.file + ": " + (key.empty() ? "" : key + ": ");
  const YAML::Mark mark = node.Mark();
  // Nodes built in code rather than parsed (the --set overrides) carry the null mark.
  if (mark.is_null()) return where.file + ": " + (key.empty() ? "" : key + " ") + "(set on the command line): ";
  return where.file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": " +
         (key.empty() ? "" : key + ": ");
}

}  // namespace mixfit
