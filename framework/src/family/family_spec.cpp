// FamilySpec helpers.
#include "mixfit/family/family_spec.hpp"

#include "mixfit/core/error.hpp"

namespace mixfit {

std::vector<std::string> FamilySpec::column_names() const {
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  return names;
}

std::size_t FamilySpec::contiguous_storage(ColumnKind kind, std::string_view family) const {
  if (columns.empty()) throw ConfigError(source + ": family '" + std::string(family) + "' was given no columns");
  for (std::size_t d = 0; d < columns.size(); ++d) {
    if (columns[d].kind != kind)
      throw ConfigError(source + ": family '" + std::string(family) + "' models " + std::string(to_string(kind)) +
                        " columns, but column '" + columns[d].name + "' is " + std::string(to_string(columns[d].kind)));
    if (columns[d].storage_row != columns[0].storage_row + d)
      throw Error("family '" + std::string(family) + "': its columns are not stored consecutively");
  }
  return columns[0].storage_row;
}

}  // namespace mixfit
