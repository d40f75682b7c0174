// Conformance check of save() and load(): an exact round trip of parameters and, where kept, the posterior.
#include "checks.hpp"

#include "mixfit/core/error.hpp"

namespace mixfit::conformance::detail {
namespace {

/// save → load into a new family → save. Returns "" or what differed.
std::string round_trip_problem(const FamilyCase& family_case, const ComponentFamily& original, const Dataset& data,
                               const std::string& what) {
  const std::string text = saved_text(original);
  std::unique_ptr<ComponentFamily> loaded = family_case.make_family();
  loaded->load(YAML::Load(text), "saved " + what);
  if (!loaded->has_parameters()) return what + ": load() left the family without parameters";
  const std::string again = saved_text(*loaded);
  if (again != text) return what + ": saving the loaded family gives other text:\n" + text + "\n---\n" + again;
  if (!identical(scores_of(*loaded, data), scores_of(original, data)))
    return what + ": log_likelihood() of the loaded family differs from the original's";
  if (original.has_posterior()) {
    if (!loaded->has_posterior()) return what + ": the saved posterior was not loaded";
    if (!identical(expected_scores_of(*loaded, data), expected_scores_of(original, data)))
      return what + ": expected_log_likelihood() of the loaded family differs from the original's";
    if (loaded->kl_to_prior() != original.kl_to_prior())
      return what + ": kl_to_prior() of the loaded family is " + number_text(loaded->kl_to_prior()) + ", the original's " +
             number_text(original.kl_to_prior());
  }
  return {};
}

}  // namespace

CheckResult check_save_load_round_trip(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"save_load_round_trip", false, {}};
  const Dataset& data = fixture.sample.data;
  if (std::string problem = round_trip_problem(family_case, *fixture.truth, data, "parameters"); !problem.empty()) {
    result.detail = problem;
    return result;
  }
  result.detail = "parameters: same text, identical scores";
  if (fixture.truth->capabilities().variational) {
    std::unique_ptr<ComponentFamily> fitted = family_with_data_prior(family_case, fixture);
    fitted->update_posterior(statistics_for(*fitted, data, random_weights(fitted->num_components(),
                                                                          data.num_rows(), family_case.seed, 3)));
    if (std::string problem = round_trip_problem(family_case, *fitted, data, "posterior"); !problem.empty()) {
      result.detail = problem;
      return result;
    }
    result.detail += "; posterior: same text, identical expected scores and KL";
  }
  result.passed = true;
  return result;
}

}  // namespace mixfit::conformance::detail
