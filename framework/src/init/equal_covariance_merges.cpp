// hc()'s EEE criterion as mclust 6.0.0 computes it (src/mclust.f hceee): merges under one covariance for all clusters.
//
// With a common covariance the classification likelihood depends on the
// clusters only through the pooled within-cluster scatter W = Σ_c W_c, and a
// merge of a and b adds the rank-one term v vᵀ, v = √(n_a n_b / n_ab)(m_a − m_b)
// (Fraley 1998). hceee keeps an upper-triangular R with RᵀR = W (rows added by
// Givens rotations, mclust's mclrup) and scores each candidate merge by W + v vᵀ:
//   while W has fewer than D merge vectors: the trace, tr W + ‖v‖² (Ward);
//   then, while log|W| stays below log t₀ (t₀ = tr of the total scatter / D,
//   data scaled by 1/√n): log(|W + vvᵀ| + tr(W + vvᵀ)), unless even the smallest
//   log|W + vvᵀ| reaches log t₀, when that smallest determinant decides;
//   from then on: log|W + vvᵀ| alone.
// Each step scores every pair against the current W, so a run costs O(n³D²),
// as mclust's does. Ties go to the last minimum in mclust's packed slot order.
#include "equal_covariance_merges.hpp"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace mixfit::detail {
namespace {

constexpr double kLargest = std::numeric_limits<double>::max();       // mclust's FLMAX
constexpr double kSmallest = 1.1102230246251565e-16;                   // mclust's EPSMIN

/// BLAS drotg: the rotation (c, s) with [c s; −s c][a; b] = [r; 0]; a becomes r.
void rotation(double& a, double& b, double& c, double& s) {
  const double scale = std::abs(a) + std::abs(b);
  if (scale == 0.0) {
    c = 1.0;
    s = 0.0;
    a = 0.0;
    b = 0.0;
    return;
  }
  const double root = std::abs(a) > std::abs(b) ? a : b;
  double r = scale * std::sqrt((a / scale) * (a / scale) + (b / scale) * (b / scale));
  if (root < 0.0) r = -r;
  c = a / r;
  s = b / r;
  a = r;
  b = 0.0;  // drotg overwrites b with a value nobody here reads
}

/// BLAS drot on x[0..count) and y[0..count) with strides.
void rotate(std::size_t count, double* x, std::size_t x_stride, double* y, std::size_t y_stride, double c, double s) {
  for (std::size_t t = 0; t < count; ++t) {
    const double xt = x[t * x_stride], yt = y[t * y_stride];
    x[t * x_stride] = c * xt + s * yt;
    y[t * y_stride] = c * yt - s * xt;
  }
}

/// mclust mclrup(l, D, v, R): adds the row v to the factor R (D×D, column-major) that holds l − 2 rows so far.
void add_row(std::size_t l, arma::mat& r, arma::vec v) {
  const std::size_t d = r.n_rows;
  if (l == 1) return;
  const std::size_t k = l - 1;  // the row count after this one
  double c = 0.0, s = 0.0;
  if (k <= d) {
    r.row(k - 1) = v.t();
    if (k == 1) return;
    // rotate row k against rows 1..k−1, zeroing its first k − 1 entries
    for (std::size_t i = 0; i + 1 < k; ++i) {
      rotation(r(i, i), r(k - 1, i), c, s);
      rotate(d - i - 1, &r(i, i + 1), d, &r(k - 1, i + 1), d, c, s);
    }
    return;
  }
  for (std::size_t i = 0; i + 1 < d; ++i) {
    rotation(r(i, i), v(i), c, s);
    rotate(d - i - 1, &r(i, i + 1), d, &v(i + 1), 1, c, s);
  }
  rotation(r(d - 1, d - 1), v(d - 1), c, s);
}

/// mclust detmc2: log|RᵀR| = 2 Σ log|r_ii|, or −FLMAX when a diagonal entry is 0.
double log_determinant(const arma::mat& r) {
  double sum = 0.0;
  for (arma::uword k = 0; k < r.n_rows; ++k) {
    if (r(k, k) == 0.0) return -kLargest;
    sum += std::log(std::abs(r(k, k)));
  }
  return 2.0 * sum;
}

struct Slot {
  std::size_t name = 0;  ///< the cluster's smallest row index
  double size = 1.0;
  arma::vec point;  ///< √n_c × the cluster's mean (of the data scaled by 1/√n)
};

/// One candidate merge: the merged point's weights and the rank-one term.
struct Candidate {
  double weight_i = 0.0, weight_j = 0.0;  ///< √(n_i/n_ij), √(n_j/n_ij)
  arma::vec term;                         ///< v = √(n_j/n_ij) x_i − √(n_i/n_ij) x_j
};

Candidate candidate(const Slot& a, const Slot& b) {
  const double merged = a.size + b.size;
  Candidate c;
  c.weight_i = std::sqrt(a.size / merged);
  c.weight_j = std::sqrt(b.size / merged);
  c.term = c.weight_j * a.point - c.weight_i * b.point;
  return c;
}

/// The pair a criterion prefers so far: the last minimum in mclust's slot order (`score <=`).
struct Choice {
  double score = kLargest;
  std::size_t i = 0, j = 1;
  Candidate candidate;
  double trace = 0.0;    ///< tr(W + vvᵀ) after the merge
  double log_det = 0.0;  ///< log|W + vvᵀ| (−FLMAX while W has fewer than D rows)
  arma::mat factor;      ///< R of W + vvᵀ, when the scoring built it

