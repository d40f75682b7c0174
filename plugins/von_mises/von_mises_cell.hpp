// The von_mises family on the family kit: angles, one mean direction and concentration per column; EM only.
#pragma once

#include "von_mises_math.hpp"

#include <mixfit/kit/vector_cell_family.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mixfit::von_mises {

/// p(x | μ, κ) = Π_d exp(κ_d cos(x_d − μ_d)) / (2π I₀(κ_d)), x in radians: T(x) = (cos x, sin x),
/// η = (κ cos μ, κ sin μ), A = Σ_d log 2π I₀(κ_d), h = 1. Maximum likelihood from the mean statistic m:
/// μ = atan2(m_sin, m_cos) and κ solves A(κ) = I₁(κ)/I₀(κ) = R̄ = ‖(m_cos, m_sin)‖ (Banerjee et al. 2005, refined
/// by Newton to 1e-12; von_mises_math.hpp). EM only: κ has no tractable conjugate prior.
struct VonMisesCell {
  static constexpr std::string_view kFamily = "von_mises";
  static constexpr std::string_view kSummary =
      "angles in radians, each column an independent von Mises (mean direction and concentration); EM";
  static constexpr std::array kFields{kit::Field{"mean_direction", kit::Constraint::angle},
                                      kit::Field{"concentration", kit::Constraint::nonnegative}};
  static constexpr auto kDomain = ColumnDomain::angle;
  static constexpr std::string_view kBoundOption = "max_concentration";
  static constexpr double kBoundDefault = 1e6;
  static constexpr std::string_view kBoundHelp =
      "after every M-step each concentration is kept at most this (a component on one repeated angle)";
  using Prior = kit::NoPrior;
  using Values = kit::FieldValues<2>;

  static std::size_t num_statistics(std::size_t columns) { return 2 * columns; }
  static arma::mat statistics(const arma::mat& x) { return arma::join_cols(arma::cos(x), arma::sin(x)); }
  static arma::rowvec log_base_measure(const arma::mat& x) { return arma::rowvec(x.n_cols, arma::fill::zeros); }
  static arma::vec natural(const Values& theta) {
    return arma::join_cols(theta[1] % arma::cos(theta[0]), theta[1] % arma::sin(theta[0]));
  }
  static double log_partition(const Values& theta) {
    double total = 0.0;
    for (const double kappa : theta[1]) total += std::log(2.0 * std::numbers::pi) + log_bessel_i0(kappa);
    return total;
  }
  static Values from_mean(const arma::vec& m) {
    const std::size_t columns = m.n_elem / 2;
    Values theta{arma::vec(columns), arma::vec(columns)};
    for (std::size_t d = 0; d < columns; ++d) {
      const double c = m(d), s = m(columns + d);
      theta[0](d) = std::atan2(s, c);
      theta[1](d) = concentration_for(std::min(std::hypot(c, s), 1.0), HUGE_VAL);
    }
    return theta;
  }
  static void keep_within(Values& theta, double max_concentration) {
    theta[1] = arma::clamp(theta[1], 0.0, max_concentration);
  }
  static arma::vec draw(const Values& theta, const arma::vec&, RandomStream& stream) {
    arma::vec x(theta[0].n_elem);
    for (std::size_t d = 0; d < x.n_elem; ++d) {
      double angle = theta[0](d) + draw_angle(theta[1](d), stream);
      if (angle > std::numbers::pi) angle -= 2.0 * std::numbers::pi;  // back into (−π, π]
      if (angle <= -std::numbers::pi) angle += 2.0 * std::numbers::pi;
      x(d) = angle;
    }
    return x;
  }
};

using VonMisesFamily = kit::VectorCellFamily<VonMisesCell>;

}  // namespace mixfit::von_mises
