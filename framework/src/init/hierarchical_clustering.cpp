// Model-based agglomerative clustering as mclust 6.0.0's hc() computes it (R/mbahc.R, src/mclust.f hcvvv/hcvii/hceii;
// hceee in equal_covariance_merges.cpp).
//
// Each cluster keeps its size n, mean m and scatter W (VVV) or its trace
// (VII); merging a and b gives W_ab = W_a + W_b + (n_a n_b / n_ab) δδᵀ with
// δ = m_a − m_b. A merge costs d_ab = t(ab) − t(a) − t(b), where t is the
// cluster's term of −2 × the classification log-likelihood (constants left
// out) with mclust's regularisation (α, β):
//   VVV: t = n log(β(tr W + α)/n)                     for n ≤ D,
//        t = n log(|W/n| + β(tr W + α)/n)             otherwise (mclust vvvtij);
//   VII: t = n log((tr W + α)/n);
//   EII: d_ab = (n_a n_b / n_ab) ‖δ‖², Ward's increase in the within-cluster sum of squares.
// The pair costs live in mclust's packed slot order (slot j > i at j(j−1)/2 + i);
// a merge puts the new cluster in slot i and the last slot's cluster in slot
// j, and the next merge is the last minimum in that order, as in mclust.
#include "mixfit/init/hierarchical_clustering.hpp"

#include "equal_covariance_merges.hpp"
#include "mixfit/core/error.hpp"

#include <cmath>
#include <limits>

namespace mixfit {
namespace {

struct Cluster {
  std::size_t name = 0;  ///< its smallest row index
  double size = 1.0;
  arma::vec mean;
  arma::mat scatter;  ///< VVV only
  double trace = 0.0;
  double term = 0.0;  ///< t(cluster)
};

class Agglomeration {
 public:
  Agglomeration(const arma::mat& rows, MergeCriterion criterion) : criterion_(criterion), dimension_(rows.n_rows) {
    const double n = static_cast<double>(rows.n_cols);
    // mclust hcVVV/hcVII: alpha <- alpha * traceW(data / sqrt(n * p)), at least the machine epsilon.
    const arma::mat centred = rows.each_col() - arma::mean(rows, 1);
    alpha_ = std::max(arma::accu(arma::square(centred)) / (n * static_cast<double>(dimension_)),
                      std::numeric_limits<double>::epsilon());
    clusters_.resize(rows.n_cols);
    for (std::size_t i = 0; i < rows.n_cols; ++i) {
      Cluster& c = clusters_[i];
      c.name = i;
      c.mean = rows.col(i);
      if (criterion_ == MergeCriterion::VVV) c.scatter.zeros(dimension_, dimension_);
      c.term = term(1.0, 0.0, nullptr);
    }
  }

  MergeTree run() {
    MergeTree tree;
    tree.num_rows = clusters_.size();
    std::size_t slots = clusters_.size();
    if (slots < 2) return tree;
    costs_.resize(slots * (slots - 1) / 2);
    for (std::size_t j = 1; j < slots; ++j)
      for (std::size_t i = 0; i < j; ++i) costs_[index(i, j)] = merged(clusters_[i], clusters_[j]).cost;
    while (slots > 1) {
      // The last minimum of the packed order (mclust: if (qi .le. dopt)).
      const std::size_t count = slots * (slots - 1) / 2;
      std::size_t best = 0;
      for (std::size_t q = 1; q < count; ++q)
        if (costs_[q] <= costs_[best]) best = q;
      const auto [i, j] = slot_pair(best);
      Merge m = merged(clusters_[i], clusters_[j]);
      tree.merges.emplace_back(std::min(clusters_[i].name, clusters_[j].name),
                               std::max(clusters_[i].name, clusters_[j].name));
      clusters_[i] = std::move(m.cluster);
      const std::size_t last = slots - 1;
      if (j != last) {  // the last slot's cluster moves into slot j, with its costs (mclust wardsw)
        clusters_[j] = std::move(clusters_[last]);
        for (std::size_t k = 0; k < last; ++k)
          if (k != j) costs_[index(std::min(k, j), std::max(k, j))] = costs_[index(std::min(k, last), std::max(k, last))];
      }
      clusters_.pop_back();
      --slots;
      for (std::size_t k = 0; k < slots; ++k)
        if (k != i) costs_[index(std::min(k, i), std::max(k, i))] = merged(clusters_[i], clusters_[k]).cost;
    }
    return tree;
  }

