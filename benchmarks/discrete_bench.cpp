// mixfit-bench's discrete cases: planted bernoulli and categorical mixtures fitted through the plugin registry.
#include "discrete_bench.hpp"

#include "kit_bernoulli_cell.hpp"
#include "kit_categorical_cell.hpp"

#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/family/family_spec.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "mixfit/model/mixture_model.hpp"
#include "mixfit/parallel/worker_pool.hpp"
#include "mixfit/plugin/family_registry.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace mixfit::bench {

namespace {

/// A planted data set and the labels it was drawn with.
struct PlantedData {
  Dataset data;
  arma::uvec labels;  ///< N, the planted class of each row
};

std::string column_name(std::size_t j) {
  std::string name = "x";  // appended, not "x" + to_string(j): GCC 12's false -Wrestrict (bug 105329)
  name += std::to_string(j);
  return name;
}

arma::uvec planted_labels(std::size_t rows, std::size_t components, RandomStream& stream) {
  boost::random::uniform_int_distribution<arma::uword> pick(0, components - 1);
  arma::uvec labels(rows);
  for (auto& label : labels) label = pick(stream);
  return labels;
}

PlantedData planted_binary(const DiscreteCase& c, std::uint64_t seed) {
  RandomStream stream = derive_stream(seed, "bench-discrete-data", 0);
  boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);
  arma::mat p(c.dimension, c.components);
  for (double& v : p) {
    const double u = uniform(stream);
    v = c.sparsity > 0.0 ? std::max(0.005, u * u * u * c.sparsity) : 0.1 + 0.8 * u;
  }
  PlantedData planted;
  planted.labels = planted_labels(c.rows, c.components, stream);
  arma::Mat<std::uint8_t> cells(c.dimension, c.rows);
  for (std::size_t n = 0; n < c.rows; ++n)
    for (std::size_t d = 0; d < c.dimension; ++d) cells(d, n) = uniform(stream) < p(d, planted.labels(n)) ? 1 : 0;
  planted.data.source = "mixfit-bench " + c.name;
  for (std::size_t d = 0; d < c.dimension; ++d) planted.data.columns.push_back({column_name(d), ColumnKind::binary, d, {}});
  planted.data.binary = std::move(cells);
  planted.data.build_numeric_encoding();
  return planted;
}

PlantedData planted_categorical(const DiscreteCase& c, std::uint64_t seed) {
  RandomStream stream = derive_stream(seed, "bench-discrete-data", 0);
  boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);
  // θ_kj ∝ u³: a few likely levels per class and column.
  std::vector<boost::random::discrete_distribution<std::uint16_t, double>> columns;
  for (std::size_t k = 0; k < c.components; ++k)
    for (std::size_t j = 0; j < c.dimension; ++j) {
      std::vector<double> theta(c.levels);
      for (double& v : theta) v = 0.01 + std::pow(uniform(stream), 3.0);
      columns.emplace_back(theta.begin(), theta.end());
    }
  PlantedData planted;
  planted.labels = planted_labels(c.rows, c.components, stream);
  arma::Mat<std::uint16_t> codes(c.dimension, c.rows);
  for (std::size_t n = 0; n < c.rows; ++n)
    for (std::size_t j = 0; j < c.dimension; ++j) codes(j, n) = columns[planted.labels(n) * c.dimension + j](stream);
  planted.data.source = "mixfit-bench " + c.name;
  for (std::size_t j = 0; j < c.dimension; ++j) {
    ColumnSpec column{column_name(j), ColumnKind::categorical, j, {}};
    for (std::size_t l = 0; l < c.levels; ++l) column.levels.push_back(std::to_string(l));
    planted.data.columns.push_back(std::move(column));
  }
  planted.data.categorical = std::move(codes);
  planted.data.build_numeric_encoding();
  return planted;
}

/// The kit cases fit the same 0/1 cells, given as real columns (the kit reads real columns).
PlantedData as_real_columns(const PlantedData& binary) {
  std::vector<std::string> names;
  for (const auto& column : binary.data.columns) names.push_back(column.name);
  return {Dataset::from_real(binary.data.source, names, arma::conv_to<arma::mat>::from(binary.data.binary)),
          binary.labels};
}

