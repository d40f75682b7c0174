// Reading the Gaussian-specific values of model.yaml (variances, covariance matrices) with located errors.
#pragma once

#include "mixfit/io/parameter_yaml.hpp"

namespace mixfit::detail {

using mixfit::at_index;
using mixfit::emit_matrix;
using mixfit::emit_number;
using mixfit::emit_vector;
using mixfit::fail_at;
using mixfit::read_number;
using mixfit::read_square_matrix;
using mixfit::read_vector;
using mixfit::reject_unknown_keys;
using mixfit::require_key;
using mixfit::show_node;

/// A variance: a finite number > 0.
double read_variance(const YAML::Node& node, const ConfigLocation& where);

/// A symmetric positive-definite D×D covariance: shape, symmetry (to a relative
/// 1e-12 of its largest entry, then symmetrised exactly) and Cholesky checked.
arma::mat read_covariance_matrix(const YAML::Node& node, const ConfigLocation& where, std::size_t dimension);

}  // namespace mixfit::detail
