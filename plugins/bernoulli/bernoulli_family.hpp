// BernoulliFamily: K components, each D independent Bernoulli variables (a mixture of multivariate Bernoullis).
#pragma once

#include "beta_posterior.hpp"
#include "beta_prior.hpp"
#include "binary_cell_tables.hpp"
#include "mixfit/family/component_family.hpp"

#include <armadillo>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

namespace mixfit {

/// Statistics layout: per component k, one field
///   [0, D)  sum_x   S_k = Σ_n w_kn x_n   (x_n the 0/1 column vector of row n; a missing cell 0)
/// and shared missing_weight (below). The K component slots are consecutive in the buffer,
/// so together they form the D×K matrix S (column k = S_k).
namespace bernoulli_layout {
inline constexpr std::size_t kSumOffset = 0;
/// Shared: the D×K matrix M, M(d, k) = Σ_n w_kn [x_nd missing] (data.missing: marginalize; 0 otherwise).
inline constexpr std::size_t kMissingOffset = 0;
}  // namespace bernoulli_layout

/// K components, component k a product of D Bernoulli distributions with
/// probabilities p_k = (p_k1 … p_kD) (PRML §9.3.3).
///
/// M-step: p_kd = S_kd / N_k (maximum likelihood) or the mode of the Beta
/// posterior, (S_kd + α − 1)/(N_k + α + β − 2) when α + S, β + N − S ≥ 1
/// (maximum a posteriori, BetaPrior::posterior_mode), then clipped to
/// [eps, 1 − eps]. Where that is undefined — a component with N_k = 0 under
/// maximum likelihood, a cell whose posterior has no single mode under MAP —
/// the previous probabilities are kept; before the first M-step they are 0.5.
///
/// Variational Bayes (PRML §10.2 with Beta factors): q(p_kd) = Beta(a_kd, b_kd)
/// under the configured Beta(α, β) prior, or Beta(1, 1) when none is
/// configured (BetaPosterior). update_posterior sets the point estimates to
/// the posterior means a/(a + b), unclipped (they lie in (0, 1)); eps applies
/// to M-steps only. maximize() and set_probabilities() drop the posterior,
/// which describes other parameters from then on.
///
/// log p, log(1 − p) enter the scores only through the cached log-odds and
/// Σ_d log(1 − p_kd); every mutator (maximize, update_posterior, load,
/// set_probabilities, permute_components) refreshes them before returning.
class BernoulliFamily final : public ComponentFamily {
 public:
  /// A family without parameters. Throws Error if K or D is 0, if eps is
  /// not in [0, 0.5), or if a prior's alpha or beta is not a finite number > 0.
  /// `first_storage_row`: the family's first column in the block's binary()
  /// rows (non-zero when the family is one part of a product).
  BernoulliFamily(std::size_t num_components, std::size_t dimension, double eps,
                  std::optional<BetaPrior> prior = std::nullopt, std::size_t first_storage_row = 0);

  std::string_view name() const override { return "bernoulli"; }
  std::size_t dimension() const override { return dimension_; }
  std::size_t num_components() const override { return num_components_; }
  /// maximum_a_posteriori exactly when a prior is configured; variational always
  /// (without a configured prior, under Beta(1, 1)).
  Capabilities capabilities() const override;
  /// K·D.
  std::size_t num_free_parameters() const override { return num_components_ * dimension_; }
  std::unique_ptr<ComponentFamily> clone() const override;
  /// sum_x, D per component (see bernoulli_layout).
  StatLayout stat_layout() const override;

  /// scores(k, j) = Σ_d x_dj log p_kd + (1 − x_dj) log(1 − p_kd), for the
  /// whole block as (log p − log(1 − p)) X + Σ_d log(1 − p_kd), the product read from the byte cells
  /// through BinaryCellTables.
  /// Exactly 0 or 1 probabilities (eps = 0, or loaded) give −inf where the
  /// row contradicts them, never NaN. Throws Error before parameters are set.
  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  /// Adds S += X Wᵀ (D×n by n×K) into sum_x, from the byte cells (accumulate_binary_cells).
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  /// The M-step above; drops the posterior. The family is unchanged if it
  /// throws (statistics of another layout, or MAP without a prior).
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;
  /// Each cell 0 or 1 from boost::random::bernoulli_distribution(p_kd) on
  /// `stream`, column by column (draw j is cells j·D … j·D + D − 1).
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  /// components: [{probabilities: [p_k1, …, p_kD]}, …], numbers exact; with a
  /// posterior also prior: {alpha, beta} (the variational prior) and, per
  /// component, concentration: [[a_k1 … a_kD], [b_k1 … b_kD]].
  void save(YAML::Emitter& out) const override;
  /// Reads what save() writes; ConfigError with file, line and key for a
  /// wrong shape, a probability outside [0, 1], a concentration that is not
  /// > 0 or whose mean is not the saved probability (within
  /// kPosteriorMeanTolerance), concentration in some components only, or a
  /// saved prior other than the configured one. Without concentration the
  /// family has no posterior. A saved prior becomes the variational prior
  /// when none is configured. Values are taken as written (not clipped).
  /// The family is unchanged if it throws.
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override { return has_parameters_; }