/// The kit categorical case fits the same codes, each column of L levels given as L one-hot real columns.
PlantedData as_one_hot_columns(const PlantedData& categorical, std::size_t levels) {
  const arma::Mat<std::uint16_t>& codes = categorical.data.categorical;
  arma::mat one_hot(codes.n_rows * levels, codes.n_cols, arma::fill::zeros);
  for (std::size_t n = 0; n < codes.n_cols; ++n)
    for (std::size_t j = 0; j < codes.n_rows; ++j) one_hot(j * levels + codes(j, n), n) = 1.0;
  std::vector<std::string> names;
  for (std::size_t d = 0; d < one_hot.n_rows; ++d) names.push_back(column_name(d));
  return {Dataset::from_real(categorical.data.source, names, one_hot), categorical.labels};
}

constexpr std::size_t kKitCategoricalLevels = 10;  // the C case's L, fixed in the cell's type
using KitCategoricalFamily = kit::VectorCellFamily<KitCategoricalCell<kKitCategoricalLevels>>;

bool on_the_kit(const DiscreteCase& c) { return c.family == "kit_bernoulli" || c.family == "kit_categorical"; }

/// The family a case fits: the registry's plugin, or a kit family built here.
std::unique_ptr<ComponentFamily> make_family(const DiscreteCase& c, const PlantedData& planted,
                                             const FamilyRegistry& registry, const YAML::Node& options) {
  if (c.family == "kit_bernoulli") {
    std::vector<std::string> names;
    for (const auto& column : planted.data.columns) names.push_back(column.name);
    return std::make_unique<KitBernoulliFamily>(c.components, names, KitBernoulliFamily::Options{});
  }
  if (c.family == "kit_categorical") {
    std::vector<std::string> names;
    for (const auto& column : planted.data.columns) names.push_back(column.name);
    return std::make_unique<KitCategoricalFamily>(c.components, names, KitCategoricalFamily::Options{});
  }
  return registry.create(c.family, FamilySpec{c.components, planted.data.columns, options, "mixfit-bench", &registry});
}

/// The start every fit of a case shares: one M-step from the planted labels
/// with 30% of the rows moved to a random class.
MixtureModel starting_model(const DiscreteCase& c, const PlantedData& planted, const FamilyRegistry& registry,
                            const BlockPlan& plan, std::uint64_t seed) {
  const YAML::Node options = on_the_kit(c) ? YAML::Load("{}")
                                            : registry.resolve_options(c.family, YAML::Load("{}"),
                                                                       {"mixfit-bench", "model.options"});
  MixtureModel model(std::make_unique<MaximumLikelihoodWeights>(c.components),
                     make_family(c, planted, registry, options), options, planted.data.columns);
  RandomStream stream = derive_stream(seed, "bench-discrete-start", 0);
  boost::random::bernoulli_distribution<double> moved(0.3);
  boost::random::uniform_int_distribution<arma::uword> pick(0, c.components - 1);
  arma::uvec labels = planted.labels;
  for (auto& label : labels)
    if (moved(stream)) label = pick(stream);
  const SufficientStatistics stats = statistics_from_weights(model, planted.data, plan, one_hot(labels, c.components));
  model.family().maximize(stats, Estimator::maximum_likelihood);
  model.mixing().update(stats);
  return model;
}

struct DiscreteRun {
  double seconds_per_iteration = 0.0;
  double final_objective = 0.0;  ///< mean log-likelihood of the last E-step
};

DiscreteRun time_fit(const MixtureModel& start, const Dataset& data, const BlockPlan& plan, std::size_t iterations) {
  EmOptions options;
  options.tol = 0.0;
  {
    // One untimed iteration on a copy: first touch of pages and the allocator's warm-up.
    MixtureModel warm_up = start;
    options.max_iter = 1;
    expectation_maximization(warm_up, data, plan, options);
  }
  MixtureModel model = start;
  options.max_iter = iterations;
  const auto begin = std::chrono::steady_clock::now();
  const FitReport report = expectation_maximization(model, data, plan, options);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return {elapsed / static_cast<double>(iterations), report.trace.back().objective};
}

