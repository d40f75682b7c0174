// Soft, hard and stochastic assignment with log-sum-exp normalisation.
#include "mixfit/inference/e_step.hpp"

#include "mixfit/core/log_sum_exp.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/math/vector_clones.hpp"
#include "mixfit/math/vector_math.hpp"

#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace mixfit {

namespace {

// Entries of scores per tile of soft_assign: two 16 KiB arrays, half of a 32 KiB L1 data cache between them.
constexpr arma::uword kSoftAssignTileEntries = 2048;

// Column reductions over k run as four interleaved partial results combined
// at the end: a fixed order (so the same bits on every run), and four
// independent chains instead of one serial chain of K additions.
[[gnu::always_inline]] inline double column_max(const double* column, arma::uword k_count) {
  const double inf = std::numeric_limits<double>::infinity();
  double m[4] = {-inf, -inf, -inf, -inf};
  arma::uword k = 0;
  for (; k + 4 <= k_count; k += 4)
    for (int i = 0; i < 4; ++i) m[i] = std::max(m[i], column[k + i]);
  for (; k < k_count; ++k) m[0] = std::max(m[0], column[k]);
  return std::max(std::max(m[0], m[1]), std::max(m[2], m[3]));
}

[[gnu::always_inline]] inline double column_sum(const double* column, arma::uword k_count) {
  double s[4] = {0.0, 0.0, 0.0, 0.0};
  arma::uword k = 0;
  for (; k + 4 <= k_count; k += 4)
    for (int i = 0; i < 4; ++i) s[i] += column[k + i];
  for (; k < k_count; ++k) s[0] += column[k];
  return (s[0] + s[1]) + (s[2] + s[3]);
}

// r_k = e_k / Σ e; w r_k added to the counts and its entropy term w r_k (s_k − l)
// to the per-component entropy sums (−0 where r_k = 0, never 0·(−∞)); w = 1
// changes no bit. Branch-free so it vectorises.
[[gnu::always_inline]] inline void normalise_column(double* __restrict column, const double* __restrict term, arma::uword k_count, double total,
                      double l, double w, double* __restrict surprisal, double* __restrict counts) {
  for (arma::uword k = 0; k < k_count; ++k) {
    const double r = term[k] / total;
    const double gap = std::max(column[k] - l, -std::numeric_limits<double>::max());
    surprisal[k] += r * gap * w;
    column[k] = r;
    counts[k] += r * w;
  }
}

// A row whose component z is known: one-hot at z, log π_z + log p(x | θ_z) to the log-likelihood.
// Returns that log-likelihood term.
double assign_known(double* column, arma::uword k_count, arma::uword z, double w, double* counts) {
  const double l = column[z];
  for (arma::uword k = 0; k < k_count; ++k) column[k] = k == z ? 1.0 : 0.0;
  if (z < k_count) counts[z] += w;
  return l;
}

// w·term, with a row of weight 0 adding exactly nothing (never 0·(−∞)).
double weighted(double w, double term) { return w == 0.0 ? 0.0 : w * term; }

// One-hot weights at the component `choose(column, k_count, l)` picks for each row (column of log ρ, its
// log-sum-exp l): the mixture log density to log_likelihood, −log r of the chosen component to
// assignment_entropy, and one row to its count.
template <class Choose>
void one_hot_assign(arma::mat& scores, const arma::vec& log_weights, SufficientStatistics& stats, arma::uvec& labels,
                    arma::vec* row_log_likelihood, RowAnnotations rows, Choose choose) {
  const arma::uword k_count = scores.n_rows;
  const arma::uword n = scores.n_cols;
  scores.each_col() += log_weights;
  labels.set_size(n);
  if (row_log_likelihood) row_log_likelihood->set_size(n);
  double log_likelihood = 0.0, entropy = 0.0, total_weight = 0.0;
  for (arma::uword j = 0; j < n; ++j) {
    double* column = scores.colptr(j);
    const double w = rows.weights ? rows.weights[j] : 1.0;
    total_weight += w;
    const arma::uword known = rows.known_labels ? rows.known_labels[j] : kUnknownLabel;
    const double l = known != kUnknownLabel ? column[known] : log_sum_exp(column, k_count);
    log_likelihood += weighted(w, l);
    if (row_log_likelihood) (*row_log_likelihood)(j) = l;
    const arma::uword chosen = known != kUnknownLabel ? known : choose(column, k_count, l);
    // −log r_j,chosen: what the one-hot label costs against the soft posterior (nothing for a known label)
    if (known == kUnknownLabel) entropy += weighted(w, l - column[chosen]);
    labels(j) = chosen;
    for (arma::uword k = 0; k < k_count; ++k) column[k] = (k == chosen) ? 1.0 : 0.0;
    stats.count(chosen) += w;
  }
  stats.num_rows() += rows.weights ? total_weight : static_cast<double>(n);
  stats.log_likelihood() += log_likelihood;
  stats.assignment_entropy() += entropy;
}

}  // namespace

