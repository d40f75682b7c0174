// mclust's noise component: a uniform density over the data's region, beside the family's K components.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace mixfit {

/// The (K+1)-th component of Banfield & Raftery (1993) and mclust: density
/// 1/V everywhere, weight π₀. The mixture is
///   p(x) = (1 − π₀) Σ_k π_k p(x | θ_k) + π₀ / V,
/// where π_k are the family's weights (summing to 1 among themselves), so
/// (1 − π₀) π_k is mclust's pro[k] and π₀ its pro[G + 1]. Its M-step is
/// π₀ = N₀ / N with N₀ = N − Σ_k N_k, the responsibility the K components
/// leave (mclust: the mean of z's last column). Only the weight is
/// estimated; V is fixed (mclust's hypvol, or given).
class NoiseComponent {
 public:
  /// Error unless `volume` is a finite number > 0 and `weight` is in [0, 1).
  NoiseComponent(double volume, double weight);

  double volume() const { return volume_; }
  double weight() const { return weight_; }
  /// log(1/V), every row's score under the noise.
  double log_density() const { return log_density_; }
  /// π₀ = N₀ / N from statistics whose counts cover the K components only.
  void update(const SufficientStatistics& stats);

  /// `noise: {volume: V, weight: π₀}` into the model's open map.
  void save(YAML::Emitter& out) const;
  /// The saved noise of a model file, or nothing when it has none; located ConfigError if malformed.
  static std::optional<NoiseComponent> load(const YAML::Node& model, const std::string& source);

 private:
  double volume_;
  double weight_;
  double log_density_;
};

/// mclust's hypvol: the smaller of the volume of the data's bounding box and
/// of the box of its principal components (ranges of the projections on the
/// eigenvectors of the covariance), over the numeric columns of every row,
/// across processes. Error if it is 0 (a constant column or direction).
double hyper_volume(const Dataset& data, const BlockPlan& plan);

/// The rows a noise start takes: the ⌈fraction·N⌉ rows furthest from the data's
/// mean in Mahalanobis distance (under the data's covariance), sorted, global indices.
arma::uvec outlying_rows(const Dataset& data, const BlockPlan& plan, double fraction);

}  // namespace mixfit
