// Reading and checking a product's list of parts, with located messages.
#include "product_parts.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mixfit {
namespace {

const std::string kPartShape = "{family: NAME, columns: [COLUMN, ...], options: {...}}";

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
  return out;
}

/// True for a node copied in code rather than parsed: yaml-cpp gives copies the default mark (offset 0,
/// "line 1, column 1"), which no nested node of a parsed file has. The framework resolves model.options
/// with the product's schema, which copies `parts`; see README.md, "Framework note".
bool lost_its_mark(const YAML::Node& node) {
  if (!node.IsDefined()) return false;
  const YAML::Mark mark = node.Mark();
  return mark.pos == 0 && mark.line == 0 && mark.column == 0;
}

/// fail_at, but a node that lost its mark is reported by file and key only, never at a wrong line.
[[noreturn]] void fail(const ConfigLocation& where, const YAML::Node& node, const std::string& message) {
  if (lost_its_mark(node)) throw ConfigError(where.file + ": " + where.key_path + ": " + message);
  fail_at(where, node, message);
}

/// The part family's options resolved by its schema; if the options were copied (no marks), the
/// schema's "FILE:1:1: " becomes "FILE: " so the message does not point at a wrong line.
YAML::Node resolve_part_options(const FamilyRegistry& registry, const std::string& family, const YAML::Node& options,
                                const ConfigLocation& where) {
  try {
    return registry.resolve_options(family, options, where);
  } catch (const ConfigError& e) {
    const std::string message = e.what(), wrong = where.file + ":1:1: ";
    if (!lost_its_mark(options) || message.rfind(wrong, 0) != 0) throw;
    throw ConfigError(where.file + ": " + message.substr(wrong.size()));
  }
}

/// The value of `key` in `map` without inserting it (undefined when absent).
YAML::Node lookup(const YAML::Node& map, const std::string& key) {
  const YAML::Node& view = map;
  return view[key];
}

/// Part keys must be family, columns and options; a typo gets a suggestion.
void check_part_keys(const YAML::Node& part, const ConfigLocation& where) {
  static const std::vector<std::string> known{"family", "columns", "options"};
  std::set<std::string> seen;
  for (const auto& item : part) {
    const std::string key = item.first.Scalar();
    if (!item.first.IsScalar() || std::find(known.begin(), known.end(), key) == known.end()) {
      std::string message = "unknown key '" + key + "' in a part";
      const std::string suggestion = closest_match(key, known);
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      fail(where.child(key), item.first, message + " (a part is " + kPartShape + ")");
    }
    if (!seen.insert(key).second) fail(where.child(key), item.first, "key '" + key + "' appears twice");
  }
}

std::string family_name(const YAML::Node& part, const FamilyRegistry& registry, const ConfigLocation& where) {
  const YAML::Node node = lookup(part, "family");
  if (!node.IsDefined()) fail(where.child("family"), part, "required key missing (a part is " + kPartShape + ")");
  if (!node.IsScalar() || node.Scalar().empty())
    fail(where.child("family"), node, "expected the name of a family, got " + show_node(node));
  try {
    registry.get(node.Scalar());
  } catch (const PluginError& e) {
    fail(where.child("family"), node, e.what());
  }
  return node.Scalar();
}

/// The names in a part's `columns` list.
std::vector<std::string> listed_columns(const YAML::Node& node, const std::string& label, const ConfigLocation& where) {
  if (!node.IsSequence())
    fail(where, node, label + ": expected a non-empty list of column names, got " + show_node(node));
  if (node.size() == 0) fail(where, node, label + " is empty: expected a non-empty list of column names, got []");
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node name = node[i];
    if (!name.IsScalar() || name.Scalar().empty())
      fail(at_index(where, i), name, "expected a column name, got " + show_node(name));
    if (!seen.insert(name.Scalar()).second)
      fail(at_index(where, i), name, label + " names column '" + name.Scalar() + "' twice");
    names.push_back(name.Scalar());
  }
  return names;
}

