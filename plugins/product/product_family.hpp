// ProductFamily: each component a product of independent parts, each part any registered family.
#pragma once

#include "mixfit/family/component_family.hpp"
#include "part_statistics.hpp"

#include <armadillo>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit {

/// One part of a product family: a family over some of the product's columns.
struct ProductPartFamily {
  std::unique_ptr<ComponentFamily> family;
  /// Positions of the part's columns among the product's D columns, in the
  /// part's order (the rows it fills in sample()).
  arma::uvec columns;
  std::string description;  ///< "part 1 (gaussian over z)", for messages
};

/// p(x | θ_k) = Π_p p_p(x_p | θ_kp): the parts see disjoint columns and are
/// independent given the component, so
///
///   log p(x | θ_k) = Σ_p log p_p(x_p | θ_kp)
///
/// and the complete-data log-likelihood separates by part: each part's
/// M-step needs only its own statistics and the shared counts N_k (PRML
/// §9.3.3 with a factorised component density). That is all this class does:
///
/// - stat_layout(): the parts' layouts one after another (PartStatSlice);
/// - log_likelihood(): the parts' K×n scores summed, in part order;
/// - accumulate()/maximize(): each part works on a copy of its slice of the
///   statistics, framework slots (counts) included, O(K·width) per call;
/// - sample(): each part draws its own rows of the D×n output;
/// - everything else delegates and combines: free parameters add up; MAP is
///   available if any part has a prior (the others, flat, take their ML step),
///   variational inference only if every part supports it;
/// - VB: the prior and the mean-field posterior factorise over parts too,
///   q(θ_k) = Π_p q(θ_kp), so E_q[log p(x | θ_k)] and KL(q || p) are the sums
///   of the parts' terms and each part's update_posterior needs only its slice.
///
/// The parts keep the storage rows of the product's columns, so they read
/// the product's DataBlocks unchanged. A part may itself be a product.
///
/// maximize(), load() and permute_components() work on copies of the parts
/// and keep them only if every part succeeded, so a failing part leaves the
/// whole family unchanged. Errors from a part name it ("part 1 (gaussian over z)").
class ProductFamily final : public ComponentFamily {
 public:
  /// Takes the parts. Throws Error if there are none, if a part has another
  /// number of components than `num_components`, or if the parts' columns are
  /// not a partition of 0..D−1 (D = the sum of the parts' dimensions).
  ProductFamily(std::size_t num_components, std::vector<ProductPartFamily> parts);
  ProductFamily(const ProductFamily& other);
  ProductFamily& operator=(const ProductFamily&) = delete;

  std::string_view name() const override { return "product"; }
  std::size_t dimension() const override { return dimension_; }
  std::size_t num_components() const override { return num_components_; }
  /// maximum_a_posteriori if any part has it (its prior; the others' are flat),
  /// variational if every part has it.
  Capabilities capabilities() const override;
  /// Σ_p of the parts' counts.
  std::size_t num_free_parameters() const override;
  std::unique_ptr<ComponentFamily> clone() const override;
  StatLayout stat_layout() const override { return layout_; }

  /// scores = Σ_p scores_p (K×n), summed in part order.
  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  /// Each part's M-step on its slice; under MAP, parts without a prior take their ML step.
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;
  /// Each part's set_prior_from_data on its slice of the pooled statistics.
  void set_prior_from_data(const SufficientStatistics& pooled) override;
  /// scores = Σ_p E_q[log p_p(x_p | θ_kp)] (K×n), summed in part order.
  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  /// Each part's conjugate update on its slice; all parts or none are updated.
  void update_posterior(const SufficientStatistics& stats) override;
  /// Σ_p of the parts' KL(q || p), in part order.
  double kl_to_prior() const override;
  /// True when every part has a posterior.
  bool has_posterior() const override;
  /// Each part's domains at its columns' positions (real where a part states none).
  std::vector<ColumnDomain> column_domains() const override;
  /// The parts' moments at their columns' positions (block-diagonal: the parts are independent given k), when
  /// every part reports them.
  std::optional<DistributionMoments> component_moments(std::size_t k) const override;
  /// Part by part on the same stream, each filling its own rows of `out` (D×n).
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  /// components: [{parts: [part 0's component k, part 1's, ...]}, ...] and, if
  /// any part has shared parameters, shared: {parts: [part 0's shared or null, ...]};
  /// likewise prior: {parts: [...]} if any part saves its prior (a variational posterior).
  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override;

  std::size_t num_parts() const { return parts_.size(); }
  const ComponentFamily& part(std::size_t p) const { return *parts_.at(p).family; }
  /// Where part p's statistics sit in this family's.
  const PartStatSlice& part_slice(std::size_t p) const { return slices_.at(p); }

 private:
  /// scores = Σ_p (part.*score)(block), checking each part's shape and naming a failing part.
  void sum_part_scores(const DataBlock& block, arma::mat& scores,
                       void (ComponentFamily::*score)(const DataBlock&, arma::mat&) const) const;
  /// Runs `update` on a copy of every part and swaps the copies in only if
  /// all succeed; a part's error is rethrown naming the part.
  template <class Update>
  void update_parts(Update update);

  std::size_t num_components_;
  std::size_t dimension_ = 0;
  std::vector<ProductPartFamily> parts_;
  std::vector<PartStatSlice> slices_;
  StatLayout layout_;
};

}  // namespace mixfit
