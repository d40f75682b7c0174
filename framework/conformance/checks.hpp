// The individual conformance checks (see family_conformance.hpp for what each asserts).
#pragma once

#include "conformance_support.hpp"

namespace mixfit::conformance::detail {

CheckResult check_sampling_reproducible(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_log_likelihood_finite(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_log_likelihood_normalised(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_permute_components(const FamilyCase& family_case, const Fixture& fixture);

CheckResult check_accumulate_additive(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_accumulate_linear(const FamilyCase& family_case, const Fixture& fixture);

CheckResult check_save_load_round_trip(const FamilyCase& family_case, const Fixture& fixture);

CheckResult check_maximum_likelihood_refit(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_variational_prior_kl(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_variational_consistency(const FamilyCase& family_case, const Fixture& fixture);

CheckResult check_em_monotone(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_vb_monotone(const FamilyCase& family_case, const Fixture& fixture);
CheckResult check_identical_across_threads(const FamilyCase& family_case, const Fixture& fixture);

/// A new family whose data-dependent prior defaults come from the whole
/// sample (set_prior_from_data on pooled statistics), as VB starts.
std::unique_ptr<ComponentFamily> family_with_data_prior(const FamilyCase& family_case, const Fixture& fixture);

}  // namespace mixfit::conformance::detail