  /// scores(k, j) = E_q[log p(x_j | p_k)] = Σ_d x_dj E[log p_kd] + (1 − x_dj) E[log(1 − p_kd)],
  /// read from the byte cells like log_likelihood(). Throws Error without a posterior.
  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  /// q(p_kd) = Beta(α + S_kd, β + N_k − S_kd) (PRML eq. 2.18); point estimates
  /// become the posterior means. NumericalError (family unchanged) for a
  /// parameter that is not finite and > 0.
  void update_posterior(const SufficientStatistics& stats) override;
  /// Σ_kd KL(Beta(a_kd, b_kd) || Beta(α, β)). Throws Error without a posterior.
  double kl_to_prior() const override;
  bool has_posterior() const override { return posterior_.has_value(); }

  double eps() const { return eps_; }
  /// The configured prior (MAP-EM and VB), if any.
  const std::optional<BetaPrior>& prior() const { return prior_; }
  /// The prior VB uses: the configured one, else one read by load(), else Beta(1, 1).
  const BetaPrior& variational_prior() const { return variational_prior_; }
  /// q(p), once update_posterior() or load() has set it.
  const std::optional<BetaPosterior>& posterior() const { return posterior_; }
  /// D×K, column k = p_k (0.5 everywhere before parameters are set).
  /// Over the 0/1 columns: mean p_k, covariance diag p(1 − p) (the columns are independent given k).
  std::optional<DistributionMoments> component_moments(std::size_t k) const override {
    if (!has_parameters_ || k >= num_components_) return std::nullopt;
    const arma::vec p = probabilities_.col(k);
    return DistributionMoments{p, arma::diagmat(p % (1.0 - p))};
  }
  const arma::mat& probabilities() const { return probabilities_; }
  /// Sets p (D×K, every entry in [0, 1]; not clipped), drops the posterior and
  /// refreshes the caches. Throws Error on a wrong shape or value, leaving the family unchanged.
  void set_probabilities(const arma::mat& probabilities);

 private:
  /// Error if the block has too few binary rows for the family's columns.
  void check_block(const DataBlock& block, const char* caller) const;
  /// The D×n 0/1 indicator of the family's missing cells (kMissingBinary) in the block, empty when there are none.
  arma::mat missing_cells(const DataBlock& block) const;
  /// log(1 − p_kd) as K×D (0 where p_kd is 0 or 1), what a missing cell takes back from a row's score.
  arma::mat log_complements() const;
  void refresh_caches();

  std::size_t num_components_;
  std::size_t dimension_;
  std::size_t first_storage_row_;  ///< first of the family's rows in DataBlock::binary()
  double eps_;                     ///< probabilities are clipped to [eps, 1 − eps] after each M-step
  std::optional<BetaPrior> prior_;
  BetaPrior variational_prior_;  ///< see variational_prior()
  bool has_parameters_ = false;
  arma::mat probabilities_;  ///< D×K
  std::optional<BetaPosterior> posterior_;  ///< q(p); when set, probabilities_ are its means

  // Caches derived from probabilities_ by refresh_caches().
  arma::mat log_odds_;            ///< K×D, log p − log(1 − p); 0 where p is exactly 0 or 1
  arma::vec log_complement_sum_;  ///< K, Σ_d log(1 − p_kd) over the d with p_kd < 1
  /// Exactly 0 or 1 probabilities: a row x is impossible under component k iff
  /// (contradictions X + contradiction_offset)(k) > 0, with contradictions(k, d)
  /// = +1 where p_kd = 0 (x_d = 1 is impossible), −1 where p_kd = 1 (x_d = 0 is
  /// impossible; contradiction_offset counts these). Empty when there are none.
  arma::mat contradictions_;         ///< K×D
  arma::vec contradiction_offset_;   ///< K
  /// The products log_odds_ x, contradictions_ x and (with a posterior) E[log-odds] x, read from the
  /// byte cells in place (see BinaryCellTables); empty where their matrix is.
  BinaryCellTables score_tables_;
  BinaryCellTables contradiction_tables_;
  BinaryCellTables expected_score_tables_;
};

}  // namespace mixfit
