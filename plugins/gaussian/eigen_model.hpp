// mclust's parsimonious covariance models Σ_k = λ_k D_k A_k D_kᵀ (Celeux & Govaert 1995) and their decomposition.
#pragma once

#include "mixfit/config/config_schema.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mixfit {

/// One of mclust's three-letter model names: volume λ, shape A (det A = 1)
/// and orientation D, each 'E' (equal for all components), 'V' (varying) or
/// 'I' (identity: A = I, or D = I so Σ is diagonal). "VEV" is λ_k D_k A D_kᵀ.
struct EigenModel {
  char volume = 'V';
  char shape = 'V';
  char orientation = 'V';

  /// The model of a name such as "VEV", or nothing if `name` is not one of
  /// mclust's fourteen multivariate models.
  static std::optional<EigenModel> parse(std::string_view name);
  std::string name() const { return {volume, shape, orientation}; }
  /// Σ_k is diagonal (orientation I): distances and moments are elementwise.
  bool diagonal() const { return orientation == 'I'; }
  /// Covariance parameters only (means and weights apart), as mclust's nVarParams.
  std::size_t num_free_parameters(std::size_t dimension, std::size_t num_components) const;
};

/// The inner loop of the M-steps that have no closed form (VEI, VEV, VEE,
/// EVE, VVE), as mclust's emControl(itmax[2], tol[2]).
struct EigenIterationControl {
  std::size_t max_iterations = 2147483647;  ///< .Machine$integer.max
  double tolerance = 1.4901161193847656e-08;  ///< sqrt(.Machine$double.eps)
};

/// Σ_k = λ_k D_k diag(a_k) D_kᵀ for every component. Equal parts are stored
/// once per component all the same, so that every k reads its own column.
struct EigenDecomposition {
  arma::vec volumes;        ///< λ_k, K
  arma::mat shapes;         ///< a_k, D×K, each column's product 1
  arma::cube orientations;  ///< D_k, D×D×K orthogonal; empty when the model is diagonal

  std::size_t num_components() const { return volumes.n_elem; }
  /// λ_k D_k diag(a_k) D_kᵀ, symmetrised exactly.
  arma::mat covariance(std::size_t k) const;
  /// λ_k a_k: the variances of a diagonal model.
  arma::vec variances(std::size_t k) const { return volumes(k) * shapes.col(k); }
  /// New component i is old component order[i].
  EigenDecomposition permuted(const arma::uvec& order) const;
};

/// What an eigen-decomposed covariance policy is built from: the model, how
/// its M-step iterates, and the decomposition itself.
struct EigenCovarianceParameters {
  EigenModel model;
  EigenIterationControl control;
  EigenDecomposition decomposition;
};

/// Writes component k's varying parts (volume, shape, orientation) into its open map.
void save_varying_parts(YAML::Emitter& out, const EigenModel& model, const EigenDecomposition& parts, std::size_t k);
/// Writes the equal parts into the open `shared:` map.
void save_equal_parts(YAML::Emitter& out, const EigenModel& model, const EigenDecomposition& parts);
/// True when the model has a part saved under `shared:`.
bool has_equal_parts(const EigenModel& model);
/// Reads what the two savers write, with located errors: volumes > 0, shapes
/// positive with product 1 (to 1e-10 relative), orientations orthogonal (to
/// 1e-10). A component's `covariance`, if given, must equal λ D A Dᵀ to 1e-10
/// relative to its largest entry.
EigenDecomposition load_decomposition(const YAML::Node& model_node, const ConfigLocation& where,
                                      const EigenModel& model, std::size_t dimension, std::size_t num_components);

}  // namespace mixfit
