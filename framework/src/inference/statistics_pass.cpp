// The block loop shared by every algorithm.
#include "mixfit/inference/statistics_pass.hpp"

#include "mixfit/data/data_block.hpp"
#include "mixfit/inference/e_step.hpp"
#include "mixfit/parallel/block_tree_sum.hpp"
#include "mixfit/parallel/process_collectives.hpp"
#include "mixfit/parallel/for_each_block.hpp"

#include "mixfit/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

namespace mixfit {

namespace {

// The block's rows of data.weights and data.labels (null where the data have none).
RowAnnotations block_annotations(const Dataset& data, const DataBlock& block) {
  const std::size_t local = block.first_row() - data.first_row;
  RowAnnotations rows;
  if (data.weighted_rows && block.num_rows() > 0) rows.weights = data.row_weights.memptr() + local;
  if (data.labelled_rows && block.num_rows() > 0) rows.known_labels = data.known_labels.memptr() + local;
  return rows;
}

// weights(k, j) · w_j.
template <class Weights>
arma::mat weighted_columns(const Weights& weights, const double* w) {
  arma::mat out(weights);
  for (arma::uword j = 0; j < out.n_cols; ++j) out.col(j) *= w[j];
  return out;
}

// Each real column's (weighted) mean over the rows observing it, summed in the block tree on every process.
arma::vec observed_real_means(const Dataset& data, const BlockPlan& plan) {
  const std::size_t width = data.real_rows ? data.real_rows->num_columns() : data.real.n_rows;
  if (width == 0) return {};  // binary and categorical columns only: nothing to fill
  const arma::mat zero(width, 2, arma::fill::zeros);
  BlockTreeSum<arma::mat> sum;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block(data, plan.begin(b), plan.size(b), b);
    arma::mat block_sums = zero;
    for (arma::uword j = 0; j < block.real().n_cols; ++j) {
      const double w = data.weight(block.first_row() - plan.local_first_row() + j);
      for (std::size_t i = 0; i < width; ++i)
        if (const double x = block.real()(i, j); !std::isnan(x) && w != 0.0) {
          block_sums(i, 0) += w * x;
          block_sums(i, 1) += w;
        }
    }
    sum.push(b, std::move(block_sums));
  }
  const arma::mat totals = total_over_processes(plan, sum, zero);
  return totals.col(0) / totals.col(1);
}

}  // namespace

