// run_restart: one restart of the configured algorithm, from its own random stream (or from a checkpoint).
#pragma once

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/empty_components.hpp"
#include "mixfit/inference/fit_report.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <armadillo>

#include <cstdint>
#include <optional>

namespace mixfit {

/// A finished restart.
struct RestartResult {
  std::size_t restart = 0;
  std::uint64_t seed = 0;  ///< derive_seed(experiment.seed, "restart", restart)
  std::optional<MixtureModel> model;
  FitReport report;
  double objective = 0.0;  ///< final log-likelihood (em), ELBO (vb) or −inertia (kmeans): larger wins
  arma::mat centroids;     ///< kmeans only
  arma::uvec labels;       ///< kmeans only
  double inertia = 0.0;    ///< kmeans only
  std::string parameter_trace;  ///< trace_parameters.yaml entries (filled by the caller's observer)
};

/// Where a restart continues from instead of initialising: the model after
/// report.n_iter iterations (em and vb only).
struct RestartResume {
  MixtureModel model;
  FitReport report;
};

/// Runs restart `restart` of `config`'s algorithm on a copy of `prototype`
/// (whose prior defaults are already resolved). The restart draws only from
/// derive_stream(experiment.seed, "restart", restart), so it gives the same
/// bits whether it runs alone (--restart i) or among others. `observer`
/// sees every iteration, with `model_in_progress` pointing at the model being
/// fitted while it runs (for checkpoints). `make_model` builds a smaller
/// model when inference.empty_component: drop removes components.
/// A restart that fails numerically (a singular covariance at
/// initialisation, or under inference.singular_component: error) throws
/// NumericalError; the caller records it and goes on with the other restarts.
RestartResult run_restart(const ExperimentConfig& config, const MixtureModel& prototype, const Dataset& data,
                          const BlockPlan& plan, const ModelFactory& make_model, std::size_t restart,
                          IterationObserver* observer,
                          std::optional<RestartResume> resume = std::nullopt,
                          const MixtureModel** model_in_progress = nullptr);

}  // namespace mixfit
