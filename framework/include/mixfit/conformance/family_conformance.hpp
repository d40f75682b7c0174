// The conformance suite: generic checks of the ComponentFamily contract that every family runs unchanged.
#pragma once

#include "mixfit/data/column_spec.hpp"
#include "mixfit/family/component_family.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mixfit::conformance {

/// One configuration of a family to check, described only through the
/// interface every family has: a factory, the columns, and parameters in the
/// shape its load() reads. The suite draws its own data from those
/// parameters, so no family-specific data are needed.
struct FamilyCase {
  std::string name;  ///< for messages, e.g. "poisson K=2 D=3"
  /// A new family of the configuration under test, without parameters (the
  /// family's constructor, or FamilyRegistry::create). Called several times.
  std::function<std::unique_ptr<ComponentFamily>()> make_family;
  /// The columns the family models (kind, storage row, levels), as its factory got them.
  std::vector<ColumnSpec> columns;
  /// The generating parameters as model.yaml's family keys (`components:`,
  /// and `shared:` if the family has shared parameters), read by load().
  YAML::Node parameters;
  std::uint64_t seed = 1;
  /// Draws per component for the sampling, statistics and refit checks.
  std::size_t rows_per_component = 2000;
  /// Refit recovery: every number in `parameters` must be recovered by the
  /// maximum-likelihood refit within absolute_tolerance + relative_tolerance·|value|.
  /// Set these to a few standard errors of the estimates at rows_per_component.
  double absolute_tolerance = 0.05;
  double relative_tolerance = 0.05;
  /// Normalisation: D×m points covering (nearly all of) the support and their
  /// quadrature weights (1 for a discrete support, the cell volume on a grid);
  /// Σ_i w_i p(x_i | θ_k) must be 1 within normalisation_tolerance for every k.
  /// When empty and every column is binary or categorical, the suite
  /// enumerates the whole support itself (up to 65536 points); otherwise the
  /// check fails, saying what to give (see quadrature.hpp).
  arma::mat quadrature_points;
  arma::vec quadrature_weights;
  double normalisation_tolerance = 1e-6;
  /// Variational families: the mean over rows of |E_q[log p(x | θ_k)] − log p(x | E_q[θ_k])|
  /// under a posterior from rows_per_component rows per component (a gap of order 1/N).
  double variational_gap_tolerance = 1e-2;
  /// Refit: how many times the maximum_likelihood_refit check alternates
  /// accumulate (under the family's current state) and maximize() on the
  /// true labels, stopping early once save() no longer changes. 1 for a
  /// family whose statistics do not depend on its parameters (an exponential
  /// family: one M-step is the estimate); more for one whose statistics do
  /// (Student-t's latent scales, von Mises' Bessel ratios), whose M-step is
  /// then a fixed-point iteration. The first pass runs on a family without
  /// parameters, so such a family documents what its statistics are then.
  std::size_t refit_iterations = 1;
  /// Checks the family cannot meet by design, by name, each with the reason
  /// (a density conditional on a row total, which no quadrature normalises).
  /// They are reported as not applicable, with the reason, never silently
  /// passed; a name that is no check is a failure.
  std::map<std::string, std::string> not_applicable;
};

/// The outcome of one check.
struct CheckResult {
  std::string check;   ///< e.g. "accumulate_additive"
  bool passed = false;
  std::string detail;  ///< what was compared and, on failure, the numbers found
  bool applicable = true;  ///< false: listed in FamilyCase::not_applicable (then passed, detail the reason)
};

/// Runs every check that applies to the family:
/// - sampling_reproducible: sample() gives D×n of the columns' kinds, and the same bits from the same seed;
/// - log_likelihood_finite: K×n scores, no NaN, finite under the component that drew the row;
/// - log_likelihood_normalised: Σ_i w_i p(x_i | θ_k) = 1 (see FamilyCase);
/// - accumulate_additive: accumulate over a block split in two equals accumulate over the whole;
/// - accumulate_linear: linear in the weights, zero weights add exactly nothing;
/// - save_load_round_trip: save → load → save gives the same text and bit-identical scores
///   (and, for a variational family, the same posterior, expected scores and KL);
/// - permute_components: scores of the permuted family are the permuted rows, bit for bit;
/// - maximum_likelihood_refit: the M-step on one-hot statistics of the true labels recovers the
///   generating parameters within tolerance and attains a complete-data log-likelihood at least
///   that of the generating parameters (the defining property of the maximum-likelihood estimate);
/// - em_monotone: 25 EM iterations (the framework's driver) from a blurred partition of the sample never
///   lower the mean log-likelihood;
/// - identical_across_threads: an E-step pass over uneven blocks gives the same bits with 1, 2 and 7 threads;
/// - variational_prior_kl (capabilities().variational): update_posterior on zero statistics gives
///   KL(q || p) = 0;
/// - variational_consistency: after update_posterior on the true labels' statistics, KL is finite and
///   ≥ 0, expected scores are finite and close to the scores at the posterior means;
/// - vb_monotone: 25 VB iterations (Dirichlet weights) from a blurred partition never lower the ELBO.
/// A family that throws fails the check it threw in (the message is the detail); the suite itself never throws.
std::vector<CheckResult> check_family(const FamilyCase& family_case);

/// True if every check passed.
bool all_passed(const std::vector<CheckResult>& results);

/// One line per check, "PASS name: detail", "FAIL name: detail" or "N/A name: reason", for test logs.
std::string report(const std::vector<CheckResult>& results);

}  // namespace mixfit::conformance