  void offer(double value, std::size_t slot_i, std::size_t slot_j, Candidate c, double merged_trace,
             double merged_log_det, arma::mat merged_factor) {
    if (!(value <= score)) return;
    score = value;
    i = slot_i;
    j = slot_j;
    candidate = std::move(c);
    trace = merged_trace;
    log_det = merged_log_det;
    factor = std::move(merged_factor);
  }
};

}  // namespace

MergeTree agglomerate_equal_covariance(const arma::mat& rows) {
  const std::size_t d = rows.n_rows;
  const std::size_t n = rows.n_cols;
  MergeTree tree;
  tree.num_rows = n;
  if (n < 2) return tree;
  const arma::mat x = rows / std::sqrt(static_cast<double>(n));
  // t₀ = Σ_k ‖(x̄ − x_k)/√D‖², the scaled total scatter's trace over D
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  const arma::vec centre = arma::sum(x, 1) * (scale / static_cast<double>(n));
  double total_trace = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const arma::vec s = centre - scale * x.col(k);
    total_trace += arma::dot(s, s);
  }
  const double threshold = std::log(total_trace + kSmallest);  // mclust's DELOG

  std::vector<Slot> slots(n);
  for (std::size_t i = 0; i < n; ++i) slots[i] = {i, 1.0, x.col(i)};
  arma::mat factor(d, d, arma::fill::zeros);
  std::size_t rows_added = 1;  // mclust's q
  double trace = 0.0;
  double log_det = -kLargest;
  while (slots.size() > 1) {
    const std::size_t count = slots.size();
    Choice best;
    if (rows_added < d) {
      // Too few merges for |W| > 0: Ward's trace criterion.
      for (std::size_t j = 1; j < count; ++j)
        for (std::size_t i = 0; i < j; ++i) {
          Candidate c = candidate(slots[i], slots[j]);
          const double t = std::max(trace + arma::dot(c.term, c.term), kSmallest);
          best.offer(t, i, j, std::move(c), t, -kLargest, {});
        }
      ++rows_added;
      add_row(rows_added, best.factor = factor, best.candidate.term);
    } else if (log_det < threshold) {
      // log(|W + vvᵀ| + tr(W + vvᵀ)), unless the smallest determinant already reaches the threshold.
      ++rows_added;
      Choice smallest_det;
      for (std::size_t j = 1; j < count; ++j)
        for (std::size_t i = 0; i < j; ++i) {
          Candidate c = candidate(slots[i], slots[j]);
          const double t = trace + arma::dot(c.term, c.term);
          arma::mat u = factor;
          add_row(rows_added, u, c.term);
          const double det = log_determinant(u);
          double z;
          if (t == 0.0) {
            z = -kLargest;
          } else {
            const double tz = std::max(t, kSmallest);
            if (det == -kLargest) z = std::log(tz);
            else if (det <= 0.0) z = std::log(std::exp(det) + tz);
            else z = std::log1p(tz * std::exp(-det)) + det;
          }
          smallest_det.offer(det, i, j, c, t, det, {});  // its factor is rebuilt only if it is taken
          best.offer(z, i, j, std::move(c), t, det, std::move(u));
        }
      if (!(smallest_det.score < threshold)) {
        best = std::move(smallest_det);
        add_row(rows_added, best.factor = factor, best.candidate.term);
      }
    } else {
      // |W + vvᵀ| alone.
      ++rows_added;
      for (std::size_t j = 1; j < count; ++j)
        for (std::size_t i = 0; i < j; ++i) {
          Candidate c = candidate(slots[i], slots[j]);
          arma::mat u = factor;
          add_row(rows_added, u, c.term);
          const double det = log_determinant(u);
          const double t = trace + arma::dot(c.term, c.term);
          best.offer(det, i, j, std::move(c), t, det, std::move(u));
        }
    }
    trace = best.trace;
    log_det = best.log_det;
    factor = std::move(best.factor);
    const std::size_t best_i = best.i, best_j = best.j;
    // Merge slot j into slot i; the last slot moves into j (mclust's bookkeeping).
    Slot& a = slots[best_i];
    const Slot& b = slots[best_j];
    tree.merges.emplace_back(std::min(a.name, b.name), std::max(a.name, b.name));
    a.point = best.candidate.weight_i * a.point + best.candidate.weight_j * b.point;
    a.size += b.size;
    a.name = std::min(a.name, b.name);
    if (best_j != count - 1) slots[best_j] = std::move(slots.back());
    slots.pop_back();
  }
  return tree;
}

}  // namespace mixfit::detail
