// GuardedFamily: the registry's wrapper around every family a plugin builds, so that a plugin's exception names it.
#pragma once

#include "mixfit/family/component_family.hpp"

#include <memory>
#include <string>

namespace mixfit {

/// Forwards every call to a family built by a plugin's factory. A mixfit
/// Error passes through unchanged (it already says what and where); any other
/// exception — a std::exception or anything else a plugin throws — becomes a
/// PluginError naming the family, its plugin library and the method, so a
/// faulty plugin cannot take a run down without saying which it was. The
/// check costs one extra virtual call per block, never per point.
class GuardedFamily final : public ComponentFamily {
 public:
  GuardedFamily(std::unique_ptr<ComponentFamily> family, std::string family_name, std::string plugin_source);

  /// The wrapped family (tests and tools that need its concrete type).
  const ComponentFamily& inner() const { return *family_; }

  std::string_view name() const override;
  std::size_t dimension() const override;
  std::size_t num_components() const override;
  Capabilities capabilities() const override;
  std::size_t num_free_parameters() const override;
  std::unique_ptr<ComponentFamily> clone() const override;
  StatLayout stat_layout() const override;
  void log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  void accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const override;
  void maximize(const SufficientStatistics& stats, Estimator estimator) override;
  void sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const override;
  void save(YAML::Emitter& out) const override;
  void load(const YAML::Node& model, const std::string& source) override;
  void permute_components(const arma::uvec& order) override;
  bool has_parameters() const override;
  void set_prior_from_data(const SufficientStatistics& pooled) override;
  void expected_log_likelihood(const DataBlock& block, arma::mat& scores) const override;
  void update_posterior(const SufficientStatistics& stats) override;
  double kl_to_prior() const override;
  bool has_posterior() const override;
  std::vector<ColumnDomain> column_domains() const override;
  std::optional<DistributionMoments> component_moments(std::size_t k) const override;

 private:
  /// Runs `call`, turning a foreign exception into a PluginError about `method`.
  template <typename Call>
  decltype(auto) guard(const char* method, Call&& call) const;
  [[noreturn]] void fail(const char* method, const std::string& what) const;

  std::unique_ptr<ComponentFamily> family_;
  std::string family_name_;
  std::string plugin_source_;
};

}  // namespace mixfit
