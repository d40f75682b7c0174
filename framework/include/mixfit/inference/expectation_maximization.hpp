// ExpectationMaximization: EM (soft) and classification EM (hard) for any family.
#pragma once

#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/family/estimator.hpp"
#include "mixfit/inference/empty_components.hpp"
#include "mixfit/inference/fit_report.hpp"
#include "mixfit/inference/singular_components.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <cstdint>
#include <optional>

namespace mixfit {

struct EmOptions {
  std::size_t max_iter = 100;
  /// Stop when |Δ mean per-row log-likelihood| < tol; 0 runs exactly max_iter.
  double tol = 1e-3;
  Assignment assignment = Assignment::soft;
  Estimator estimator = Estimator::maximum_likelihood;
  /// A component left with no points by an E-step (see empty_components()).
  EmptyComponentPolicy empty_component = EmptyComponentPolicy::reseed;
  /// A component whose covariance the M-step finds singular (see maximize_or_remedy()).
  SingularComponentPolicy singular_component = SingularComponentPolicy::reseed;
  /// Builds the smaller model for EmptyComponentPolicy::drop and SingularComponentPolicy::drop.
  ModelFactory make_model;
  /// The restart this fit is, named in the singular-component warnings and errors.
  std::optional<std::size_t> restart;
  /// Stochastic assignment: the seed its draws derive from (the restart's).
  std::uint64_t draw_seed = 0;
};

/// EM from the model's current parameters. Iteration t: one statistics pass
/// (E-step; its mean log-likelihood is trace[t], scikit-learn's lower_bound_
/// convention), then the M-step of the family and of the weights. With
/// `assignment` hard it is classification EM (CEM): each row goes wholly to
/// its most probable component, and the trace and the convergence test follow
/// the mean classification log-likelihood (1/N) Σ_n max_k log(π_k p(x_n | θ_k)),
/// which CEM never lowers. With `assignment` stochastic it is stochastic EM
/// (SEM, Celeux & Diebolt 1985): each row's label is drawn from its
/// responsibilities (iteration t's draws from derive_seed(draw_seed, "sem
/// iteration", t), block by block), all max_iter iterations run (tol is not
/// used: the chain does not settle), and `model` ends as the most likely
/// model the chain visited, the trace holding every iteration's
/// log-likelihood.
/// An empty component is handled before the M-step as `options.empty_component`
/// says, a singular one after the family's M-step reports it as
/// `options.singular_component` says (with drop, `model` ends with fewer
/// components).
/// `resume`: the report of the iterations already run on this model (from a
/// checkpoint); EM continues its trace exactly where it stopped.
FitReport expectation_maximization(MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                   const EmOptions& options, IterationObserver* observer = nullptr,
                                   FitReport resume = {});

}  // namespace mixfit
