// Initialisation: the first parameters of a restart, for any family.
#pragma once

#include "mixfit/config/experiment_config.hpp"
#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/model/mixture_model.hpp"

#include <armadillo>

namespace mixfit {

/// What the first update from initial weights computes: point estimates
/// (maximize() with the family's estimator, EM) or the variational posterior
/// (update_posterior(), VB).
enum class ParameterUpdate { point, variational };

/// Applies `update` to the family and the weights from statistics accumulated
/// by the model in its current state.
void apply_update(MixtureModel& model, const SufficientStatistics& stats, ParameterUpdate update);

/// Sets the model's first parameters. Every rule but `given` produces
/// assignment weights and applies one M-step (or one variational update), so
/// no family needs its own initialisation code:
/// - kmeans++: k-means++ seed rows, each row assigned to its nearest seed;
/// - kmeans: the same seeds refined by Lloyd's k-means (scikit-learn's 'kmeans');
/// - random: responsibilities uniform on [0,1) per entry, normalised per row (scikit-learn's 'random');
/// - random_from_data: K distinct random rows as seeds, each row assigned to its nearest seed;
/// - given: parameters read from a model.yaml-shaped file or inline; for a
///   variational update without a saved posterior in them, one E-step under
///   those parameters gives the weights of the first variational update;
/// - responsibilities: an N×K CSV of responsibilities;
/// - hierarchical: mclust's model-based agglomerative clustering (hierarchical_clustering.hpp) on the
///   numeric values, in mclust's hcUse coordinates, cut at K; on at most init.subset rows.
/// Seeds and distances use the data's numeric values; with init.scale
/// standardize the distances of kmeans++ (seeding and assignment), kmeans
/// (Lloyd's iterations) and random_from_data (assignment to the seeds) are
/// those of columns divided by their standard deviation (column_scale.hpp),
/// and the partition they give is applied to the data as they are.
void initialise(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const InitConfig& init,
                const std::string& experiment_file, RandomStream& stream,
                ParameterUpdate update = ParameterUpdate::point);

/// Initial centroids (D×K) for algorithm kmeans: kmeans++/kmeans seeds
/// (drawn on standardised distances if init.scale says so; the Lloyd
/// iterations that follow keep their own raw distances), random_from_data
/// rows, or `centroids:` (K lists of D numbers) given inline or in a file.
arma::mat initial_centroids(const Dataset& data, const BlockPlan& plan, std::size_t num_components,
                            const InitConfig& init,
                            const std::string& experiment_file, RandomStream& stream);

/// Reads an N×K responsibilities CSV and checks it: N rows, K columns, every
/// entry in [0, 1], every row summing to 1 (within 1e-6). Returns K×N.
arma::mat read_responsibilities(const std::string& path, std::size_t num_rows, std::size_t num_components);

}  // namespace mixfit
