// Quadrature grids for the conformance suite's normalisation check of continuous families.
#pragma once

#include <armadillo>

#include <cstddef>

namespace mixfit::conformance {

/// Points (D×m) and weights (m) of a product rule over D columns: Σ_i w_i f(x_i) ≈ ∫ f. Every rule uses
/// `nodes` Gauss–Legendre nodes per column (m = nodes^D), after a change of variables onto the support; each
/// column's scale says where its mass lies (about one standard deviation; with 60–80 nodes a density whose
/// scale is within ten times of it integrates to 1 within ~1e-8). Set FamilyCase::quadrature_points
/// and quadrature_weights from one, so a continuous family's density is really integrated.
struct QuadratureGrid {
  arma::mat points;
  arma::vec weights;
};

/// [0, ∞): x = s·t/(1 − t) for t in [0, 1) — dx = s/(1 − t)² dt.
QuadratureGrid half_line_grid(const arma::vec& scales, std::size_t nodes = 60);

/// (−∞, ∞) around `centres`: x = c + s·t/(1 − t²) for t in (−1, 1) — dx = s(1 + t²)/(1 − t²)² dt.
QuadratureGrid real_line_grid(const arma::vec& centres, const arma::vec& scales, std::size_t nodes = 60);

/// [low_d, high_d] per column: plain Gauss–Legendre.
QuadratureGrid interval_grid(const arma::vec& low, const arma::vec& high, std::size_t nodes = 60);

}  // namespace mixfit::conformance