/// EM iterations timed per fit: enough for the small whiskey-like case to run for a measurable time.
std::size_t iterations_for(const DiscreteCase& c, std::size_t iterations) {
  return c.rows < 10'000 ? std::max<std::size_t>(iterations, 1000) : iterations;
}

}  // namespace

DiscreteCase discrete_case(const std::string& name) {
  if (name == "W") return {"W", "bernoulli", 2218, 21, 4, 2, 0.6};
  if (name == "B") return {"B", "bernoulli", 200'000, 64, 16, 2, 0.0};
  if (name == "C") return {"C", "categorical", 200'000, 32, 16, 10, 0.0};
  // W and B fitted by the Bernoulli family written on the family kit (same planted cells, same start).
  if (name == "WK") return {"WK", "kit_bernoulli", 2218, 21, 4, 2, 0.6};
  if (name == "BK") return {"BK", "kit_bernoulli", 200'000, 64, 16, 2, 0.0};
  // C fitted by a categorical family written on the kit, its codes given as one-hot real columns.
  if (name == "CK") return {"CK", "kit_categorical", 200'000, 32, 16, kKitCategoricalLevels, 0.0};
  throw std::invalid_argument("unknown discrete data set '" + name + "': expected W, B, C, WK, BK or CK");
}

void run_discrete_benchmarks(const std::vector<std::string>& names, std::size_t iterations, std::size_t threads,
                             std::size_t repeats, std::uint64_t seed, double peak) {
  if (names.empty()) return;
  FamilyRegistry registry;
  load_plugins(registry);
  std::printf("\ndiscrete families: seconds per EM iteration, median of %zu fits\n", repeats);
  std::printf("dense GFLOP/s: the two products an iteration replaces (scores and statistics, 2·N·D'·K flops each, "
              "D' = D·L one-hot columns, L = 2 counted as D) per second; %% peak: of the dgemm peak above\n");
  std::printf("%-4s %-15s %8s %4s %3s %4s %8s %12s %12s %13s %7s %25s\n", "data", "family", "N", "D", "L", "K",
              "threads", "iterations", "mixfit s/it", "dense GFLOP/s", "% peak", "final mean log-lik");
  for (const auto& name : names) {
    const DiscreteCase c = discrete_case(name);
    const PlantedData planted = c.family == "bernoulli"         ? planted_binary(c, seed)
                                : c.family == "kit_bernoulli"   ? as_real_columns(planted_binary(c, seed))
                                : c.family == "kit_categorical" ? as_one_hot_columns(planted_categorical(c, seed), c.levels)
                                                                : planted_categorical(c, seed);
    WorkerPool workers(threads);
    BlockPlan plan{c.rows, BlockPlan{}.block_size, threads};
    plan.workers = &workers;
    const MixtureModel start = starting_model(c, planted, registry, plan, seed);
    const std::size_t timed = iterations_for(c, iterations);
    std::vector<double> times;
    double objective = 0.0;
    for (std::size_t r = 0; r < std::max<std::size_t>(1, repeats); ++r) {
      const DiscreteRun run = time_fit(start, planted.data, plan, timed);
      times.push_back(run.seconds_per_iteration);
      objective = run.final_objective;
    }
    std::sort(times.begin(), times.end());
    const double seconds = times[times.size() / 2];
    const double columns = static_cast<double>(c.dimension * (c.levels > 2 ? c.levels : 1));
    const double dense_gflops =
        2.0 * 2.0 * static_cast<double>(c.rows) * columns * static_cast<double>(c.components) / seconds / 1e9;
    std::printf("%-4s %-15s %8zu %4zu %3zu %4zu %8zu %12zu %12.6f %13.1f %6.1f%% %25.17g\n", c.name.c_str(),
                c.family.c_str(), c.rows, c.dimension, c.levels, c.components, threads, timed, seconds, dense_gflops,
                100.0 * dense_gflops / peak, objective);
    std::fflush(stdout);
  }
}

}  // namespace mixfit::bench