 private:
  struct Merge {
    Cluster cluster;
    double cost = 0.0;
  };

  static std::size_t index(std::size_t i, std::size_t j) { return j * (j - 1) / 2 + i; }
  static std::pair<std::size_t, std::size_t> slot_pair(std::size_t q) {
    std::size_t j = static_cast<std::size_t>((1.0 + std::sqrt(1.0 + 8.0 * static_cast<double>(q))) / 2.0);
    while (j * (j - 1) / 2 > q) --j;
    while ((j + 1) * j / 2 <= q) ++j;
    return {q - j * (j - 1) / 2, j};
  }

  /// t(n, W): see the file's comment. `scatter` is W for VVV (nullptr: W = 0).
  double term(double n, double trace, const arma::mat* scatter) const {
    constexpr double beta = 1.0;
    switch (criterion_) {
      case MergeCriterion::VII:
        return n * std::log((trace + alpha_) / n);
      case MergeCriterion::EII:
        return 0.0;
      case MergeCriterion::VVV:
      case MergeCriterion::EEE:  // equal_covariance_merges.cpp
        break;
    }
    const double ridge = beta * (trace + alpha_) / n;
    if (n <= static_cast<double>(dimension_)) return n * std::log(ridge);
    if (trace == 0.0 || scatter == nullptr) return n * std::log(alpha_ * beta / n);
    double log_det = 0.0;
    arma::mat factor;
    if (!arma::chol(factor, *scatter / n)) return n * std::log(ridge);  // mclust det2mc's −FLMAX
    log_det = 2.0 * arma::accu(arma::log(factor.diag()));
    // log(exp(detlog) + ridge), written so neither term overflows (mclust vvvtij)
    if (log_det <= 0.0) return n * std::log(std::exp(log_det) + ridge);
    return n * (std::log1p(std::exp(-log_det) * ridge) + log_det);
  }

  Merge merged(const Cluster& a, const Cluster& b) const {
    Merge m;
    Cluster& c = m.cluster;
    c.name = std::min(a.name, b.name);
    c.size = a.size + b.size;
    const arma::vec delta = a.mean - b.mean;
    const double weight = a.size * b.size / c.size;
    c.mean = (a.size * a.mean + b.size * b.mean) / c.size;
    c.trace = a.trace + b.trace + weight * arma::dot(delta, delta);
    if (criterion_ == MergeCriterion::EII) {
      m.cost = weight * arma::dot(delta, delta);
      return m;
    }
    if (criterion_ == MergeCriterion::VVV) {
      c.scatter = a.scatter + b.scatter + weight * (delta * delta.t());
      c.term = term(c.size, c.trace, &c.scatter);
    } else {
      c.term = term(c.size, c.trace, nullptr);
    }
    m.cost = c.term - (a.term + b.term);
    return m;
  }

