// The conformance driver: builds the fixture once, runs every applicable check, turns exceptions into failures.
#include "mixfit/conformance/family_conformance.hpp"

#include "checks.hpp"

#include <exception>

namespace mixfit::conformance {
namespace {

using Check = CheckResult (*)(const FamilyCase&, const detail::Fixture&);

CheckResult run_check(const char* name, Check check, const FamilyCase& family_case, const detail::Fixture& fixture) {
  try {
    return check(family_case, fixture);
  } catch (const std::exception& e) {
    return {name, false, std::string("threw: ") + e.what()};
  }
}

}  // namespace

std::vector<CheckResult> check_family(const FamilyCase& family_case) {
  detail::Fixture fixture;
  try {
    fixture.truth = detail::family_with_parameters(family_case);
    fixture.sample = detail::draw_sample(*fixture.truth, family_case);
  } catch (const std::exception& e) {
    return {{"setup", false, std::string("loading the parameters or drawing the sample threw: ") + e.what()}};
  }
  struct Named {
    const char* name;
    Check check;
  };
  std::vector<Named> checks = {
      {"sampling_reproducible", &detail::check_sampling_reproducible},
      {"log_likelihood_finite", &detail::check_log_likelihood_finite},
      {"log_likelihood_normalised", &detail::check_log_likelihood_normalised},
      {"accumulate_additive", &detail::check_accumulate_additive},
      {"accumulate_linear", &detail::check_accumulate_linear},
      {"save_load_round_trip", &detail::check_save_load_round_trip},
      {"permute_components", &detail::check_permute_components},
      {"maximum_likelihood_refit", &detail::check_maximum_likelihood_refit},
      {"em_monotone", &detail::check_em_monotone},
      {"identical_across_threads", &detail::check_identical_across_threads},
  };
  if (fixture.truth->capabilities().variational) {
    checks.push_back({"variational_prior_kl", &detail::check_variational_prior_kl});
    checks.push_back({"variational_consistency", &detail::check_variational_consistency});
    checks.push_back({"vb_monotone", &detail::check_vb_monotone});
  }
  std::vector<CheckResult> results;
  for (const auto& [name, reason] : family_case.not_applicable) {
    bool known = false;
    for (const Named& named : checks) known = known || name == named.name;
    if (!known) results.push_back({name, false, "listed as not applicable, but no check of this family has that name"});
  }
  for (const Named& named : checks) {
    const auto excused = family_case.not_applicable.find(named.name);
    if (excused != family_case.not_applicable.end())
      results.push_back({named.name, true, excused->second, false});
    else
      results.push_back(run_check(named.name, named.check, family_case, fixture));
  }
  return results;
}

bool all_passed(const std::vector<CheckResult>& results) {
  for (const CheckResult& result : results)
    if (!result.passed) return false;
  return !results.empty();
}

std::string report(const std::vector<CheckResult>& results) {
  std::string text;
  for (const CheckResult& result : results)
    text += (!result.applicable ? "N/A " : result.passed ? "PASS " : "FAIL ") + result.check + ": " + result.detail + "\n";
  return text;
}

}  // namespace mixfit::conformance