SufficientStatistics statistics_pass(const MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                     Assignment assignment, const RowOutputs& outputs, Scoring scoring,
                                     std::uint64_t draw_seed) {
  const ComponentFamily& family = model.family();
  const std::size_t k_count = model.num_components();
  const bool variational = scoring == Scoring::variational;
  arma::vec log_weights = variational ? model.mixing().expected_log_weights() : model.mixing().log_weights();
  // mclust's noise: the K weights scaled by 1 − π₀, and a (K+1)-th score log(π₀/V) for every row.
  const std::optional<NoiseComponent>& noise = model.noise();
  if (noise && (variational || assignment != Assignment::soft))
    throw Error("a noise component is fitted by em (soft assignments under point estimates) only");
  if (noise) {
    log_weights += std::log1p(-noise->weight());
    log_weights.resize(k_count + 1);
    log_weights(k_count) = std::log(noise->weight());
  }
  const std::size_t output_rows = noise && outputs.noise_row ? k_count + 1 : k_count;
  const SufficientStatistics zero = model.make_statistics();
  // Row outputs cover this process's rows; row r of the data is column r − first_row.
  const std::size_t first_row = plan.local_first_row();
  if (outputs.responsibilities) outputs.responsibilities->set_size(output_rows, plan.local_num_rows());
  if (outputs.labels) outputs.labels->set_size(plan.local_num_rows());
  if (outputs.log_likelihood) outputs.log_likelihood->set_size(plan.local_num_rows());

  // Each block accumulates into its own zeroed statistics (for_each_block_into_slots), and they join the
  // block-tree sum in block order, so the total is the same for any number of threads (and, through
  // total_over_processes, of processes).
  BlockTreeSum<SufficientStatistics> sum;
  std::exception_ptr failure;
  try {
    const auto run_block = [&](std::size_t b, SufficientStatistics& block_stats) {
      const DataBlock block(data, plan.begin(b), plan.size(b), b);
      // The thread's scores buffer, reused block after block (the family sizes and fills it), for
      // the reason soft_assign reuses its own.
      thread_local arma::mat scores;
      arma::uvec labels;
      arma::vec row_log_likelihood;
      if (variational) {
        family.expected_log_likelihood(block, scores);
      } else {
        family.log_likelihood(block, scores);
      }
      if (noise) {
        scores.resize(k_count + 1, scores.n_cols);
        scores.row(k_count).fill(noise->log_density());
      }
      const RowAnnotations rows = block_annotations(data, block);
      if (assignment == Assignment::soft) {
        soft_assign(scores, log_weights, block_stats, &row_log_likelihood, rows);
        if (outputs.labels) labels = arma::index_max(scores.head_rows(output_rows), 0).t();
      } else if (assignment == Assignment::hard) {
        hard_assign(scores, log_weights, block_stats, labels, &row_log_likelihood, rows);
      } else {
        RandomStream stream = derive_stream(draw_seed, "stochastic assignment", b);
        stochastic_assign(scores, log_weights, block_stats, labels, stream, &row_log_likelihood, rows);
      }
      // The family accumulates Σ_j w_j r_kj T(x_j); the row outputs keep r.
      if (rows.weights) {
        family.accumulate(block, weighted_columns(scores.head_rows(k_count), rows.weights), block_stats);
      } else if (noise) {
        family.accumulate(block, scores.head_rows(k_count), block_stats);
      } else {
        family.accumulate(block, scores, block_stats);
      }

      // Each block writes only its own columns of the row outputs.
      const auto row = block.first_row() - first_row;
      const auto end_row = row + block.num_rows() - 1;
      if (outputs.responsibilities) outputs.responsibilities->cols(row, end_row) = scores.head_rows(output_rows);
      if (outputs.labels) outputs.labels->subvec(row, end_row) = labels;
      if (outputs.log_likelihood) outputs.log_likelihood->subvec(row, end_row) = row_log_likelihood;
    };
    for_each_block_into_slots(plan, zero, zero.size() * sizeof(double), run_block,
                              [&](std::size_t b, const SufficientStatistics& block_stats) { sum.push(b, block_stats); });
  } catch (...) {
    failure = std::current_exception();
  }
  return total_over_processes(plan, sum, zero, failure);
}

SufficientStatistics statistics_from_weights(const MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                             const arma::mat& weights) {
  const SufficientStatistics zero = model.make_statistics();
  SufficientStatistics block_stats = zero;
  BlockTreeSum<SufficientStatistics> sum;
  std::exception_ptr failure;
  // A family without parameters has no conditional expectations for a missing real cell yet: its first
  // M-step sees the column's observed mean there (and missing binary or categorical cells, which need no
  // parameters to drop out, as they are).
  arma::vec fill;
  if (data.missing_allowed && !model.family().has_parameters()) fill = observed_real_means(data, plan);
  try {
    const std::size_t first_row = plan.local_first_row();
    for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
      const DataBlock block = fill.is_empty() ? DataBlock(data, plan.begin(b), plan.size(b), b)
                                              : DataBlock(data, plan.begin(b), plan.size(b), b)
                                                    .with_missing_real_filled(fill);
      block_stats.zero();
      arma::mat block_weights = weights.cols(plan.begin(b) - first_row, plan.end(b) - 1 - first_row);
      const RowAnnotations rows = block_annotations(data, block);
      if (rows.weights) block_weights = weighted_columns(block_weights, rows.weights);
      block_stats.num_rows() = rows.weights ? arma::accu(arma::vec(const_cast<double*>(rows.weights), block.num_rows(),
                                                                   false, true))
                                            : static_cast<double>(block.num_rows());
      for (std::size_t k = 0; k < weights.n_rows; ++k) block_stats.count(k) = arma::accu(block_weights.row(k));
      model.family().accumulate(block, block_weights, block_stats);
      sum.push(b, block_stats);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  return total_over_processes(plan, sum, zero, failure);
}

arma::mat one_hot(const arma::uvec& labels, std::size_t num_components) {
  arma::mat weights(num_components, labels.n_elem, arma::fill::zeros);
  for (arma::uword n = 0; n < labels.n_elem; ++n) weights(labels(n), n) = 1.0;
  return weights;
}

}  // namespace mixfit
