// prepare_experiment: from a validated experiment to the family options, the typed data and the model to fit.
#pragma once

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/model/mixture_model.hpp"
#include "mixfit/parallel/communicator.hpp"
#include "mixfit/plugin/family_registry.hpp"

#include <yaml-cpp/yaml.h>

namespace mixfit {

/// What `run` and `validate` both need before any fitting.
struct PreparedExperiment {
  YAML::Node family_options;  ///< resolved by the family's schema (parts included for composites)
  Dataset data;               ///< the claimed columns, read by kind
};

/// Looks the family up, resolves its options, works out which columns it
/// claims and of which kind (the family's kind, composite claims, data.types,
/// data.levels, levels fixed by a `given` init file), reads them, and checks
/// K ≤ N. Every problem is a located ConfigError or DataError. Records the
/// resolved options under model.options in config.resolved.
/// With several processes, each reads only the rows of its blocks (see
/// BlockPlan::sharded); a data error on one process is every process's error.
PreparedExperiment prepare_experiment(ExperimentConfig& config, const FamilyRegistry& registry,
                                      const Communicator& processes = single_process());

/// A model of the configured family over the prepared columns, with no
/// parameters yet and maximum-likelihood weights.
MixtureModel make_model(const ExperimentConfig& config, const PreparedExperiment& prepared,
                        const FamilyRegistry& registry);

}  // namespace mixfit
