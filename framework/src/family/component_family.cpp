// Default implementations of ComponentFamily's optional (variational) methods: they say what is missing.
#include "mixfit/family/component_family.hpp"

#include "mixfit/core/error.hpp"

#include <string>

namespace mixfit {
namespace {

[[noreturn]] void not_variational(const ComponentFamily& family, const char* method) {
  throw Error("family '" + std::string(family.name()) + "' does not implement variational Bayes (" + method +
              "); use inference.algorithm: em");
}

}  // namespace

void ComponentFamily::expected_log_likelihood(const DataBlock&, arma::mat&) const {
  not_variational(*this, "expected_log_likelihood");
}

void ComponentFamily::update_posterior(const SufficientStatistics&) { not_variational(*this, "update_posterior"); }

double ComponentFamily::kl_to_prior() const { not_variational(*this, "kl_to_prior"); }

}  // namespace mixfit
