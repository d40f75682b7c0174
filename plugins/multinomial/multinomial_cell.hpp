// The multinomial family on the family kit: bags of counts, one probability vector per component.
#pragma once

#include <mixfit/kit/vector_cell_family.hpp>
#include <mixfit/math/special_functions.hpp>

#include <boost/random/binomial_distribution.hpp>

#include <algorithm>
#include <cmath>

namespace mixfit::multinomial {

/// p(x | π) = n! / Π_d x_d! · Π_d π_d^(x_d), n = Σ_d x_d: the row's counts given its total, which is not
/// modelled (a document's length, a basket's size). T(x) = x, η = log π, A = 0, h(x) = n! / Π x_d!.
/// Conjugate prior Dir(α): after S = Σ w x, Dir(α + S) (PRML eq. 2.41); its mode is the MAP M-step.
/// `mean_total`, the weighted mean of the component's row totals, is kept for sampling only (a component draws
/// rows of that total, rounded): no part of the likelihood or of BIC, which counts K (D − 1).
struct MultinomialCell {
  static constexpr std::string_view kFamily = "multinomial";
  static constexpr std::string_view kSummary =
      "bags of counts: each row's D counts multinomial given its total (the total not modelled); EM, MAP-EM or VB "
      "under a Dirichlet prior";
  static constexpr std::array kFields{kit::Field{"probabilities", kit::Constraint::simplex}};
  static constexpr std::array<std::string_view, 1> kSideFields{"mean_total"};
  static constexpr std::string_view kBoundOption = "eps";
  static constexpr std::size_t kMinColumns = 2;
  static constexpr auto kDomain = ColumnDomain::count;
  using Prior = kit::Dirichlet;
  using Values = kit::FieldValues<1>;

  static std::size_t num_statistics(std::size_t columns) { return columns; }
  static const arma::mat& statistics(const arma::mat& x) { return x; }
  static arma::mat side_statistics(const arma::mat& x) { return arma::sum(x, 0); }
  static arma::rowvec log_base_measure(const arma::mat& x) {
    arma::rowvec base(x.n_cols);
    for (std::size_t j = 0; j < x.n_cols; ++j) {
      double total = 0.0, factorials = 0.0;
      for (std::size_t d = 0; d < x.n_rows; ++d) {
        total += x(d, j);
        factorials += log_factorial(x(d, j));
      }
      base(j) = log_factorial(total) - factorials;
    }
    return base;
  }
  static arma::vec natural(const Values& theta) { return arma::log(theta[0]); }
  static double log_partition(const Values&) { return 0.0; }
  /// π = m / Σ m; a component whose rows are all empty explains them equally well with any π: uniform.
  static Values from_mean(const arma::vec& m) {
    const double total = arma::accu(m);
    return {total > 0.0 ? arma::vec(m / total) : arma::vec(m.n_elem, arma::fill::value(1.0 / m.n_elem))};
  }
  static Prior posterior(const Prior& q, const arma::vec& sum, double) { return {q.alpha + sum}; }
  static arma::vec expected_natural(const Prior& q) { return q.expected_log(); }
  static double expected_log_partition(const Prior&) { return 0.0; }
  static Values mean(const Prior& q) { return {q.mean()}; }
  static Values mode(const Prior& q) { return {q.mode()}; }
  static std::size_t num_free_parameters(std::size_t columns) { return columns - 1; }
  /// For rows of the component's mean total n: mean n π, covariance n (diag π − π πᵀ).
  static DistributionMoments moments(const Values& theta, const arma::vec& side) {
    const arma::vec& p = theta[0];
    return {side(0) * p, side(0) * (arma::diagmat(p) - p * p.t())};
  }
  /// Sequential binomials: x_d ~ Bin(remaining, π_d / (1 − Σ_{e<d} π_e)), the last column takes the rest.
  static arma::vec draw(const Values& theta, const arma::vec& side, RandomStream& stream) {
    const arma::vec& p = theta[0];
    arma::vec x(p.n_elem);
    long remaining = std::lround(side(0));
    double rest = 1.0;
    for (std::size_t d = 0; d < p.n_elem; ++d) {
      long draw = remaining;
      if (d + 1 < p.n_elem && remaining > 0)
        draw = boost::random::binomial_distribution<long, double>(remaining, std::clamp(p(d) / rest, 0.0, 1.0))(stream);
      x(d) = static_cast<double>(draw);
      remaining -= draw;
      rest = std::max(rest - p(d), 1e-300);
    }
    return x;
  }
};

using MultinomialFamily = kit::VectorCellFamily<MultinomialCell>;

}  // namespace mixfit::multinomial
