// Missingness patterns of a block, and each pattern's marginal and conditional Gaussian.
#include "missing_coordinates.hpp"

#include "mixfit/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <string>

namespace mixfit::detail {

MissingPatterns find_missing_patterns(const arma::mat& x) {
  MissingPatterns patterns;
  std::map<std::string, std::size_t> index;  // pattern as a string of '0'/'1' (1: observed) → group
  std::vector<std::vector<arma::uword>> columns;
  std::vector<arma::uword> incomplete;
  std::string key(x.n_rows, '1');
  for (arma::uword j = 0; j < x.n_cols; ++j) {
    bool any_missing = false;
    for (arma::uword i = 0; i < x.n_rows; ++i) {
      const bool missing = std::isnan(x(i, j));
      key[i] = missing ? '0' : '1';
      any_missing = any_missing || missing;
    }
    if (!any_missing) continue;
    incomplete.push_back(j);
    auto [it, inserted] = index.try_emplace(key, patterns.groups.size());
    if (inserted) {
      MissingPatterns::Group group;
      std::vector<arma::uword> observed, missing;
      for (arma::uword i = 0; i < x.n_rows; ++i) (key[i] == '1' ? observed : missing).push_back(i);
      group.observed = arma::uvec(observed);
      group.missing = arma::uvec(missing);
      patterns.groups.push_back(std::move(group));
      columns.emplace_back();
    }
    columns[it->second].push_back(j);
  }
  for (std::size_t g = 0; g < patterns.groups.size(); ++g) patterns.groups[g].columns = arma::uvec(columns[g]);
  patterns.incomplete = arma::uvec(incomplete);
  return patterns;
}

PatternConditional condition_on(const arma::mat& covariance, const MissingPatterns::Group& group,
                                bool with_conditional) {
  PatternConditional out;
  if (group.observed.is_empty()) {  // nothing observed (a product part's columns all missing): x_m ~ N(μ, Σ)
    out.observed_log_det = 0.0;
    out.regression.zeros(group.missing.n_elem, 0);
    if (with_conditional && !arma::chol(out.missing_factor, covariance, "lower"))
      throw NumericalError("the covariance is not positive definite");
    return out;
  }
  const arma::mat observed = covariance.submat(group.observed, group.observed);
  if (!arma::chol(out.observed_factor, observed, "lower"))
    throw NumericalError("the covariance of the observed coordinates is not positive definite");
  out.observed_log_det = 2.0 * arma::accu(arma::log(out.observed_factor.diag()));
  if (!with_conditional) return out;
  // B = Σ_mo Σ_oo⁻¹ from two triangular solves: Σ_oo Bᵀ = Σ_om.
  const arma::mat cross = covariance.submat(group.observed, group.missing);  // Σ_om
  const arma::mat half = arma::solve(arma::trimatl(out.observed_factor), cross);
  out.regression = arma::solve(arma::trimatu(out.observed_factor.t()), half).t();
  // C = Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om = Σ_mm − hᵀh with h = L_o⁻¹ Σ_om (symmetric by construction).
  arma::mat conditional = covariance.submat(group.missing, group.missing) - half.t() * half;
  conditional = 0.5 * (conditional + conditional.t());
  if (!arma::chol(out.missing_factor, conditional, "lower"))
    throw NumericalError("the conditional covariance of the missing coordinates is not positive definite");
  return out;
}

std::shared_ptr<const PatternConditionalCache::Conditionals> PatternConditionalCache::get(
    const std::vector<arma::mat>& covariances, const MissingPatterns::Group& group) {
  std::string key;
  for (const arma::uword i : group.observed) key += std::to_string(i) + ",";
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto same = [](const arma::mat& a, const arma::mat& b) {
    return a.n_rows == b.n_rows && a.n_cols == b.n_cols &&
           std::equal(a.begin(), a.end(), b.begin());  // bitwise: the entries are exact functions of these
  };
  bool current = covariances_.size() == covariances.size();
  for (std::size_t k = 0; current && k < covariances.size(); ++k) current = same(covariances_[k], covariances[k]);
  if (!current) {
    covariances_ = covariances;
    entries_.clear();
  }
  auto& entry = entries_[key];
  if (!entry) {
    auto computed = std::make_shared<Conditionals>();
    for (const arma::mat& covariance : covariances) computed->push_back(condition_on(covariance, group, true));
    entry = std::move(computed);
  }
  return entry;
}

void write_marginal_log_densities(const arma::mat& x, const MissingPatterns& patterns, const arma::mat& means,
                                  const std::vector<arma::mat>& covariances, PatternConditionalCache& cache,
                                  arma::mat& scores) {
  const double log_two_pi = std::log(2.0 * std::numbers::pi);
  for (const MissingPatterns::Group& group : patterns.groups) {
    if (group.observed.is_empty()) {  // the marginal of no coordinates is 1
      for (std::size_t k = 0; k < covariances.size(); ++k)
        for (const arma::uword j : group.columns) scores(k, j) = 0.0;
      continue;
    }
    const arma::mat observed = x.submat(group.observed, group.columns);
    const double constant = static_cast<double>(group.observed.n_elem) * log_two_pi;
    const std::shared_ptr<const PatternConditionalCache::Conditionals> conditionals = cache.get(covariances, group);
    for (std::size_t k = 0; k < covariances.size(); ++k) {
      const PatternConditional& c = (*conditionals)[k];
      // log N(x_o | μ_o, Σ_oo) = −½(|o| log 2π + log det Σ_oo + ‖L_o⁻¹(x_o − μ_o)‖²)
      const arma::vec mean = means.col(k);
      const arma::mat centred = observed.each_col() - mean.elem(group.observed);
      const arma::mat whitened = arma::solve(arma::trimatl(c.observed_factor), centred);
      const arma::rowvec distances = arma::sum(arma::square(whitened), 0);
      for (arma::uword i = 0; i < group.columns.n_elem; ++i)
        scores(k, group.columns(i)) = -0.5 * (constant + c.observed_log_det + distances(i));
    }
  }
}

arma::mat with_missing_as_zero(const arma::mat& x) {
  arma::mat out = x;
  out.replace(arma::datum::nan, 0.0);
  return out;
}

}  // namespace mixfit::detail
