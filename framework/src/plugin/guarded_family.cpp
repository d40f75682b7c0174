// GuardedFamily: plain forwarding, each call inside one try block.
#include "mixfit/plugin/guarded_family.hpp"

#include "mixfit/core/error.hpp"

#include <exception>

namespace mixfit {

GuardedFamily::GuardedFamily(std::unique_ptr<ComponentFamily> family, std::string family_name,
                             std::string plugin_source)
    : family_(std::move(family)), family_name_(std::move(family_name)), plugin_source_(std::move(plugin_source)) {}

void GuardedFamily::fail(const char* method, const std::string& what) const {
  throw PluginError("family '" + family_name_ + "' (plugin " + plugin_source_ + ") failed in " + method + ": " + what);
}

template <typename Call>
decltype(auto) GuardedFamily::guard(const char* method, Call&& call) const {
  try {
    return call();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(method, e.what());
  } catch (...) {
    fail(method, "it threw something that is not a std::exception");
  }
}

std::string_view GuardedFamily::name() const {
  return guard("name()", [&] { return family_->name(); });
}
std::size_t GuardedFamily::dimension() const {
  return guard("dimension()", [&] { return family_->dimension(); });
}
std::size_t GuardedFamily::num_components() const {
  return guard("num_components()", [&] { return family_->num_components(); });
}
Capabilities GuardedFamily::capabilities() const {
  return guard("capabilities()", [&] { return family_->capabilities(); });
}
std::size_t GuardedFamily::num_free_parameters() const {
  return guard("num_free_parameters()", [&] { return family_->num_free_parameters(); });
}
std::unique_ptr<ComponentFamily> GuardedFamily::clone() const {
  return guard("clone()", [&]() -> std::unique_ptr<ComponentFamily> {
    return std::make_unique<GuardedFamily>(family_->clone(), family_name_, plugin_source_);
  });
}
StatLayout GuardedFamily::stat_layout() const {
  return guard("stat_layout()", [&] { return family_->stat_layout(); });
}
void GuardedFamily::log_likelihood(const DataBlock& block, arma::mat& scores) const {
  guard("log_likelihood()", [&] { family_->log_likelihood(block, scores); });
}
void GuardedFamily::accumulate(const DataBlock& block, const arma::mat& weights, SufficientStatistics& out) const {
  guard("accumulate()", [&] { family_->accumulate(block, weights, out); });
}
void GuardedFamily::maximize(const SufficientStatistics& stats, Estimator estimator) {
  guard("maximize()", [&] { family_->maximize(stats, estimator); });
}
void GuardedFamily::sample(std::size_t k, std::size_t n, RandomStream& stream, arma::mat& out) const {
  guard("sample()", [&] { family_->sample(k, n, stream, out); });
}
void GuardedFamily::save(YAML::Emitter& out) const {
  guard("save()", [&] { family_->save(out); });
}
void GuardedFamily::load(const YAML::Node& model, const std::string& source) {
  guard("load()", [&] { family_->load(model, source); });
}
void GuardedFamily::permute_components(const arma::uvec& order) {
  guard("permute_components()", [&] { family_->permute_components(order); });
}
bool GuardedFamily::has_parameters() const {
  return guard("has_parameters()", [&] { return family_->has_parameters(); });
}
void GuardedFamily::set_prior_from_data(const SufficientStatistics& pooled) {
  guard("set_prior_from_data()", [&] { family_->set_prior_from_data(pooled); });
}
void GuardedFamily::expected_log_likelihood(const DataBlock& block, arma::mat& scores) const {
  guard("expected_log_likelihood()", [&] { family_->expected_log_likelihood(block, scores); });
}
void GuardedFamily::update_posterior(const SufficientStatistics& stats) {
  guard("update_posterior()", [&] { family_->update_posterior(stats); });
}
double GuardedFamily::kl_to_prior() const {
  return guard("kl_to_prior()", [&] { return family_->kl_to_prior(); });
}
bool GuardedFamily::has_posterior() const {
  return guard("has_posterior()", [&] { return family_->has_posterior(); });
}
std::vector<ColumnDomain> GuardedFamily::column_domains() const {
  return guard("column_domains()", [&] { return family_->column_domains(); });
}
std::optional<DistributionMoments> GuardedFamily::component_moments(std::size_t k) const {
  return guard("component_moments()", [&] { return family_->component_moments(k); });
}

}  // namespace mixfit