  MergeCriterion criterion_;
  std::size_t dimension_;
  double alpha_ = 1.0;
  std::vector<Cluster> clusters_;
  std::vector<double> costs_;
};

/// The columns of a D×n matrix whose every entry is finite (mclust hc's dropCols).
arma::mat finite_rows_only(const arma::mat& z) {
  std::vector<arma::uword> keep;
  for (arma::uword d = 0; d < z.n_rows; ++d)
    if (z.row(d).is_finite()) keep.push_back(d);
  return z.rows(arma::uvec(keep));
}

/// Centred rows (D×n), and scaled by the standard deviation (n − 1) when `scale` (R's scale()).
arma::mat centred(const arma::mat& rows, bool scale) {
  arma::mat z = rows.each_col() - arma::mean(rows, 1);
  if (scale) z.each_col() /= arma::stddev(rows, 0, 1);
  return z;
}

}  // namespace

MergeCriterion parse_merge_criterion(const std::string& name) {
  if (name == "VVV") return MergeCriterion::VVV;
  if (name == "EEE") return MergeCriterion::EEE;
  if (name == "VII") return MergeCriterion::VII;
  if (name == "EII") return MergeCriterion::EII;
  throw Error("hierarchical clustering: unknown merge model '" + name + "'; expected VVV, EEE, VII or EII");
}

MergeCoordinates parse_merge_coordinates(const std::string& name) {
  if (name == "VARS") return MergeCoordinates::VARS;
  if (name == "STD") return MergeCoordinates::STD;
  if (name == "SPH") return MergeCoordinates::SPH;
  if (name == "PCS") return MergeCoordinates::PCS;
  if (name == "PCR") return MergeCoordinates::PCR;
  if (name == "SVD") return MergeCoordinates::SVD;
  throw Error("hierarchical clustering: unknown 'use' '" + name + "'; expected VARS, STD, SPH, PCS, PCR or SVD");
}

arma::mat merge_coordinates(const arma::mat& rows, MergeCoordinates use) {
  const double n = static_cast<double>(rows.n_cols);
  arma::mat u, v;
  arma::vec s;
  switch (use) {
    case MergeCoordinates::VARS:
      return rows;
    case MergeCoordinates::STD:
      return finite_rows_only(centred(rows, true));
    case MergeCoordinates::PCR: {
      const arma::mat z = finite_rows_only(centred(rows, true));
      if (!arma::svd_econ(u, s, v, z.t(), "right")) throw NumericalError("hierarchical clustering: SVD failed");
      return v.t() * z;  // R: data %*% SVD$v
    }
    case MergeCoordinates::PCS: {
      const arma::mat z = centred(rows, false);
      if (!arma::svd_econ(u, s, v, z.t(), "right")) throw NumericalError("hierarchical clustering: SVD failed");
      return finite_rows_only(v.t() * z);
    }
    case MergeCoordinates::SPH: {
      const arma::mat z = centred(rows, false);
      const arma::mat sigma = z * z.t() / n;  // var(data) * (n − 1)/n
      if (!arma::svd(u, s, v, sigma)) throw NumericalError("hierarchical clustering: SVD failed");
      return finite_rows_only(arma::diagmat(1.0 / arma::sqrt(s)) * v.t() * z);
    }
    case MergeCoordinates::SVD: {
      const arma::mat z = finite_rows_only(centred(rows, true));
      if (!arma::svd_econ(u, s, v, z.t(), "right")) throw NumericalError("hierarchical clustering: SVD failed");
      // R: data %*% SVD$v %*% diag(1/sqrt(SVD$d)): the singular values' square roots, as mclust has it.
      return arma::diagmat(1.0 / arma::sqrt(s)) * v.t() * z;
    }
  }
  return rows;
}

MergeTree agglomerate(const arma::mat& rows, MergeCriterion criterion) {
  if (!rows.is_finite()) throw Error("hierarchical clustering: the rows hold a value that is not a finite number");
  if (criterion == MergeCriterion::EEE) return detail::agglomerate_equal_covariance(rows);
  return Agglomeration(rows, criterion).run();
}

arma::uvec cut_tree(const MergeTree& tree, std::size_t num_clusters) {
  const std::size_t n = tree.num_rows;
  if (num_clusters < 1 || num_clusters > n)
    throw Error("hierarchical clustering: cannot cut " + std::to_string(n) + " rows into " +
                std::to_string(num_clusters) + " clusters");
  // Union by the clusters' names: each row's name is the smallest row of its cluster.
  std::vector<std::size_t> name(n);
  for (std::size_t i = 0; i < n; ++i) name[i] = i;
  auto find = [&](std::size_t i) {
    while (name[i] != i) i = name[i] = name[name[i]];
    return i;
  };
  for (std::size_t m = 0; m + num_clusters < n; ++m) name[find(tree.merges[m].second)] = find(tree.merges[m].first);
  arma::uvec labels(n);
  std::vector<arma::uword> label_of(n, n);
  arma::uword next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t root = find(i);
    if (label_of[root] == n) label_of[root] = next++;
    labels(i) = label_of[root];
  }
  return labels;
}

}  // namespace mixfit