ProductPart read_part(const YAML::Node& node, std::size_t index, const FamilyRegistry& registry,
                      const ConfigLocation& where) {
  const std::string label = "part " + std::to_string(index);
  if (!node.IsDefined() || node.IsNull() || (node.IsMap() && node.size() == 0))
    fail(where, node, label + " is empty: expected " + kPartShape);
  if (!node.IsMap()) fail(where, node, "expected a part " + kPartShape + ", got " + show_node(node));
  check_part_keys(node, where);

  ProductPart part;
  part.family = family_name(node, registry, where);
  const FamilyEntry& entry = registry.get(part.family);
  const ConfigLocation options_at = where.child("options");
  part.options = resolve_part_options(registry, part.family, lookup(node, "options"), options_at);

  const YAML::Node columns = lookup(node, "columns");
  const ConfigLocation columns_at = where.child("columns");
  const std::string described = label + " (" + part.family + ")";
  if (entry.claim_columns) {
    // A composite part (a nested product): its own parts say which columns it models.
    part.columns = entry.claim_columns(part.options, registry, options_at);
    if (columns.IsDefined()) {
      const std::vector<std::string> listed = listed_columns(columns, described, columns_at);
      if (listed != part.column_names())
        fail(columns_at, columns,
                described + " lists columns " + join(listed) + " but its parts claim " + join(part.column_names()) +
                    " (omit columns: for a composite part, or list exactly those, in that order)");
    }
  } else {
    if (!columns.IsDefined())
      fail(columns_at, node, described + " is empty: it names no columns (add columns: [COLUMN, ...])");
    for (const std::string& name : listed_columns(columns, described, columns_at))
      part.columns.push_back({name, entry.column_kind});
  }
  return part;
}

}  // namespace

std::vector<std::string> ProductPart::column_names() const {
  std::vector<std::string> names;
  for (const ColumnClaim& claim : columns) names.push_back(claim.name);
  return names;
}

std::string describe_part(std::size_t index, const ProductPart& part) {
  return "part " + std::to_string(index) + " (" + part.family + " over " + join(part.column_names()) + ")";
}

std::vector<ProductPart> read_product_parts(const YAML::Node& options, const FamilyRegistry& registry,
                                            const ConfigLocation& where) {
  const ConfigLocation list_at = where.child("parts");
  const YAML::Node list = options.IsMap() ? lookup(options, "parts") : YAML::Node();
  if (!list.IsDefined())
    fail(list_at, options, "required key missing: a product needs parts, a list of " + kPartShape);
  if (!list.IsSequence() || list.size() == 0)
    fail(list_at, list,
         "expected a non-empty list of parts, each " + kPartShape + ", got " +
             (list.IsSequence() ? std::string("[]") : show_node(list)));

  std::vector<ProductPart> parts;
  std::map<std::string, std::size_t> owner;  // column name → the part that claimed it first
  for (std::size_t p = 0; p < list.size(); ++p) {
    const ConfigLocation part_at = at_index(list_at, p);
    parts.push_back(read_part(list[p], p, registry, part_at));
    for (const ColumnClaim& claim : parts.back().columns) {
      const auto [found, inserted] = owner.emplace(claim.name, p);
      if (inserted) continue;
      // Point at the second claim: the name in this part's list, or the part itself (a nested product).
      const YAML::Node columns = lookup(list[p], "columns");
      const bool is_list = columns.IsDefined() && columns.IsSequence();
      std::size_t position = 0;
      while (is_list && position < columns.size() && columns[position].Scalar() != claim.name) ++position;
      const bool listed = is_list && position < columns.size();
      const ConfigLocation claim_at =
          listed ? at_index(part_at.child("columns"), position) : part_at.child("columns");
      const YAML::Node at = listed ? columns[position] : (columns.IsDefined() ? columns : list[p]);
      fail(claim_at, at,
           "column '" + claim.name + "' is claimed by two parts: " + describe_part(found->second, parts[found->second]) +
                  " and " + describe_part(p, parts.back()) + "; each column belongs to exactly one part");
    }
  }
  return parts;
}

YAML::Node parts_node(const std::vector<ProductPart>& parts) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const ProductPart& part : parts) {
    YAML::Node node(YAML::NodeType::Map);
    node["family"] = part.family;
    YAML::Node columns(YAML::NodeType::Sequence);
    for (const std::string& name : part.column_names()) columns.push_back(name);
    columns.SetStyle(YAML::EmitterStyle::Flow);
    node["columns"] = columns;
    node["options"] = YAML::Clone(part.options);
    list.push_back(node);
  }
  return list;
}

}  // namespace mixfit
