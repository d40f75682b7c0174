// The mixfit side of the benchmark: model.yaml-shaped start, generic EM driver.
#include "mixfit_fit.hpp"

#include "mixfit/core/number_format.hpp"
#include "mixfit/data/block_plan.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/k_means.hpp"
#include "mixfit/init/k_means_plus_plus.hpp"
#include "mixfit/io/model_io.hpp"
#include "mixfit/parallel/worker_pool.hpp"
#include "mixfit/plugin/plugin_loader.hpp"

#include <algorithm>
#include <chrono>

namespace mixfit::bench {

namespace {

YAML::Node number_list(const arma::vec& values) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (double v : values) list.push_back(format_double(v));
  return list;
}

/// The start as a model file would hold it, read through the registry.
YAML::Node starting_model(const StartingPoint& start, const std::string& covariance) {
  const std::size_t d = start.means.n_rows;
  YAML::Node model;
  model["format"] = "mixfit-model/1";
  model["family"] = "gaussian";
  model["options"]["covariance"] = covariance;
  model["options"]["reg_covar"] = "1e-10";
  for (std::size_t j = 0; j < d; ++j) {
    model["columns"].push_back("x" + std::to_string(j));
    model["types"].push_back("real");
  }
  model["weights"] = number_list(start.weights);
  for (arma::uword k = 0; k < start.means.n_cols; ++k) {
    YAML::Node component;
    component["mean"] = number_list(start.means.col(k));
    if (covariance == "full") {
      for (std::size_t r = 0; r < d; ++r) {
        arma::vec row(d, arma::fill::zeros);
        row(r) = start.variances(r);
        component["covariance"].push_back(number_list(row));
      }
    } else if (covariance == "diag") {
      component["covariance"] = number_list(start.variances);
    } else if (covariance == "spherical") {
      component["covariance"] = format_double(arma::mean(start.variances));
    }
    model["components"].push_back(component);
  }
  if (covariance == "tied") {
    for (std::size_t r = 0; r < d; ++r) {
      arma::vec row(d, arma::fill::zeros);
      row(r) = start.variances(r);
      model["shared"]["covariance"].push_back(number_list(row));
    }
  }
  return model;
}

// The D×N points as a data set of columns x0, x1, …, stored as `dtype`.
Dataset bench_dataset(const arma::mat& points, const std::string& dtype) {
  std::vector<std::string> names;
  for (std::size_t j = 0; j < points.n_rows; ++j) names.push_back("x" + std::to_string(j));
  Dataset data = Dataset::from_real("mixfit-bench data", names, points);
  if (dtype == "float32") data.store_real_as_float32();
  return data;
}

// The default block grid over `data` on `threads` threads of `workers`, as `mixfit run` plans a fit.
BlockPlan pooled_plan(const Dataset& data, std::size_t threads, WorkerPool& workers) {
  BlockPlan plan{data.num_rows(), BlockPlan{}.block_size, threads};
  plan.workers = &workers;
  return plan;
}

}  // namespace

MixfitFitter::MixfitFitter() { load_plugins(registry_); }

MixfitRun MixfitFitter::run(const arma::mat& points, const StartingPoint& start, const std::string& covariance,
                            const std::string& dtype, std::size_t iterations, std::size_t threads) const {
  if (covariance == "kmeans" || covariance == "kmeans++")
    return run_k_means(points, start, covariance, dtype, iterations, threads);
  MixtureModel model = read_model(starting_model(start, covariance), "mixfit-bench start", registry_);
  const Dataset data = bench_dataset(points, dtype);
  WorkerPool workers(threads);
  const BlockPlan plan = pooled_plan(data, threads, workers);
  EmOptions options;
  options.tol = 0.0;
  {
    // One untimed iteration on a copy: first-touch page faults and the
    // allocator's warm-up are not what is being measured.
    MixtureModel warm_up = model;
    options.max_iter = 1;
    expectation_maximization(warm_up, data, plan, options);
  }
  options.max_iter = iterations;
  const auto begin = std::chrono::steady_clock::now();
  expectation_maximization(model, data, plan, options);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  MixfitRun run;
  run.seconds_per_iteration = elapsed / static_cast<double>(iterations);
  // Means are written into model.yaml; read them back the same way.
  const YAML::Node saved = YAML::Load(model_to_yaml(model));
  run.means.set_size(points.n_rows, model.num_components());
  for (std::size_t k = 0; k < model.num_components(); ++k)
    for (std::size_t j = 0; j < points.n_rows; ++j) run.means(j, k) = saved["components"][k]["mean"][j].as<double>();
  return run;
}

MixfitRun MixfitFitter::run_k_means(const arma::mat& points, const StartingPoint& start, const std::string& method,
                                    const std::string& dtype, std::size_t iterations, std::size_t threads) const {
  const Dataset data = bench_dataset(points, dtype);
  WorkerPool workers(threads);
  const BlockPlan plan = pooled_plan(data, threads, workers);
  if (method == "kmeans++") {
    // Seconds per seeding of K = start's centroids, the median of three streams; the seeds as the means.
    std::vector<double> seconds;
    arma::uvec rows;
    for (std::uint64_t s = 0; s < 3; ++s) {
      RandomStream stream = derive_stream(s, "bench-kmeans++", 0);
      const auto begin = std::chrono::steady_clock::now();
      rows = k_means_plus_plus(data, plan, start.means.n_cols, stream);
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return {seconds[1], numeric_rows(data, plan, rows)};
  }
  lloyd_k_means(data, plan, start.means, 1);  // untimed: first touch, as for EM
  const auto begin = std::chrono::steady_clock::now();
  const KMeansResult result = lloyd_k_means(data, plan, start.means, iterations);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  MixfitRun run;
  // Lloyd stops early once no label changes; the time is per iteration run.
  run.seconds_per_iteration = elapsed / static_cast<double>(result.report.n_iter);
  run.means = result.centroids;
  return run;
}

}  // namespace mixfit::bench
