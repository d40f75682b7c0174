// SufficientStatistics: the additive value every algorithm, thread and rank exchanges.
#pragma once

#include "mixfit/stats/stat_layout.hpp"

#include <armadillo>

#include <cstddef>
#include <span>

namespace mixfit {

/// One contiguous buffer of doubles:
///
///   [num_rows | log_likelihood | assignment_entropy | count[0..K) | component 0 | ... | component K-1 | shared]
///
/// The first three slots and the counts belong to the framework (the E-step
/// fills them); the component and shared slots belong to the family's
/// `accumulate`. Everything is a plain sum over rows, so statistics of two
/// blocks add, and a flat buffer can cross threads, files and MPI unchanged.
class SufficientStatistics {
 public:
  SufficientStatistics() = default;
  explicit SufficientStatistics(StatLayout layout);

  const StatLayout& layout() const { return layout_; }
  std::size_t num_components() const { return layout_.num_components; }

  // Framework slots.
  double& num_rows() { return buffer_[0]; }
  double num_rows() const { return buffer_[0]; }
  /// Σ_n log p(x_n) (EM) or Σ_n log Σ_k exp(score) (VB): the E-step's normaliser.
  double& log_likelihood() { return buffer_[1]; }
  double log_likelihood() const { return buffer_[1]; }
  /// −Σ_n Σ_k z_nk log r_nk for the weights z the E-step assigned: under soft
  /// assignment (z = r) the assignment's entropy (ICL, ELBO), under hard
  /// −Σ_n log max_k r_nk. log_likelihood() minus it is the classification
  /// log-likelihood Σ_n Σ_k z_nk log(π_k p(x_n | θ_k)).
  double& assignment_entropy() { return buffer_[2]; }
  double assignment_entropy() const { return buffer_[2]; }
  /// N_k = Σ_n r_nk.
  double& count(std::size_t k) { return buffer_[kHeader + k]; }
  double count(std::size_t k) const { return buffer_[kHeader + k]; }
  arma::vec counts() const;

  // Family slots.
  std::span<double> component(std::size_t k);
  std::span<const double> component(std::size_t k) const;
  std::span<double> shared();
  std::span<const double> shared() const;

  /// An aliasing rows×cols matrix over `component(k)` starting at `offset`
  /// (column-major). Writes through it go into the buffer.
  arma::mat component_matrix(std::size_t k, std::size_t offset, std::size_t rows, std::size_t cols);
  const arma::mat component_matrix(std::size_t k, std::size_t offset, std::size_t rows, std::size_t cols) const;
  arma::mat shared_matrix(std::size_t offset, std::size_t rows, std::size_t cols);
  const arma::mat shared_matrix(std::size_t offset, std::size_t rows, std::size_t cols) const;

  /// Whole buffer, for reductions (threads, MPI) and checkpoints.
  double* data() { return buffer_.memptr(); }
  const double* data() const { return buffer_.memptr(); }
  std::size_t size() const { return buffer_.n_elem; }

  void zero() { buffer_.zeros(); }
  /// Element-wise sum; the layouts must agree.
  SufficientStatistics& operator+=(const SufficientStatistics& other);
  SufficientStatistics& operator-=(const SufficientStatistics& other);
  void scale(double factor) { buffer_ *= factor; }

 private:
  static constexpr std::size_t kHeader = 3;
  std::size_t component_offset(std::size_t k) const {
    return kHeader + layout_.num_components + k * layout_.component_width;
  }
  std::size_t shared_offset() const { return component_offset(layout_.num_components); }

  StatLayout layout_;
  arma::vec buffer_;
};

}  // namespace mixfit
