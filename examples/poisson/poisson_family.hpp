// PoissonFamily: K components, each D independent Poisson counts with one rate per column.
#pragma once

#include "gamma_prior.hpp"

#include <mixfit/family/component_family.hpp>

#include <armadillo>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poisson {

/// Statistics layout: per component k one field, sum_x (D values),
/// S_k = Σ_n w_kn x_n, and nothing shared. The K slots are consecutive, so
/// together they are the D×K matrix S (column k = S_k). The framework keeps
/// N_k = Σ_n w_kn. (Σ_n w_kn log x_n! is not needed: no update uses it, and
/// the ELBO's data term comes from the E-step's own normaliser.)
inline constexpr std::size_t kSumOffset = 0;

/// The variational posterior: q(λ_kd) = Gamma(shape(d, k), rate(d, k)), D×K each.
struct GammaPosterior {
  arma::mat shape;
  arma::mat rate;
};

/// p(x | λ_k) = Π_d λ_kd^x_d e^(−λ_kd) / x_d!  for counts x_d ∈ {0, 1, 2, …}.
///
/// M-step: λ_kd = S_kd / N_k (maximum likelihood) or the Gamma posterior's
/// mode (S_kd + a₀ − 1)/(N_k + b₀) (MAP, with a prior configured), then
/// floored at min_rate so no log-rate is −inf. A component with N_k = 0 keeps
/// its rates under maximum likelihood; before the first M-step every rate is 1.
///
/// VB: q(λ_kd) = Gamma(a₀ + S_kd, b₀ + N_k) under the configured prior, or
/// GammaPrior{} (shape 1, rate 0.01) when none is configured; the point
/// estimates become the posterior means a/b. maximize() drops the posterior.
///
/// Every mutator refreshes the caches (log-rates, rate sums, E_q[log λ]) before returning.
class PoissonFamily final : public mixfit::ComponentFamily {
 public:
  /// `column_names` (D of them) name columns in data errors; `first_storage_row`
  /// is the family's first row in DataBlock::real(). Throws mixfit::Error for
  /// K = 0, D = 0, min_rate not > 0, or a prior whose shape or rate is not > 0.
  PoissonFamily(std::size_t num_components, std::vector<std::string> column_names, double min_rate,
                std::optional<GammaPrior> prior = std::nullopt, std::size_t first_storage_row = 0);

  std::string_view name() const override { return "poisson"; }
  std::size_t dimension() const override { return column_names_.size(); }
  std::size_t num_components() const override { return num_components_; }
  /// MAP exactly when a prior is configured; VB always.
  mixfit::Capabilities capabilities() const override;
  /// K·D rates.
  std::size_t num_free_parameters() const override { return num_components_ * dimension(); }
  std::unique_ptr<mixfit::ComponentFamily> clone() const override;
  mixfit::StatLayout stat_layout() const override;

  /// scores(k, j) = Σ_d x_dj log λ_kd − λ_kd − log x_dj!, as one K×D by D×n product.
  /// DataError for a cell that is not a count.
  void log_likelihood(const mixfit::DataBlock& block, arma::mat& scores) const override;
  /// S += X Wᵀ (D×n by n×K) into sum_x. DataError for a cell that is not a count.
  void accumulate(const mixfit::DataBlock& block, const arma::mat& weights,
                  mixfit::SufficientStatistics& out) const override;
  void maximize(const mixfit::SufficientStatistics& stats, mixfit::Estimator estimator) override;
  /// Each cell from boost::random::poisson_distribution(λ_kd), draw by draw.
  void sample(std::size_t k, std::size_t n, mixfit::RandomStream& stream, arma::mat& out) const override;
  /// components: [{rates: [...]}, …]; with a posterior also prior: {shape, rate}
  /// and per component gamma_shape: [...], gamma_rate: [...]. Numbers exact.
  void save(YAML::Emitter& out) const override;
  /// Reads what save() writes. ConfigError naming file, line and key for a
  /// wrong shape, a rate that is not > 0, a posterior in some components only
  /// or whose mean is not the saved rate, or a saved prior other than the
  /// configured one. The family is unchanged if it throws.
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override { return has_parameters_; }

  /// scores(k, j) = Σ_d x_dj E[log λ_kd] − E[λ_kd] − log x_dj!, E[log λ] = ψ(a) − log b, E[λ] = a/b.
  void expected_log_likelihood(const mixfit::DataBlock& block, arma::mat& scores) const override;
  /// q(λ_kd) = Gamma(a₀ + S_kd, b₀ + N_k). NumericalError (family unchanged) for non-finite statistics.
  void update_posterior(const mixfit::SufficientStatistics& stats) override;
  /// Σ_kd KL(Gamma(a_kd, b_kd) || Gamma(a₀, b₀)).
  double kl_to_prior() const override;
  bool has_posterior() const override { return posterior_.has_value(); }

  /// D×K, column k = λ_k.
  const arma::mat& rates() const { return rates_; }
  const std::optional<GammaPosterior>& posterior() const { return posterior_; }
  /// The prior VB uses: the configured one, else one read by load(), else GammaPrior{}.
  const GammaPrior& variational_prior() const { return variational_prior_; }
  /// Sets λ (D×K, every entry finite and > 0), drops the posterior. Error on a wrong shape or value.
  void set_rates(const arma::mat& rates);

 private:
  /// The family's rows of the block as D×n counts, checked (DataError names row and column).
  arma::mat counts(const mixfit::DataBlock& block) const;
  /// Scores from per-component coefficients of x (K×D) and constants (K): coefficients X − constants − log x!.
  void scores_from(const arma::mat& x, const arma::mat& coefficients, const arma::vec& constants,
                   arma::mat& scores) const;
  void refresh_caches();

  std::size_t num_components_;
  std::vector<std::string> column_names_;
  std::size_t first_storage_row_;
  double min_rate_;
  std::optional<GammaPrior> prior_;
  GammaPrior variational_prior_;
  bool has_parameters_ = false;
  arma::mat rates_;  ///< D×K
  std::optional<GammaPosterior> posterior_;

  // Caches refreshed by refresh_caches().
  arma::mat log_rates_;              ///< K×D
  arma::vec rate_sums_;              ///< K, Σ_d λ_kd
  arma::mat expected_log_rates_;     ///< K×D, ψ(a) − log b (empty without a posterior)
};

}  // namespace poisson
