// Schema of the product's options, its column claims, and the factory that builds each part through the registry.
#include "product_options.hpp"

#include "mixfit/core/error.hpp"
#include "product_family.hpp"
#include "product_parts.hpp"

#include <map>

namespace mixfit {

ConfigSchema product_options_schema() {
  ConfigSchema schema;
  schema
      .any("parts",
           "the independent parts of every component, a list of {family: NAME, columns: [COLUMN, ...], "
           "options: {...}}; any registered family (a product too), each column in exactly one part; usually "
           "written at model level as model.parts")
      .required();
  return schema;
}

YAML::Node resolve_product_options(const YAML::Node& options, const FamilyRegistry& registry,
                                   const ConfigLocation& where) {
  YAML::Node resolved = product_options_schema().resolve(options, where);
  // Read the parts from the nodes as given: the schema's copy has lost their marks.
  resolved["parts"] = parts_node(read_product_parts(options, registry, where));
  return resolved;
}

std::vector<ColumnClaim> claim_product_columns(const YAML::Node& options, const FamilyRegistry& registry,
                                               const ConfigLocation& where) {
  const std::vector<ProductPart> parts = read_product_parts(options, registry, where);
  // The parts go back resolved into the node the framework passes, which it also writes to config.yaml
  // and hands to the factory and model.yaml (a copied YAML::Node shares its data): README, "Framework note".
  YAML::Node framework_options = options;
  framework_options["parts"] = parts_node(parts);
  std::vector<ColumnClaim> claims;
  for (const ProductPart& part : parts) claims.insert(claims.end(), part.columns.begin(), part.columns.end());
  return claims;
}

std::unique_ptr<ComponentFamily> make_product_family(const FamilySpec& spec) {
  if (!spec.registry) throw Error("product family: built without a family registry (FamilySpec::registry is null)");
  const FamilyRegistry& registry = *spec.registry;
  const ConfigLocation where{spec.source, "model.options"};
  const std::vector<ProductPart> parts = read_product_parts(spec.options, registry, where);

  std::map<std::string, std::size_t> position;
  for (std::size_t d = 0; d < spec.columns.size(); ++d) position[spec.columns[d].name] = d;
  std::size_t claimed = 0;
  std::vector<ProductPartFamily> families;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const ProductPart& part = parts[p];
    const std::string description = describe_part(p, part);
    FamilySpec part_spec{spec.num_components, {}, part.options, spec.source, spec.registry};
    arma::uvec rows(part.columns.size());
    for (std::size_t j = 0; j < part.columns.size(); ++j) {
      const auto found = position.find(part.columns[j].name);
      if (found == position.end())
        throw ConfigError(spec.source + ": model.options.parts[" + std::to_string(p) + "].columns: " + description +
                          " names column '" + part.columns[j].name + "', which is not among the model's columns");
      rows(j) = found->second;
      part_spec.columns.push_back(spec.columns[found->second]);  // storage row as in the product's blocks
    }
    claimed += part.columns.size();
    families.push_back({registry.create(part.family, part_spec), rows, description});
  }
  if (claimed != spec.columns.size()) {
    std::string unclaimed;
    for (const ColumnSpec& column : spec.columns) {
      bool found = false;
      for (const ProductPart& part : parts)
        for (const ColumnClaim& claim : part.columns) found = found || claim.name == column.name;
      if (!found) unclaimed += (unclaimed.empty() ? "'" : ", '") + column.name + "'";
    }
    throw ConfigError(spec.source + ": model.options.parts: no part models column " + unclaimed +
                      "; every column of a product belongs to exactly one part");
  }
  return std::make_unique<ProductFamily>(spec.num_components, std::move(families));
}

}  // namespace mixfit