// Compiled for AVX2 as well as the baseline (its loops over k are 4 doubles wide there, not 2). The AVX2 build
// fuses multiply-adds, so its last bits may differ from the baseline's, as for every vector kernel; the
// manifest records which build ran, and both are the same for any number of threads or ranks.
MIXFIT_VECTOR_CLONES void soft_assign(arma::mat& scores, const arma::vec& log_weights, SufficientStatistics& stats,
                                      arma::vec* row_log_likelihood, RowAnnotations rows) {
  const arma::uword k_count = scores.n_rows;
  const arma::uword n = scores.n_cols;
  if (row_log_likelihood) row_log_likelihood->set_size(n);
  // The block goes in tiles of about 2048 entries (16 KiB of scores, 16 KiB of exponentials), so the four
  // passes over a tile below read it from L1 instead of streaming the block's K×n scores (512 KiB at
  // K = 16) through L2 and L3 four times. Every row is computed exactly as it would be untiled.
  const arma::uword tile = std::max<arma::uword>(1, kSoftAssignTileEntries / std::max<arma::uword>(1, k_count));
  // Reused by the thread's next tile and block (issue 16, item 4: fresh buffers were mapped and page-faulted).
  thread_local std::vector<double> scratch;
  scratch.resize(tile * (k_count + 3));
  double* const terms = scratch.data();
  double* const peaks = terms + tile * k_count;
  double* const totals = peaks + tile;
  double* const log_totals = totals + tile;

  double log_likelihood = 0.0, total_weight = 0.0;
  arma::vec counts(k_count, arma::fill::zeros);
  arma::vec surprisal(k_count, arma::fill::zeros);  // Σ_j w_j r_kj (s_kj − l_j) per component
  for (arma::uword first = 0; first < n; first += tile) {
    const arma::uword width = std::min(tile, n - first);
    // log-sum-exp per column: r_k = e_k / Σ e with e_k = exp(s_k − max s), and
    // log p(x) = max s + log Σ e. The tile's exps go through one vectorised
    // call: one exp per entry, the dominant cost of the E-step.
    for (arma::uword i = 0; i < width; ++i) {
      double* column = scores.colptr(first + i);
      for (arma::uword k = 0; k < k_count; ++k) column[k] += log_weights[k];
      const double peak = column_max(column, k_count);
      peaks[i] = peak;
      double* term = terms + i * k_count;
      // An all −inf column (no component can produce the row) is left to the scalar path below.
      const double offset = std::isfinite(peak) ? peak : 0.0;
      for (arma::uword k = 0; k < k_count; ++k) term[k] = std::min(column[k] - offset, 0.0);
    }
    exp_nonpositive_in_place(terms, width * k_count);
    // Σ_k e_k ∈ [1, K] per column (1 for the all −inf columns), then their logs in one vectorised call.
    for (arma::uword i = 0; i < width; ++i)
      totals[i] = log_totals[i] = std::isfinite(peaks[i]) ? column_sum(terms + i * k_count, k_count) : 1.0;
    log_positive_in_place(log_totals, width);

    for (arma::uword i = 0; i < width; ++i) {
      const arma::uword j = first + i;
      double* column = scores.colptr(j);
      const double* term = terms + i * k_count;
      const double peak = peaks[i];
      const double w = rows.weights ? rows.weights[j] : 1.0;
      total_weight += w;
      if (rows.known_labels && rows.known_labels[j] != kUnknownLabel) {
        const double l = assign_known(column, k_count, rows.known_labels[j], w, counts.memptr());
        log_likelihood += weighted(w, l);
        if (row_log_likelihood) (*row_log_likelihood)(j) = l;
        continue;
      }
      const double l = std::isfinite(peak) ? peak + log_totals[i] : peak;
      log_likelihood += weighted(w, l);
      if (row_log_likelihood) (*row_log_likelihood)(j) = l;
      if (std::isfinite(peak)) {
        normalise_column(column, term, k_count, totals[i], l, w, surprisal.memptr(), counts.memptr());
      } else {
        for (arma::uword k = 0; k < k_count; ++k) {
          const double r = std::exp(column[k] - l);
          surprisal(k) += r > 0.0 ? weighted(w, r * (column[k] - l)) : 0.0;
          column[k] = r;
          counts(k) += r * w;
        }
      }
    }
  }
  const double entropy = -arma::accu(surprisal);
  stats.num_rows() += rows.weights ? total_weight : static_cast<double>(n);
  stats.log_likelihood() += log_likelihood;
  stats.assignment_entropy() += entropy;
  // A row beyond the statistics' components (the noise component's) has no count slot: N₀ = N − Σ_k N_k.
  const arma::uword counted = std::min<arma::uword>(k_count, stats.num_components());
  for (arma::uword k = 0; k < counted; ++k) stats.count(k) += counts(k);
}

void hard_assign(arma::mat& scores, const arma::vec& log_weights, SufficientStatistics& stats, arma::uvec& labels,
                 arma::vec* row_log_likelihood, RowAnnotations rows) {
  one_hot_assign(scores, log_weights, stats, labels, row_log_likelihood, rows,
                 [](const double* column, arma::uword k_count, double) {
                   arma::uword best = 0;
                   for (arma::uword k = 1; k < k_count; ++k)
                     if (column[k] > column[best]) best = k;
                   return best;
                 });
}

void stochastic_assign(arma::mat& scores, const arma::vec& log_weights, SufficientStatistics& stats,
                       arma::uvec& labels, RandomStream& stream, arma::vec* row_log_likelihood,
                       RowAnnotations rows) {
  boost::random::uniform_01<double> uniform;
  one_hot_assign(scores, log_weights, stats, labels, row_log_likelihood, rows,
                 [&](const double* column, arma::uword k_count, double l) {
                   // The first k whose cumulative responsibility exceeds u ~ U[0, 1); rounding leaves the last k
                   // with the rest.
                   const double u = uniform(stream);
                   double cumulative = 0.0;
                   for (arma::uword k = 0; k + 1 < k_count; ++k) {
                     cumulative += std::exp(column[k] - l);
                     if (u < cumulative) return k;
                   }
                   return k_count - 1;
                 });
}

}  // namespace mixfit
