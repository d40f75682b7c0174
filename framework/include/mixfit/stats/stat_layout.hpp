// Describes how a family's sufficient statistics are laid out in the flat buffer.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mixfit {

/// One named field of a family's statistics, e.g. {"sum_x", offset 0, size D}.
struct StatField {
  std::string name;
  std::size_t offset = 0;  ///< in doubles, from the start of the component's (or shared) slot
  std::size_t size = 0;    ///< in doubles
};

/// The family-owned part of a SufficientStatistics buffer: `component_width`
/// doubles for each of K components, then `shared_width` doubles shared by
/// all components (a tied covariance's pooled scatter, say). The framework
/// adds its own slots (counts, log-likelihood, entropy, row count) in front.
struct StatLayout {
  std::size_t num_components = 0;
  std::size_t component_width = 0;
  std::size_t shared_width = 0;
  std::vector<StatField> component_fields;  ///< for debugging and persistence
  std::vector<StatField> shared_fields;

  /// Appends a per-component field and returns its offset.
  std::size_t add_component_field(std::string name, std::size_t size) {
    component_fields.push_back({std::move(name), component_width, size});
    component_width += size;
    return component_fields.back().offset;
  }
  /// Appends a shared field and returns its offset.
  std::size_t add_shared_field(std::string name, std::size_t size) {
    shared_fields.push_back({std::move(name), shared_width, size});
    shared_width += size;
    return shared_fields.back().offset;
  }
  bool operator==(const StatLayout& other) const {
    return num_components == other.num_components && component_width == other.component_width &&
           shared_width == other.shared_width;
  }
};

}  // namespace mixfit
