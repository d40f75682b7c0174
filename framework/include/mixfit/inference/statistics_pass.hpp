// StatisticsPass: one sweep over the data's block grid: scores, assignment, accumulation, reduction.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/model/mixture_model.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

#include <armadillo>

#include <cstdint>

namespace mixfit {

/// How a pass turns scores into weights: responsibilities (EM), one-hot at
/// the most probable component (CEM) or at a component drawn from the
/// responsibilities (SEM).
enum class Assignment { soft, hard, stochastic };

/// Which scores a pass assigns from:
/// - point: log π_k + log p(x | θ_k) under the point estimates (EM, predict);
/// - variational: E_q[log π_k] + E_q[log p(x | θ_k)] under the variational
///   posterior (VB). The statistics' log_likelihood slot then holds
///   Σ_n log Σ_k exp(score), the data part of the ELBO.
enum class Scoring { point, variational };

/// Optional per-row results of a pass (computed with the parameters the
/// pass ran under). Each pointer, when set, is filled for every row.
struct RowOutputs {
  // Each covers this process's rows (all N for one process; plan.local_num_rows() of a distributed plan).
  arma::mat* responsibilities = nullptr;  ///< K×N weights as used (soft or one-hot)
  arma::uvec* labels = nullptr;           ///< N, arg max_k of the weights (ties to the lowest k)
  arma::vec* log_likelihood = nullptr;    ///< N, log p(x_n) under the mixture
  /// With a noise component: responsibilities get its row K and labels may be K (the noise); otherwise
  /// both cover the K components only (responsibilities of the K components, labels their arg max).
  bool noise_row = false;
};

/// Runs the E-step over every block of `plan` and returns the reduced
/// statistics: each block accumulates into freshly zeroed statistics, and
/// block results are summed in block order. This is the only code that knows
/// about blocks.
/// Stochastic assignment draws block b's labels from derive_stream(draw_seed,
/// "stochastic assignment", b): the same draws for any thread or process count.
SufficientStatistics statistics_pass(const MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                     Assignment assignment, const RowOutputs& outputs = {},
                                     Scoring scoring = Scoring::point, std::uint64_t draw_seed = 0);

/// Statistics for given weights (K×N for this process's rows, e.g. an initial partition or a
/// responsibilities file): counts, num_rows and the family's accumulate, no
/// scoring. The family accumulates in its current state. With data.weights
/// each row's weights are multiplied by its sample weight.
SufficientStatistics statistics_from_weights(const MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                             const arma::mat& weights);

/// One-hot K×N weights from labels (each < K).
arma::mat one_hot(const arma::uvec& labels, std::size_t num_components);

}  // namespace mixfit
