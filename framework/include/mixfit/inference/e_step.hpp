// E-step policies: turn K×n component scores into assignment weights and fill the framework's statistic slots.
#pragma once

#include "mixfit/core/random_streams.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>

namespace mixfit {

/// What the data say about a block's rows beyond their values (data.weights,
/// data.labels), as pointers to n entries; null: every row weighs 1, no
/// component is known.
/// - A row of weight w adds w × its terms to every framework slot (num_rows,
///   log_likelihood, assignment_entropy, counts), exactly as w copies of it
///   would; a row of weight 0 adds nothing but is still assigned.
/// - A row with a known component z (not kUnknownLabel) is assigned one-hot
///   at z and adds log π_z + log p(x | θ_z) to log_likelihood and nothing to
///   assignment_entropy: the semi-supervised log-likelihood Σ_unknown log
///   p(x) + Σ_known log π_z p(x | θ_z) (mclust's MclustSSC).
struct RowAnnotations {
  const double* weights = nullptr;
  const arma::uword* known_labels = nullptr;
};

/// Soft assignment (EM). On entry `scores` is K×n with log p(x_j | θ_k);
/// on exit it holds the responsibilities r_kj = p(k | x_j).
/// log ρ_kj = log π_k + log p(x_j|θ_k); l_j = log Σ_k exp(log ρ_kj); r_kj = exp(log ρ_kj − l_j).
/// Adds n to num_rows, Σ_j l_j to log_likelihood, −Σ r log r to
/// assignment_entropy and Σ_j r_kj to count(k) for the statistics' components
/// (a last row beyond them, the noise component's, is assigned but not
/// counted). If `row_log_likelihood` is given it receives l_j (length n).
void soft_assign(arma::mat& scores, const arma::vec& log_weights, SufficientStatistics& stats,
                 arma::vec* row_log_likelihood = nullptr, RowAnnotations rows = {});

/// Hard assignment (classification EM). Like soft_assign but the weights z
/// are one-hot at arg max_k log ρ_kj (ties to the lowest k); log_likelihood
/// still receives the mixture log density l_j, and assignment_entropy
/// Σ_j (l_j − max_k log ρ_kj) = −Σ_j log max_k r_kj, so that log_likelihood −
/// assignment_entropy is the classification log-likelihood Σ_j max_k log ρ_kj
/// (Celeux & Govaert 1992). `labels` (length n) receives the arg max.
void hard_assign(arma::mat& scores, const arma::vec& log_weights, SufficientStatistics& stats, arma::uvec& labels,
                 arma::vec* row_log_likelihood = nullptr, RowAnnotations rows = {});

/// Stochastic assignment (SEM, Celeux & Diebolt 1985). Like hard_assign but
/// each row's one-hot label is drawn from its responsibilities: u ~ U[0, 1)
/// from `stream`, one draw per row in column order, and the first k with
/// Σ_{k' ≤ k} r_k'j > u. assignment_entropy receives −Σ_j log r_label,j.
/// A row with a known component draws nothing from the stream.
void stochastic_assign(arma::mat& scores, const arma::vec& log_weights, SufficientStatistics& stats,
                       arma::uvec& labels, RandomStream& stream, arma::vec* row_log_likelihood = nullptr,
                       RowAnnotations rows = {});

}  // namespace mixfit
