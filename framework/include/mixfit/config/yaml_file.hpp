// load_yaml_file: reads a YAML file with errors that name the file, and the line and column of a syntax error.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace mixfit {

/// Parses the YAML file at `path`. `what` names the file's role in messages
/// ("experiment file", "model file"). Throws ConfigError for a missing or
/// unreadable file ("FILE: WHAT not found"), a syntax error
/// ("FILE:LINE:COL: YAML syntax error: ...") and an empty document
/// ("FILE: empty WHAT"). Nodes keep their marks for later messages.
YAML::Node load_yaml_file(const std::string& path, const std::string& what);

}  // namespace mixfit
