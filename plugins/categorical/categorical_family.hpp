// CategoricalFamily: K latent classes, each a product of independent categorical distributions over D columns.
#pragma once

#include "categorical_options.hpp"
#include "dirichlet_posterior.hpp"
#include "level_layout.hpp"
#include "mixfit/family/component_family.hpp"

#include <armadillo>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mixfit {

/// The latent class model: given component k, column j takes level l with
/// probability θ_kjl, independently of the other columns:
///   p(x | k) = Π_j θ_kj[x_j]          (Bishop PRML §9.3.3 with categoricals for Bernoullis)
///
/// Parameters are one K×(Σ_j L_j) table: row k holds component k's
/// probabilities, column j's levels at LevelLayout::offset(j). The table of
/// their logarithms is a cache, recomputed in every mutator (maximize, update_posterior, load,
/// set_probabilities, permute_components), so it is never stale.
///
/// Variational Bayes (PRML §10.2 with Dirichlet factors): q(θ_kj) = Dir(α_kj·)
/// under the configured symmetric Dir(α) prior, or Dir(1, …, 1) when none is
/// configured (DirichletPosterior). update_posterior sets the probabilities to
/// the posterior means, without the eps floor (they are > 0); maximize() and
/// set_probabilities() drop the posterior.
///
/// Cells arrive as level codes (the framework's dictionary: code l is
/// levels[l]); a code of kUnseenLevel is an error or marginalised out, as
/// CategoricalOptions::unseen says.
class CategoricalFamily final : public ComponentFamily {
 public:
  /// A family without parameters. Throws Error if K is 0.
  /// `first_storage_row`: the family's first column in the block's
  /// categorical() rows (non-zero when the family is one part of a product).
  CategoricalFamily(std::size_t num_components, LevelLayout layout, CategoricalOptions options,
                    std::size_t first_storage_row = 0);

  std::string_view name() const override { return "categorical"; }
  std::size_t dimension() const override { return layout_.num_columns(); }
  std::size_t num_components() const override { return num_components_; }
  /// MAP when `prior: {alpha: …}` was given; variational always (without a prior, under Dir(1, …, 1)).
  Capabilities capabilities() const override;
  /// K · Σ_j (L_j − 1).
  std::size_t num_free_parameters() const override;
  std::unique_ptr<ComponentFamily> clone() const override;
  /// Per component, one field per column, `counts[NAME]` of L_j doubles, at LevelLayout::offset(j).
  StatLayout stat_layout() const override;

  /// scores(k, n) = Σ_j log θ_kj[x_nj] (a gather of one cached log-probability
  /// per cell; an ignored unseen cell adds 0). Throws Error before parameters
  /// are set, DataError for an unseen cell under `unseen: error`.
  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  /// Adds S_kjl += Σ_n weights(k, n) [x_nj = l]; an ignored unseen cell adds nothing.
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  /// Per component and column, θ_kj from S_kj (maximum likelihood or, with a
  /// prior, MAP), then the eps floor. A column of a component with no weight
  /// (S_kj = 0; for MAP, no level with S + α − 1 > 0) keeps its probabilities
  /// (uniform 1/L_j if it had none yet). Drops the posterior.
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;
  /// Codes drawn by boost::random::discrete_distribution, one per column for draw 0, then draw 1, …;
  /// `out` is D×n doubles holding codes.
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  /// components: [{probabilities: [[…], …]}, …]; with a posterior also
  /// prior: {alpha} (the variational prior) and, per component,
  /// concentration: [[…], …] nested like its probabilities.
  void save(YAML::Emitter& out) const override;
  /// Reads what save() writes; located ConfigError on any shape or value
  /// problem (including a concentration that is not > 0 or whose means are not
  /// the saved probabilities within kPosteriorMeanTolerance, concentration in
  /// some components only, a saved prior other than the configured one);
  /// family unchanged. Without concentration the family has no posterior; a
  /// saved prior becomes the variational prior when none is configured.
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override { return has_parameters_; }

  /// scores(k, n) = Σ_j E_q[log θ_kj[x_nj]] = Σ_j ψ(α_kj[x_nj]) − ψ(Σ_l α_kjl), the same
  /// gather as log_likelihood() from the cached E[log θ] (an ignored unseen cell adds 0).
  /// Throws Error without a posterior; unseen cells as in log_likelihood().
  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  /// q(θ_kj) = Dir(α + S_kj·) (PRML eq. 2.41); probabilities become the posterior
  /// means. NumericalError (family unchanged) for a concentration that is not finite and > 0.
  void update_posterior(const SufficientStatistics& stats) override;
  /// Σ_kj KL(Dir(α_kj·) || Dir(α, …, α)). Throws Error without a posterior.
  double kl_to_prior() const override;
  bool has_posterior() const override { return posterior_.has_value(); }

  const LevelLayout& layout() const { return layout_; }
  const CategoricalOptions& options() const { return options_; }
  /// α of the symmetric Dirichlet prior VB uses: the configured one, else one read by load(), else 1.
  double variational_prior_alpha() const { return variational_prior_alpha_; }
  /// q(θ), once update_posterior() or load() has set it.
  const std::optional<DirichletPosterior>& posterior() const { return posterior_; }
  /// K×(Σ_j L_j): row k is component k, column offset(j) + l is level l of column j (empty before parameters are set).
  const arma::mat& probabilities() const { return probabilities_; }
  /// θ_kj, the L_j probabilities of column j in component k.
  arma::vec probabilities(std::size_t component, std::size_t column) const;
  /// log of probabilities() (−inf where a probability is 0), the cache the scores use.
  const arma::mat& log_probabilities() const { return log_probabilities_; }
  /// Sets the K×(Σ_j L_j) table, drops the posterior and refreshes the cache. Throws Error on a
  /// wrong shape, an entry outside [0, 1] or a column not summing to 1
  /// within kProbabilitySumTolerance; the family is unchanged if it throws.
  void set_probabilities(const arma::mat& probabilities);

 private:
  /// Commits a checked table and refreshes the log cache (the posterior is the caller's business).
  void assign(arma::mat probabilities);
  /// scores(k, n) = Σ_j table(k, offset(j) + x_nj), skipping ignored unseen cells (K×n, resized here).
  void gather_scores(const DataBlock& block, const arma::mat& table, arma::mat& scores, const char* caller) const;
  /// The DataError for an unseen cell at block column `row` and family column `column`.
  [[noreturn]] void fail_unseen(const DataBlock& block, std::size_t row, std::size_t column) const;
  /// The block's codes, checked to hold the family's rows.
  const arma::Mat<std::uint16_t>& codes_of(const DataBlock& block, const char* caller) const;

  std::size_t num_components_;
  LevelLayout layout_;
  CategoricalOptions options_;
  std::size_t first_storage_row_;  ///< first of the family's rows in DataBlock::categorical()
  bool has_parameters_ = false;
  arma::mat probabilities_;      ///< K×ΣL
  arma::mat log_probabilities_;  ///< K×ΣL, log of probabilities_; column-major, so a level's K values are contiguous
  double variational_prior_alpha_;  ///< see variational_prior_alpha()
  std::optional<DirichletPosterior> posterior_;  ///< q(θ); when set, probabilities_ are its means
};

}  // namespace mixfit
