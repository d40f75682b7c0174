// Family-agnostic initialisation rules.
#include "mixfit/init/initialiser.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/data/data_block.hpp"
#include "mixfit/inference/k_means.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/init/column_scale.hpp"
#include "mixfit/init/hierarchical_clustering.hpp"
#include "mixfit/init/k_means_plus_plus.hpp"
#include "mixfit/init/known_label_means.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/parallel/process_collectives.hpp"
#include "mixfit/config/yaml_file.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>

namespace mixfit {
namespace {

// Lloyd iterations used by init method `kmeans` (scikit-learn's KMeans default).
constexpr std::size_t kInitKMeansMaxIter = 300;

// This process's columns of an N-column matrix.
arma::mat local_columns(const arma::mat& all, const BlockPlan& plan) {
  if (plan.local_num_rows() == 0) return arma::mat(all.n_rows, 0);
  return all.cols(plan.local_first_row(), plan.local_first_row() + plan.local_num_rows() - 1);
}

// The first M-step from `weights` (K × this process's rows). Rows that start in the noise component
// (init.noise_rows) get no weight in the K components, so N₀ = N − Σ_k N_k is theirs.
void update_from_weights(MixtureModel& model, const Dataset& data, const BlockPlan& plan, arma::mat weights,
                         ParameterUpdate update, const InitConfig& init) {
  const std::size_t first = plan.local_first_row(), end = first + plan.local_num_rows();
  for (const arma::uword row : init.noise_rows)
    if (row >= first && row < end) weights.col(row - first).zeros();
  // A row whose component data.labels knows starts there, whatever the method said.
  for (arma::uword j = 0; j < weights.n_cols; ++j)
    if (const arma::uword known = data.known_label(j); known != kUnknownLabel) {
      weights.col(j).zeros();
      weights(known, j) = 1.0;
    }
  apply_update(model, statistics_from_weights(model, data, plan, weights), update);
}

// `given` for VB: the loaded family has point estimates but no posterior, so
// one E-step under them (with the given weights) supplies the first
// variational update's responsibilities.
void posterior_from_point_estimates(MixtureModel& model, const Dataset& data, const BlockPlan& plan,
                                    const YAML::Node& node, const std::string& source) {
  auto weights = std::make_unique<MaximumLikelihoodWeights>(model.num_components());
  weights->load(node, source);
  const MixtureModel point(std::move(weights), model.family().clone(), model.options(), model.columns());
  // The family accumulated in the same state as model.family() (a clone), so the anchor rule holds.
  apply_update(model, statistics_pass(point, data, plan, Assignment::soft), ParameterUpdate::variational);
}


// The node holding `given` parameters and the file it came from.
std::pair<YAML::Node, std::string> given_parameters(const InitConfig& init, const std::string& experiment_file) {
  if (!init.file.empty()) return {load_yaml_file(init.file, "init file"), init.file};
  return {init.inline_parameters, experiment_file};
}

// The seed rows of kmeans++, kmeans and random_from_data (D×K, the data's
// units); kmeans++ draws them by distances weighted by `column_weights`.
// With data.labels, the components that have known rows start at those rows' means and only the others are
// seeded (kmeans++ continuing from the known means, or random rows).
arma::mat seed_rows(const Dataset& data, const BlockPlan& plan, std::size_t num_components, const std::string& method,
                    RandomStream& stream, const arma::vec& column_weights) {
  const KnownLabelMeans known = known_label_means(data, plan, num_components);
  const std::size_t free = num_components - known.present.n_elem;
  arma::mat seeded;
  if (free == 0) {
    seeded.set_size(data.numeric_width(), 0);
  } else if (method == "random_from_data") {
    seeded = numeric_rows(data, plan, random_rows(data, free, stream));
  } else {
    seeded = numeric_rows(data, plan,
                          k_means_plus_plus(data, plan, num_components, stream, column_weights,
                                            known.means.cols(known.present)));
  }
  if (known.present.is_empty()) return seeded;
  arma::mat centroids(data.numeric_width(), num_components);
  for (std::size_t k = 0, next = 0, known_at = 0; k < num_components; ++k) {
    if (known_at < known.present.n_elem && known.present(known_at) == k) {
      centroids.col(k) = known.means.col(k);
      ++known_at;
    } else {
      centroids.col(k) = seeded.col(next++);
    }
  }
  return centroids;
}

// The global indices of the rows with a missing cell, ascending, on every process.
arma::uvec rows_with_missing_cells(const Dataset& data, const BlockPlan& plan) {
  std::vector<double> local;
  for (std::size_t b = plan.local_first_block(); b < plan.local_end_block(); ++b) {
    const DataBlock block = DataBlock::numeric(data, plan.begin(b), plan.size(b), b);
    for (arma::uword j = 0; j < block.real().n_cols; ++j)
      if (block.real().col(j).has_nan()) local.push_back(static_cast<double>(block.first_row() + j));
  }
  const std::vector<double> all = plan.distributed() ? all_gather_doubles(plan, local) : local;
  arma::uvec rows(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) rows(i) = static_cast<arma::uword>(all[i]);
  return arma::sort(rows);
}

// mclust's hc start: the tree grown on all rows (or `subset` of them drawn from the stream, sorted), cut at K;
// its one-hot weights on those rows (zero on the others) give the first M-step, as Mclust's me() from
// unmap(hclass(hcPairs, K)).
arma::mat hierarchical_weights(const Dataset& data, const BlockPlan& plan, const InitConfig& init,
                               std::size_t num_components, RandomStream& stream, const std::string& experiment_file) {
  const std::size_t n = plan.num_rows;
  // The rows the tree may use: all but those that start as noise (mclust grows it on the non-noise rows) and,
  // with data.missing: marginalize, those with a missing cell (mclust's hc needs complete rows; they join the
  // fit at its first E-step, like the rows a subset leaves out).
  const arma::uvec incomplete = data.missing_allowed ? rows_with_missing_cells(data, plan) : arma::uvec();
  std::vector<arma::uword> order;
  order.reserve(n);
  for (std::size_t i = 0, next_noise = 0, next_incomplete = 0; i < n; ++i) {
    if (next_noise < init.noise_rows.n_elem && init.noise_rows(next_noise) == i) {
      ++next_noise;
      continue;
    }
    if (next_incomplete < incomplete.n_elem && incomplete(next_incomplete) == i) {
      ++next_incomplete;
      continue;
    }
    order.push_back(i);
  }
  arma::uvec rows;
  if (order.size() > init.subset) {
    // A partial Fisher–Yates shuffle: the first `subset` of a permutation drawn from the stream.
    for (std::size_t i = 0; i < init.subset; ++i) {
      boost::random::uniform_int_distribution<std::size_t> pick(i, order.size() - 1);
      std::swap(order[i], order[pick(stream)]);
    }
    rows = arma::sort(arma::uvec(std::vector<arma::uword>(order.begin(), order.begin() + init.subset)));
  } else {
    rows = arma::uvec(order);
  }
  if (rows.n_elem < num_components)
    throw ConfigError(experiment_file + ": inference.init: method hierarchical cuts a tree of " +
                      std::to_string(rows.n_elem) + " rows into K = " + std::to_string(num_components) +
                      " clusters; it needs at least K rows");
  const arma::mat values = numeric_rows(data, plan, rows);
  const std::string criterion =
      !init.merge_criterion.empty() ? init.merge_criterion : values.n_rows == 1 ? "VII" : "VVV";
  const MergeTree tree = agglomerate(merge_coordinates(values, parse_merge_coordinates(init.merge_coordinates)),
                                     parse_merge_criterion(criterion));
  const arma::uvec labels = cut_tree(tree, num_components);
  arma::mat weights(num_components, n, arma::fill::zeros);
  for (arma::uword i = 0; i < rows.n_elem; ++i) weights(labels(i), rows(i)) = 1.0;
  return weights;
}

}  // namespace

void apply_update(MixtureModel& model, const SufficientStatistics& stats, ParameterUpdate update) {
  if (update == ParameterUpdate::variational) {
    model.family().update_posterior(stats);
  } else {
    model.family().maximize(stats, point_estimator(model.family().capabilities()));
  }
  model.mixing().update(stats);
  if (model.noise()) model.noise()->update(stats);
}

arma::mat read_responsibilities(const std::string& path, std::size_t num_rows, std::size_t num_components) {
  const arma::mat r = read_csv_matrix(path);
  if (r.n_rows != num_rows || r.n_cols != num_components)
    throw DataError(path + ": expected a " + std::to_string(num_rows) + "×" + std::to_string(num_components) +
                    " responsibilities matrix (one row per data row, one column per component), got " +
                    std::to_string(r.n_rows) + "×" + std::to_string(r.n_cols));
  for (arma::uword n = 0; n < r.n_rows; ++n) {
    const std::string where = path + ":" + std::to_string(n + 2) + ": ";  // line 1 is the header
    for (arma::uword k = 0; k < r.n_cols; ++k)
      if (r(n, k) < 0.0 || r(n, k) > 1.0)
        throw DataError(where + "responsibility " + format_double(r(n, k)) + " in column " + std::to_string(k + 1) +
                        " is outside [0, 1]");
    const double total = arma::accu(r.row(n));
    if (std::abs(total - 1.0) > 1e-6)
      throw DataError(where + "responsibilities must sum to 1 in every row, this row sums to " + format_double(total));
  }
  return r.t();
}

void initialise(MixtureModel& model, const Dataset& data, const BlockPlan& plan, const InitConfig& init,
                const std::string& experiment_file, RandomStream& stream, ParameterUpdate update) {
  const std::size_t k_count = model.num_components();
  const std::string& method = init.method;
  if (method == "given") {
    const auto [node, source] = given_parameters(init, experiment_file);
    if (node["family"] && node["family"].IsScalar() && node["family"].Scalar() != model.family().name())
      throw ConfigError(describe_location({source, "family"}, node["family"]) + "the initial parameters are for family '" +
                        node["family"].Scalar() + "', the experiment uses family '" +
                        std::string(model.family().name()) + "'");
    model.family().load(node, source);
    if (model.noise()) {
      // The volume is the run's (model.noise.volume or the data's); the start gives the noise weight.
      const std::optional<NoiseComponent> saved = NoiseComponent::load(node, source);
      if (!saved)
        throw ConfigError(source + ": noise: the model has a noise component (model.noise), so a given start "
                                   "needs its weight too: noise: {volume: V, weight: w}");
      model.noise() = NoiseComponent(model.noise()->volume(), saved->weight());
    }
    if (update == ParameterUpdate::point) {
      model.mixing().load(node, source);
    } else if (model.family().has_posterior() && node["weight_concentration"]) {
      model.mixing().load(node, source);  // a saved VB model: continue from its posterior
    } else {
      posterior_from_point_estimates(model, data, plan, node, source);
    }
  } else if (method == "responsibilities") {
    const arma::mat all = read_responsibilities(init.file, plan.num_rows, k_count);
    update_from_weights(model, data, plan, local_columns(all, plan), update, init);
  } else if (method == "hierarchical") {
    const arma::mat weights = hierarchical_weights(data, plan, init, k_count, stream, experiment_file);
    update_from_weights(model, data, plan, local_columns(weights, plan), update, init);
  } else if (method == "random") {
    // Every process draws the whole N×K sequence and keeps its own rows, so
    // the weights do not depend on how the rows are spread.
    arma::mat weights(k_count, plan.num_rows);
    boost::random::uniform_real_distribution<double> unit(0.0, 1.0);
    for (arma::uword n = 0; n < weights.n_cols; ++n) {
      for (arma::uword k = 0; k < k_count; ++k) weights(k, n) = unit(stream);
      weights.col(n) /= arma::accu(weights.col(n));
    }
    update_from_weights(model, data, plan, local_columns(weights, plan), update, init);
  } else if (method == "kmeans++" || method == "kmeans" || method == "random_from_data") {
    // The partition is found on (possibly standardised) distances and its
    // one-hot weights applied to the data as they are, so the first M-step
    // is in the data's units.
    const arma::vec weights = distance_weights(data, plan, init.scale);
    const arma::mat centroids = seed_rows(data, plan, k_count, method, stream, weights);
    arma::uvec labels;
    if (method == "kmeans") {
      labels = lloyd_k_means(data, plan, centroids, kInitKMeansMaxIter, nullptr, EmptyComponentPolicy::reseed, weights)
                   .labels;
    } else {
      labels = nearest_centroid(data, plan, centroids, weights);
    }
    update_from_weights(model, data, plan, one_hot(labels, k_count), update, init);
  } else {
    throw ConfigError(experiment_file + ": inference.init.method: unknown initialisation '" + method + "'");
  }
}

arma::mat initial_centroids(const Dataset& data, const BlockPlan& plan, std::size_t num_components,
                            const InitConfig& init,
                            const std::string& experiment_file, RandomStream& stream) {
  const std::string& method = init.method;
  if (method == "kmeans++" || method == "kmeans")
    return seed_rows(data, plan, num_components, method, stream, distance_weights(data, plan, init.scale));
  if (method == "random_from_data") return seed_rows(data, plan, num_components, method, stream, {});
  if (method == "given") {
    const auto [node, source] = given_parameters(init, experiment_file);
    const YAML::Node list = node["centroids"];
    const ConfigLocation where{source, "centroids"};
    if (!list || !list.IsSequence() || list.size() != num_components)
      throw ConfigError(describe_location(where, list ? list : node) + "expected a list of " +
                        std::to_string(num_components) + " centroids, each a list of " +
                        std::to_string(data.numeric_width()) + " numbers");
    arma::mat centroids(data.numeric_width(), num_components);
    for (std::size_t k = 0; k < num_components; ++k) {
      const YAML::Node row = list[k];
      if (!row.IsSequence() || row.size() != data.numeric_width())
        throw ConfigError(describe_location(where.child(std::to_string(k)), row) + "expected a list of " +
                          std::to_string(data.numeric_width()) + " numbers");
      for (std::size_t d = 0; d < data.numeric_width(); ++d) {
        double value = 0.0;
        if (!row[d].IsScalar() || !parse_double(row[d].Scalar(), value) || !std::isfinite(value))
          throw ConfigError(describe_location(where.child(std::to_string(k)), row[d]) + "expected a finite number");
        centroids(d, k) = value;
      }
    }
    return centroids;
  }
  throw ConfigError(experiment_file + ": inference.init.method: '" + method +
                    "' cannot start k-means; use kmeans++, random_from_data or given (with centroids:)");
}

}  // namespace mixfit
