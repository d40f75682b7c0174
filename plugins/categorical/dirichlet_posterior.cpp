// DirichletPosterior: conjugate update, E[log θ] and KL of the categorical family's Dirichlet posteriors.
#include "dirichlet_posterior.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/math/divergences.hpp"
#include "mixfit/math/special_functions.hpp"

#include <cmath>
#include <string>

namespace mixfit {
namespace {

constexpr const char* kContext = "categorical family: ";

std::string shape_text(std::size_t rows, std::size_t cols) { return std::to_string(rows) + "×" + std::to_string(cols); }

}  // namespace

DirichletPosterior::DirichletPosterior(arma::mat concentration, LevelLayout layout)
    : concentration_(std::move(concentration)), layout_(std::move(layout)) {
  if (concentration_.n_cols != layout_.total_levels())
    throw NumericalError(std::string(kContext) + "Dirichlet concentrations of " +
                         shape_text(concentration_.n_rows, concentration_.n_cols) + ", expected K×" +
                         std::to_string(layout_.total_levels()));
  for (std::size_t k = 0; k < concentration_.n_rows; ++k)
    for (std::size_t j = 0; j < layout_.num_columns(); ++j)
      for (std::size_t l = 0; l < layout_.num_levels(j); ++l) {
        const double value = concentration_(k, layout_.offset(j) + l);
        if (!(std::isfinite(value) && value > 0.0))
          throw NumericalError(std::string(kContext) + "the Dirichlet posterior of component " + std::to_string(k) +
                               ", column '" + layout_.name(j) + "' has concentration " + format_double(value) +
                               " at level " + std::to_string(l) + "; every concentration must be finite and > 0");
      }
  refresh_cache();
}

DirichletPosterior DirichletPosterior::from_statistics(double prior_alpha, const arma::mat& counts,
                                                       const LevelLayout& layout) {
  // PRML (2.41): the posterior adds the (weighted) level counts to the prior's concentrations.
  return DirichletPosterior(counts + prior_alpha, layout);
}

arma::mat DirichletPosterior::means() const {
  arma::mat means(arma::size(concentration_));
  for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
    const arma::span levels(layout_.offset(j), layout_.offset(j) + layout_.num_levels(j) - 1);
    const arma::mat column = concentration_.cols(levels);
    means.cols(levels) = column.each_col() / arma::sum(column, 1);  // PRML (B.17)
  }
  return means;
}

double DirichletPosterior::kl_to(double prior_alpha) const {
  double total = 0.0;
  for (std::size_t k = 0; k < concentration_.n_rows; ++k)
    for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
      const arma::vec alpha = concentration_.row(k).cols(layout_.offset(j), layout_.offset(j) + layout_.num_levels(j) - 1).t();
      // KL(Dir(α_kj·) || Dir(α·1)), PRML (B.16–B.21) via kl_dirichlet.
      total += kl_dirichlet(alpha, arma::vec(alpha.n_elem, arma::fill::value(prior_alpha)));
    }
  return total;
}

void DirichletPosterior::permute(const arma::uvec& order) {
  concentration_ = concentration_.rows(order);
  refresh_cache();
}

void DirichletPosterior::refresh_cache() {
  expected_log_probabilities_.set_size(arma::size(concentration_));
  for (std::size_t k = 0; k < concentration_.n_rows; ++k)
    for (std::size_t j = 0; j < layout_.num_columns(); ++j) {
      const std::size_t first = layout_.offset(j);
      double total = 0.0;
      for (std::size_t l = 0; l < layout_.num_levels(j); ++l) total += concentration_(k, first + l);
      const double digamma_total = digamma(total);
      // PRML (10.66) for one column: E[log θ_kjl] = ψ(α_kjl) − ψ(Σ_l α_kjl).
      for (std::size_t l = 0; l < layout_.num_levels(j); ++l)
        expected_log_probabilities_(k, first + l) = digamma(concentration_(k, first + l)) - digamma_total;
    }
}

}  // namespace mixfit
