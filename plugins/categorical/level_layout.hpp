// LevelLayout: the categorical columns of a family, their level counts L_j and where each column's levels sit in Σ_j L_j.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mixfit {

/// The D columns a categorical family models and their level counts. Every
/// per-level quantity (probabilities, their logs, the statistics) is one row
/// of Σ_j L_j entries per component, column j's levels at
/// [offset(j), offset(j) + num_levels(j)), level l of column j at offset(j) + l.
class LevelLayout {
 public:
  /// Throws Error if the lists differ in length, are empty, or a column has no levels.
  LevelLayout(std::vector<std::string> names, std::vector<std::size_t> num_levels);

  /// D.
  std::size_t num_columns() const { return names_.size(); }
  /// L_j.
  std::size_t num_levels(std::size_t column) const { return num_levels_[column]; }
  /// Σ_{i<j} L_i.
  std::size_t offset(std::size_t column) const { return offsets_[column]; }
  /// Σ_j L_j.
  std::size_t total_levels() const { return total_; }
  /// Σ_j (L_j − 1): free parameters of one component.
  std::size_t free_parameters_per_component() const { return total_ - names_.size(); }
  const std::string& name(std::size_t column) const { return names_[column]; }

 private:
  std::vector<std::string> names_;
  std::vector<std::size_t> num_levels_;
  std::vector<std::size_t> offsets_;
  std::size_t total_ = 0;
};

}  // namespace mixfit
