// A plugin whose family builds and initialises, then throws a plain std::out_of_range from log_likelihood()
// (the first E-step), as a buggy family might: the run must fail with an error naming family and plugin.
#include "mixfit/plugin/plugin_api.hpp"

#include <stdexcept>

namespace {

class ThrowingFamily final : public mixfit::ComponentFamily {
 public:
  ThrowingFamily(std::size_t k, std::size_t d) : k_(k), d_(d) {}
  std::string_view name() const override { return "throws_in_fit"; }
  std::size_t dimension() const override { return d_; }
  std::size_t num_components() const override { return k_; }
  std::size_t num_free_parameters() const override { return 0; }
  std::unique_ptr<mixfit::ComponentFamily> clone() const override { return std::make_unique<ThrowingFamily>(*this); }
  mixfit::StatLayout stat_layout() const override {
    mixfit::StatLayout layout;
    layout.num_components = k_;
    return layout;
  }
  void log_likelihood(const mixfit::DataBlock&, arma::mat&) const override {
    throw std::out_of_range("vector::_M_range_check: __n (which is 7) >= this->size() (which is 2)");
  }
  void accumulate(const mixfit::DataBlock&, const arma::mat&, mixfit::SufficientStatistics&) const override {}
  void maximize(const mixfit::SufficientStatistics&, mixfit::Estimator) override { fitted_ = true; }
  void sample(std::size_t, std::size_t n, mixfit::RandomStream&, arma::mat& out) const override { out.zeros(d_, n); }
  void save(YAML::Emitter&) const override {}
  void load(const YAML::Node&, const std::string&) override { fitted_ = true; }
  void permute_components(const arma::uvec&) override {}
  bool has_parameters() const override { return fitted_; }

 private:
  std::size_t k_, d_;
  bool fitted_ = false;
};

void register_throwing_family(mixfit::FamilyRegistry& registry) {
  mixfit::FamilyEntry entry;
  entry.name = "throws_in_fit";
  entry.summary = "builds, then throws from log_likelihood()";
  entry.factory = [](const mixfit::FamilySpec& spec) -> std::unique_ptr<mixfit::ComponentFamily> {
    return std::make_unique<ThrowingFamily>(spec.num_components, spec.dimension());
  };
  registry.add(std::move(entry));
}

}  // namespace

MIXFIT_PLUGIN("throwing_family", "0.0.1", register_throwing_family)
