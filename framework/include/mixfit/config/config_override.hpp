// apply_override: one `--set key.path=value` assignment applied to a YAML tree.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace mixfit {

/// Applies `assignment` ("inference.max_iter=50", "data.columns=[x, y]") to
/// `root`, a mapping. The value is parsed as YAML; missing intermediate
/// mappings are created. The new nodes carry no mark, so later validation
/// errors say "(set on the command line)". Throws ConfigError naming the
/// assignment when it has no '=', an empty key, a value that is not valid
/// YAML, or a path that goes through a value that is not a mapping.
void apply_override(YAML::Node& root, const std::string& assignment);

}  // namespace mixfit
