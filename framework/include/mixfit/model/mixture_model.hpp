// MixtureModel: mixing weights plus a component family; what is fitted, saved, scored and sampled.
#pragma once

#include "mixfit/data/column_spec.hpp"
#include "mixfit/family/component_family.hpp"
#include "mixfit/mixing/mixing_model.hpp"
#include "mixfit/model/noise_component.hpp"

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mixfit {

/// A MixingModel and a ComponentFamily (bnpy's HModel), plus what is needed
/// to save it and to read new data for it: the family options and the
/// data columns it was fitted on. Copying clones both halves.
class MixtureModel {
 public:
  MixtureModel(std::unique_ptr<MixingModel> mixing, std::unique_ptr<ComponentFamily> family, YAML::Node options,
               std::vector<ColumnSpec> columns);
  MixtureModel(const MixtureModel& other);
  MixtureModel& operator=(const MixtureModel& other);
  MixtureModel(MixtureModel&&) noexcept = default;
  MixtureModel& operator=(MixtureModel&&) noexcept = default;

  MixingModel& mixing() { return *mixing_; }
  const MixingModel& mixing() const { return *mixing_; }
  ComponentFamily& family() { return *family_; }
  const ComponentFamily& family() const { return *family_; }
  const YAML::Node& options() const { return options_; }
  /// The modelled data columns with their kinds and level dictionaries.
  const std::vector<ColumnSpec>& columns() const { return columns_; }
  std::size_t num_components() const { return family_->num_components(); }

  /// mclust's noise component beside the K components (noise_component.hpp), if the model has one.
  const std::optional<NoiseComponent>& noise() const { return noise_; }
  std::optional<NoiseComponent>& noise() { return noise_; }
  /// How the data it was fitted to treated missing cells (data.missing); saved in model.yaml as
  /// `missing: marginalize`, so that predict and score read new data the same way.
  MissingCells missing_cells() const { return missing_cells_; }
  void set_missing_cells(MissingCells missing) { missing_cells_ = missing; }

  /// Family parameters plus mixing weights; a noise component adds two, its weight and its volume V (which
  /// is taken from the data), as mclust's nMclustParams(..., noise = TRUE) counts them.
  std::size_t num_free_parameters() const {
    return family_->num_free_parameters() + mixing_->num_free_parameters() + (noise_ ? 2 : 0);
  }

  /// Statistics sized for this model (framework slots + family layout).
  SufficientStatistics make_statistics() const { return SufficientStatistics(family_->stat_layout()); }

  /// Reorders components in both halves: new i is old order[i].
  void permute_components(const arma::uvec& order);

 private:
  std::unique_ptr<MixingModel> mixing_;
  std::unique_ptr<ComponentFamily> family_;
  YAML::Node options_;
  std::vector<ColumnSpec> columns_;
  std::optional<NoiseComponent> noise_;
  MissingCells missing_cells_ = MissingCells::error;
};

}  // namespace mixfit
