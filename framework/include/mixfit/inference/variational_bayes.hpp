// VariationalBayes: mean-field VB for any family that implements the variational methods.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/fit_report.hpp"
#include "mixfit/model/mixture_model.hpp"
#include "mixfit/stats/sufficient_statistics.hpp"

namespace mixfit {

struct VbOptions {
  std::size_t max_iter = 100;
  /// Stop when |Δ ELBO| < tol (the total ELBO, in nats, as scikit-learn's
  /// BayesianGaussianMixture); 0 runs exactly max_iter iterations.
  double tol = 1e-3;
};

/// The evidence lower bound of the model's current posterior, given the
/// statistics of a variational E-step under it (PRML eqs. 10.70–10.77
/// regrouped; every constant kept):
///
///   ELBO(q) = Σ_n log Σ_k exp(E[log π_k] + E[log p(x_n | θ_k)])   stats.log_likelihood()
///           − KL(q(π) || p(π))                                    mixing.kl_to_prior()
///           − Σ_k KL(q(θ_k) || p(θ_k))                             family.kl_to_prior()
///
/// The first line equals Σ_nk r_nk (E[log π_k] + E[log p(x_n|θ_k)]) + H[r] at
/// the optimal r, so this is the bound at (r*(q), q). Unlike scikit-learn's
/// lower_bound_ it keeps every term, so it is comparable across models.
double evidence_lower_bound(const MixtureModel& model, const SufficientStatistics& variational_stats);

/// Mean-field VB from the model's current posterior. Iteration t: one
/// variational statistics pass (its ELBO is trace[t], the bound of the
/// posterior before this iteration's update, like EM's trace), then the
/// family's update_posterior and the weights' update. Coordinate ascent never
/// lowers the ELBO; a drop beyond rounding (more than 1e-9·|ELBO| + 1e-9) is
/// recorded in report.warnings.
/// `resume`: the report of the iterations already run (from a checkpoint).
FitReport variational_bayes(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const VbOptions& options,
                            IterationObserver* observer = nullptr, FitReport resume = {});

/// Resolves the family's data-dependent prior defaults (set_prior_from_data)
/// from one pass that puts every row in component 0.
void set_prior_from_data(MixtureModel& model, const Dataset& data, const BlockPlan& plan);

}  // namespace mixfit
