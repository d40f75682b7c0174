// Rows with missing coordinates (data.missing: marginalize): marginal densities and expected statistics.
//
// EM: the E-step scores a row by log N(x_o | μ_o, Σ_oo); the M-step adds E[x | x_o] and the conditional
// covariance C to the statistics (exact EM for incomplete data).
// VB: the missing coordinates are latent beside z, mean field. The optimal q(x_m | z = k) ∝
// exp E_q(θ)[log N(x | μ_k, Λ_k⁻¹)] is the conditional of N(m_k, C_k) with C_k = E[Λ_k]⁻¹ (the family's
// point estimates), and integrating it out leaves log N(x_o | m_o, C_k,oo) plus the same offset
// ½(E[log|Λ_k|] − log|C_k⁻¹|) − D/(2β_k) as a complete row (for Wishart and Gamma precisions alike). So the
// VB E-step and statistics are the EM ones under (m_k, C_k), and the ELBO stays a bound that
// coordinate ascent raises.
#pragma once

#include <armadillo>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mixfit::detail {

/// The columns of a D×n block that have a missing coordinate (NaN), grouped
/// by which coordinates are observed, so each pattern's conditional is
/// factored once per component for the block rather than once per row.
struct MissingPatterns {
  struct Group {
    arma::uvec observed;  ///< coordinates present, ascending
    arma::uvec missing;   ///< coordinates absent, ascending
    arma::uvec columns;   ///< the block's columns with this pattern, ascending
  };
  std::vector<Group> groups;  ///< in order of first appearance in the block
  arma::uvec incomplete;      ///< every column with a missing coordinate, ascending
};

/// The patterns of `x` (empty groups when no coordinate is missing).
MissingPatterns find_missing_patterns(const arma::mat& x);

/// One component's Gaussian N(μ, Σ) seen through one pattern: the marginal of the
/// observed coordinates and the conditional of the missing ones given them
/// (Little & Rubin 2002, §11.2):
///   x_o ~ N(μ_o, Σ_oo);  x_m | x_o ~ N(μ_m + B (x_o − μ_o), C),  B = Σ_mo Σ_oo⁻¹,  C = Σ_mm − B Σ_om.
struct PatternConditional {
  arma::mat observed_factor;  ///< lower Cholesky factor of Σ_oo
  double observed_log_det;    ///< log det Σ_oo
  arma::mat regression;       ///< B (|m|×|o|)
  arma::mat missing_factor;   ///< lower Cholesky factor of C (|m|×|m|)
};

/// Factors `covariance` for `group`; `with_conditional` also computes B and
/// C's factor (the E-step needs only the marginal).
PatternConditional condition_on(const arma::mat& covariance, const MissingPatterns::Group& group,
                                bool with_conditional);

/// Each pattern's conditionals for every component, factored once per parameter state however many blocks
/// and threads ask: entries belong to the covariances they were computed from, and a lookup under other
/// covariances (the next iteration's) starts afresh. Thread-safe; a copy starts empty.
class PatternConditionalCache {
 public:
  using Conditionals = std::vector<PatternConditional>;  ///< one per component
  PatternConditionalCache() = default;
  PatternConditionalCache(const PatternConditionalCache&) {}
  PatternConditionalCache& operator=(const PatternConditionalCache&) { return *this; }

  /// The conditionals of `group` under `covariances` (Σ_k, D×D each).
  std::shared_ptr<const Conditionals> get(const std::vector<arma::mat>& covariances,
                                          const MissingPatterns::Group& group);

 private:
  std::mutex mutex_;
  std::vector<arma::mat> covariances_;  ///< the state the entries belong to
  std::map<std::string, std::shared_ptr<const Conditionals>> entries_;  ///< by observed-coordinate list
};

/// scores(k, j) = log N(x_o | μ_ko, Σ_k,oo) for every incomplete column j, one row of `scores` per component.
void write_marginal_log_densities(const arma::mat& x, const MissingPatterns& patterns, const arma::mat& means,
                                  const std::vector<arma::mat>& covariances, PatternConditionalCache& cache,
                                  arma::mat& scores);

/// `x` with each missing coordinate replaced by 0, for the complete-row kernels (whose weights on
/// incomplete columns are then 0).
arma::mat with_missing_as_zero(const arma::mat& x);

}  // namespace mixfit::detail
