// ComponentFamily: THE plugin interface. A family holds all K components of one distribution type.
#pragma once

#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/family/capabilities.hpp"
#include "mixfit/family/estimator.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit {

/// The mean and covariance of one component's distribution over the family's
/// columns (all real), for figures: ellipses and Gaussian approximations.
struct DistributionMoments {
  arma::vec mean;        ///< D
  arma::mat covariance;  ///< D×D
};

/// The parameters and mathematics of K mixture components of one family
/// (all K at once: a tied covariance or a product of parts needs them
/// together). The driver knows nothing else about a family.
///
/// Contract:
/// - Data come in DataBlocks, one observation per column, each kind of column
///   in its own matrix (real(), binary(), categorical()). A family reads its
///   own rows of those matrices, which the FamilySpec it was built from names
///   (ColumnSpec::storage_row); the framework stores a family's columns of
///   one kind consecutively.
/// - `const` methods may be called concurrently from many threads on
///   different blocks; they must not touch mutable state.
/// - Statistics are additive: accumulate(A ∪ B) = accumulate(A) + accumulate(B)
///   and linear in the weights. Everything the M-step needs must be in them,
///   together with the framework's counts N_k.
/// - Parameters change only in maximize() and load(); both must refresh every
///   cached derived quantity (Cholesky factors, log-determinants) before
///   returning, so a stale cache cannot happen.
class ComponentFamily {
 public:
  virtual ~ComponentFamily() = default;

  /// The registered family name ("gaussian"), as written in model.yaml.
  virtual std::string_view name() const = 0;
  /// D, the number of data columns the family models.
  virtual std::size_t dimension() const = 0;
  /// K.
  virtual std::size_t num_components() const = 0;
  virtual Capabilities capabilities() const { return {}; }
  /// Free parameters of the K components, for BIC/AIC (the weights' K−1 are
  /// counted by the mixing model).
  virtual std::size_t num_free_parameters() const = 0;
  virtual std::unique_ptr<ComponentFamily> clone() const = 0;

  /// The family-owned slots of the statistics (per component and shared).
  /// Must not depend on the current parameters.
  virtual StatLayout stat_layout() const = 0;

  /// scores(k, j) = log p(x_j | θ_k) for the block's observations; `scores`
  /// is resized by the callee to K×n. Thread-safe.
  virtual void log_likelihood(const DataBlock& block, arma::mat& scores) const = 0;

  /// Adds Σ_j weights(k, j) T(x_j) into the family slots of `out`
  /// (weights: K×n, soft or one-hot). Thread-safe; writes only into `out`.
  /// The framework slots (counts, log-likelihood, entropy) are filled by the
  /// caller. A family may accumulate about an anchor fixed for the pass (for
  /// example the current means) for numerical accuracy, as long as the
  /// result stays additive for a fixed parameter state.
  virtual void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const = 0;

  /// The M-step: new parameters from reduced statistics. N_k is stats.count(k).
  /// The statistics must have been accumulated by this family in its current
  /// parameter state (or a copy of it): a family may accumulate about an
  /// anchor taken from its parameters, so statistics from different states
  /// must not be summed. A component whose estimate is degenerate (a singular
  /// covariance) is a SingularComponentError naming it, with the parameters
  /// left unchanged: the driver then applies inference.singular_component.
  virtual void maximize(const SufficientStatistics& stats, Estimator estimator) = 0;

  /// Draws n observations from component k into `out` (resized to D×n, rows
  /// in the family's column order): real columns as values, binary columns
  /// as 0/1, categorical columns as level codes (the framework turns codes
  /// into level names when it writes them).
  virtual void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const = 0;

  /// Writes the parameters as keys of the model's open YAML map: at least
  /// `components: [ {...}, ... ]` (K entries) and, if the family has
  /// parameters shared by all components, `shared: {...}`. Numbers must
  /// round-trip exactly (use format_double()).
  virtual void save(YAML::Emitter& out) const = 0;

  /// Reads parameters written by save() (or hand-written in the same shape)
  /// from the model map `model`. Throws ConfigError naming `source`, the line
  /// and the key on any shape or value problem.
  virtual void load(const YAML::Node& model, const std::string& source) = 0;

  /// Reorders components: new component i is old component order[i].
  virtual void permute_components(const arma::uvec& order) = 0;

  /// True once maximize(), update_posterior() or load() has set parameters.
  virtual bool has_parameters() const = 0;

  // ---- Priors and variational Bayes --------------------------------------
  // A family that reports capabilities().variational implements the four
  // methods below; the defaults throw. Mean-field VB (PRML §10.2) keeps a
  // conjugate posterior q(θ_k) per component next to the point estimates
  // (the posterior means) that log_likelihood, sample and save use, so a
  // variationally fitted model predicts and samples like any other.

  /// Fills the prior hyperparameters that default to functions of the data
  /// (the Gaussian's data mean and covariance, as scikit-learn's
  /// BayesianGaussianMixture) and leaves configured ones alone. `pooled` holds
  /// the whole data set in component 0 (all weight on k = 0, counts of the
  /// other components 0), accumulated by this family in its current state.
  /// Called once before MAP-EM or VB starts; a family without data-dependent
  /// defaults ignores it.
  virtual void set_prior_from_data(const SufficientStatistics& pooled) { (void)pooled; }

  /// scores(k, j) = E_q[log p(x_j | θ_k)] under the variational posterior,
  /// with every constant kept (the ELBO sums these). Thread-safe; resized to K×n.
  virtual void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const;

  /// The conjugate variational update q(θ_k) ∝ p(θ_k) exp(Σ_n r_nk log p(x_n | θ_k))
  /// from reduced statistics (same anchor rule as maximize()). Sets the point
  /// estimates to the posterior means and refreshes every cache. Throws
  /// NumericalError (family unchanged) if the posterior is degenerate.
  virtual void update_posterior(const SufficientStatistics& stats);

  /// Σ_k KL(q(θ_k) || p(θ_k)) (plus the shared parameters' term), in nats,
  /// with all constants. Requires has_posterior().
  virtual double kl_to_prior() const;

  /// True once update_posterior() or load() (of a saved posterior) has set q(θ).
  virtual bool has_posterior() const { return false; }

  // ---- Data -----------------------------------------------------------------

  /// The domain of each of the family's D columns, in its column order
  /// (ColumnDomain::real: any finite number). The framework checks every cell
  /// against it once, where the data of a run, predict or score are read, and
  /// names the file, line and column of the first cell outside; so a family
  /// need not re-check its cells on every pass. Empty (the default): no
  /// constraint beyond the columns' kinds.
  virtual std::vector<ColumnDomain> column_domains() const { return {}; }

  /// The mean and covariance of component k's distribution over the family's
  /// columns (in its column order), when they exist and mean something for
  /// real-valued figures; `mixfit plot` draws ellipses from them and knows
  /// no family. nullopt (the default): no moments (a heavy tail without a
  /// variance, angles, binary or categorical columns).
  virtual std::optional<DistributionMoments> component_moments(std::size_t k) const {
    (void)k;
    return std::nullopt;
  }
};

}  // namespace mixfit
