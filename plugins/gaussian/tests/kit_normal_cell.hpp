// A normal cell on the family kit: independent Gaussian columns with unknown means and variances and a
// Normal-Gamma prior. The Gaussian family's diag covariance is the same model written by hand, which is why it
// lives with these tests: it proves VectorCellFamily and kit::NormalGamma against an independent implementation.
#pragma once

#include "mixfit/kit/vector_cell_family.hpp"
#include "mixfit/math/special_functions.hpp"

#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <numbers>

namespace mixfit::testing {

/// p(x | μ, σ²) = Π_d N(x_d | μ_d, σ²_d): T(x) = (x, x²), η = (μ/σ², −1/(2σ²)), A = Σ_d μ²/(2σ²) + ½ log σ²,
/// h(x) = (2π)^(−D/2). Normal-Gamma posterior after S = (Σ w x, Σ w x²) over N = Σ w rows (Murphy 2007, eqs.
/// 86–89): κ' = κ + N, m' = (κ m + S₁)/κ', a' = a + N/2, b' = b + ½ (S₂ + κ m² − κ' m'²).
struct NormalCell {
  static constexpr std::string_view kFamily = "kit_normal";
  static constexpr std::string_view kSummary = "independent normal columns (a test of the kit's Normal-Gamma)";
  static constexpr std::array kFields{kit::Field{"means", kit::Constraint::real},
                                      kit::Field{"variances", kit::Constraint::positive}};
  static constexpr auto kDomain = ColumnDomain::real;
  using Prior = kit::NormalGamma;
  using Values = kit::FieldValues<2>;

  static std::size_t num_statistics(std::size_t columns) { return 2 * columns; }
  static arma::mat statistics(const arma::mat& x) { return arma::join_cols(x, arma::square(x)); }
  static arma::rowvec log_base_measure(const arma::mat& x) {
    return arma::rowvec(x.n_cols, arma::fill::value(-0.5 * x.n_rows * std::log(2.0 * std::numbers::pi)));
  }
  static arma::vec natural(const Values& theta) {
    return arma::join_cols(theta[0] / theta[1], -0.5 / theta[1]);
  }
  static double log_partition(const Values& theta) {
    return arma::accu(arma::square(theta[0]) / (2.0 * theta[1]) + 0.5 * arma::log(theta[1]));
  }
  static Values from_mean(const arma::vec& m) {
    const std::size_t d = m.n_elem / 2;
    const arma::vec mean = m.head(d);
    return {mean, m.tail(d) - arma::square(mean)};
  }
  static Prior posterior(const Prior& q, const arma::vec& sum, double count) {
    const std::size_t d = sum.n_elem / 2;
    const arma::vec kappa = q.kappa + count;
    const arma::vec mean = (q.kappa % q.mean + sum.head(d)) / kappa;
    const arma::vec rate =
        q.rate + 0.5 * (sum.tail(d) + q.kappa % arma::square(q.mean) - kappa % arma::square(mean));
    return {mean, kappa, q.shape + 0.5 * count, rate};
  }
  /// E[τμ] = m a/b and −½ E[τ].
  static arma::vec expected_natural(const Prior& q) {
    const arma::vec precision = q.expected_precision();
    return arma::join_cols(precision % q.mean, -0.5 * precision);
  }
  /// E[A] = Σ_d ½ (1/κ + m² a/b) − ½ E[log τ].
  static double expected_log_partition(const Prior& q) {
    return arma::accu(0.5 * (1.0 / q.kappa + arma::square(q.mean) % q.expected_precision()) -
                      0.5 * q.expected_log_precision());
  }
  static Values mean(const Prior& q) { return {q.mean, 1.0 / q.expected_precision()}; }
  static Values mode(const Prior& q) { return {q.mean, 1.0 / q.mode_precision()}; }
  static arma::vec draw(const Values& theta, const arma::vec&, RandomStream& stream) {
    arma::vec x(theta[0].n_elem);
    for (std::size_t d = 0; d < x.n_elem; ++d)
      x(d) = boost::random::normal_distribution<double>(theta[0](d), std::sqrt(theta[1](d)))(stream);
    return x;
  }
};

using KitNormalFamily = kit::VectorCellFamily<NormalCell>;

}  // namespace mixfit::testing
