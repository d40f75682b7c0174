// MultinomialFamily: K multinomial components over D count columns (bags of counts), the row total not modelled.
#pragma once

#include "mixfit/family/component_family.hpp"

#include <armadillo>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

namespace mixfit::multinomial {

struct MultinomialOptions {
  double eps = 1e-10;                   ///< probabilities floored at eps (then renormalised) after each M-step
  std::optional<double> prior_alpha;    ///< symmetric Dirichlet(α) prior: MAP-EM, and VB's prior (absent: α = 1)
};

/// p(x | π) = n! / Π_d x_d! · Π_d π_d^(x_d), n = Σ_d x_d: the row's counts given its total, which is not
/// modelled (a document's length, a basket's size). T(x) = x, η = log π, and the normaliser log n! − Σ log x_d!
/// is the same for every component.
/// M-step: π = S / Σ_d S_d (maximum likelihood), or ∝ S + α − 1 (the Dirichlet posterior's mode, α ≥ 1); VB:
/// q(π) = Dir(α + S), point estimate its mean, E[log π_d] = ψ(α_d) − ψ(Σ α) (PRML eq. 10.66).
/// Each component also keeps the weighted mean of its rows' totals, `mean_total`, which only sampling uses
/// (a component draws rows of that total, rounded); it is not a parameter of the likelihood or of BIC.
class MultinomialFamily final : public ComponentFamily {
 public:
  MultinomialFamily(std::size_t num_components, std::size_t dimension, MultinomialOptions options,
                    std::size_t first_storage_row = 0);

  std::string_view name() const override { return "multinomial"; }
  std::size_t dimension() const override { return dimension_; }
  std::size_t num_components() const override { return num_components_; }
  Capabilities capabilities() const override;
  /// K (D − 1): the probabilities sum to 1; the mean totals are not modelled.
  std::size_t num_free_parameters() const override { return num_components_ * (dimension_ - 1); }
  std::unique_ptr<ComponentFamily> clone() const override { return std::make_unique<MultinomialFamily>(*this); }
  StatLayout stat_layout() const override;
  std::vector<ColumnDomain> column_domains() const override {
    return std::vector<ColumnDomain>(dimension_, ColumnDomain::count);
  }

  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  /// components: [{probabilities: [D], mean_total: t}, …]; after VB also per component dirichlet_alpha: [D]
  /// and prior: {alpha: α}.
  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override { return has_parameters_; }
  /// For rows of the component's mean total n: mean n π, covariance n (diag π − π πᵀ).
  std::optional<DistributionMoments> component_moments(std::size_t k) const override {
    if (!has_parameters_ || k >= num_components_) return std::nullopt;
    const arma::vec p = probabilities_.col(k);
    return DistributionMoments{mean_totals_(k) * p, mean_totals_(k) * (arma::diagmat(p) - p * p.t())};
  }

  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  void update_posterior(const SufficientStatistics& stats) override;
  double kl_to_prior() const override;
  bool has_posterior() const override { return !posterior_alpha_.is_empty(); }

  const arma::mat& probabilities() const { return probabilities_; }  ///< D×K
  const arma::vec& mean_totals() const { return mean_totals_; }      ///< K

 private:
  /// Scores from per-component coefficients of x (K×D) plus each row's log n! − Σ log x_d!.
  void scores_from(const DataBlock& block, const arma::mat& coefficients, arma::mat& scores) const;
  arma::mat cells(const DataBlock& block) const;
  /// π from non-negative pseudo-counts (D×K), floored at eps and renormalised; columns summing to 0 keep π.
  arma::mat normalised(const arma::mat& counts) const;
  void commit(arma::mat probabilities, arma::vec mean_totals, arma::mat posterior_alpha);

  std::size_t num_components_;
  std::size_t dimension_;
  std::size_t first_storage_row_;
  MultinomialOptions options_;
  double variational_alpha_;  ///< the prior VB uses
  bool has_parameters_ = false;
  arma::mat probabilities_;    ///< D×K
  arma::vec mean_totals_;      ///< K
  arma::mat posterior_alpha_;  ///< D×K, empty without a posterior

  arma::mat log_probabilities_;     ///< K×D cache
  arma::mat expected_log_probabilities_;  ///< K×D cache (empty without a posterior)
};

}  // namespace mixfit::multinomial
