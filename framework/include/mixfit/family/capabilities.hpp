// What optional parts of the ComponentFamily contract a family implements.
#pragma once

namespace mixfit {

/// The driver checks these before choosing an algorithm, so an unsupported
/// request fails up front with the family's name rather than mid-fit.
struct Capabilities {
  /// maximize(stats, Estimator::maximum_a_posteriori) is available: the family
  /// has a prior configured, and EM then computes MAP estimates.
  bool maximum_a_posteriori = false;
  /// expected_log_likelihood, update_posterior and kl_to_prior are
  /// implemented (with the configured prior, or the family's default one).
  bool variational = false;
  /// log_likelihood and accumulate accept missing cells (data.missing:
  /// marginalize; see column_spec.hpp for how they are stored): a row's score
  /// is its marginal density over the observed cells, and the statistics are
  /// the expected ones given them (exact EM for data missing at random). With
  /// Without it the framework
  /// refuses marginalize, naming the family.
  bool missing_values = false;
  /// expected_log_likelihood accepts missing cells too (VB with data.missing: marginalize).
  bool missing_values_variational = false;
};

}  // namespace mixfit
