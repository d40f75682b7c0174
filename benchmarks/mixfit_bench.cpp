// mixfit-bench: seconds per EM iteration of mixfit's Gaussian family against
// Armadillo's gmm_full / gmm_diag and scikit-learn's GaussianMixture (when
// python3-sklearn is installed), on the same data from the same start.
#include "bench_data.hpp"
#include "discrete_bench.hpp"
#include "machine_probe.hpp"
#include "mixfit/math/vector_math.hpp"
#include "mixfit_fit.hpp"
#include "npy_writer.hpp"
#include "sklearn_peer.hpp"

#include <armadillo>
#include <boost/program_options.hpp>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

namespace po = boost::program_options;
using namespace mixfit::bench;

namespace {

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

template <class Body>
double seconds(Body&& body) {
  const auto start = std::chrono::steady_clock::now();
  body();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Armadillo's EM from our start: learn() with km_iter = 0 keeps the means,
/// covariances and weights set_params() gave it.
struct ArmadilloRun {
  double seconds_per_iteration = 0.0;
  arma::mat means;
};

ArmadilloRun run_armadillo(const arma::mat& points, const StartingPoint& start, const std::string& covariance,
                           std::size_t iterations) {
  ArmadilloRun run;
  const std::size_t k = start.means.n_cols;
  const arma::rowvec hefts = start.weights.t();
  if (covariance == "full") {
    arma::gmm_full model;
    arma::cube covariances(points.n_rows, points.n_rows, k);
    for (std::size_t c = 0; c < k; ++c) covariances.slice(c) = arma::diagmat(start.variances);
    {
      arma::gmm_full warm_up;  // one untimed iteration, as for mixfit
      warm_up.set_params(start.means, covariances, hefts);
      warm_up.learn(points, k, arma::maha_dist, arma::keep_existing, 0, 1, 1e-10, false);
    }
    model.set_params(start.means, covariances, hefts);
    run.seconds_per_iteration = seconds([&] {
      model.learn(points, k, arma::maha_dist, arma::keep_existing, 0, iterations, 1e-10, false);
    }) / static_cast<double>(iterations);
    run.means = model.means;
  } else {
    // gmm_diag serves diag and, as the nearest thing Armadillo has, spherical.
    arma::gmm_diag model;
    {
      arma::gmm_diag warm_up;
      warm_up.set_params(start.means, arma::repmat(start.variances, 1, k), hefts);
      warm_up.learn(points, k, arma::maha_dist, arma::keep_existing, 0, 1, 1e-10, false);
    }
    model.set_params(start.means, arma::repmat(start.variances, 1, k), hefts);
    run.seconds_per_iteration = seconds([&] {
      model.learn(points, k, arma::maha_dist, arma::keep_existing, 0, iterations, 1e-10, false);
    }) / static_cast<double>(iterations);
    run.means = model.means;
  }
  return run;
}

/// The matrix-product flops of one EM iteration, the convention the figures
/// use: Mahalanobis terms and second moments, 2·K·N·D² for full covariance
/// (2·K·N·D for diag and spherical, whose products are element-wise).
double flops_per_iteration(const ProblemSize& size, const std::string& covariance) {
  const double knd = static_cast<double>(size.components) * size.rows * size.dimension;
  // k-means: the block products x·c of the nearest-centroid search. k-means++: per seeding, K rounds of
  // 2 + log K trial distances (a subtraction, a multiply and an add per coordinate).
  if (covariance == "kmeans++")
    return 3.0 * knd * (2.0 + std::floor(std::log(static_cast<double>(size.components))));
  return covariance == "full" ? 2.0 * knd * size.dimension : 2.0 * knd;
}

/// The lower bound on one EM iteration (the roofline floor): the largest of its arithmetic at the dgemm peak, one
/// read of the data at the memory's read bandwidth and its N·K exponentials at the exp rate. The arithmetic is what
/// mixfit's kernels do, counted as flops (a multiply-add is two): full, K·N·D² for the triangular solves of the
/// scores and K·N·D(D+3) for the moments' features; diag, 4·K·N·D for the scores (two multiply-adds per cell)
/// and 2·K·N·(2D+1) for the features; spherical, 2·K·N·D and 2·K·N·(D+2). A block's responsibilities stay in
/// the caches between the E-step and the statistics, so the data are the only stream.
struct Roofline {
  double seconds = 0.0;
  const char* bound = "";
};

Roofline roofline_floor(const ProblemSize& size, const std::string& covariance, double peak_gflops,
                        double bandwidth_gbs, double exp_rate) {
  const double n = static_cast<double>(size.rows), d = static_cast<double>(size.dimension);
  const double k = static_cast<double>(size.components);
  double flops = 0.0;
  if (covariance == "full" || covariance == "tied") flops = k * n * d * d + k * n * d * (d + 3.0);
  else if (covariance == "diag") flops = 4.0 * k * n * d + 2.0 * k * n * (2.0 * d + 1.0);
  else if (covariance == "spherical") flops = 2.0 * k * n * d + 2.0 * k * n * (d + 2.0);
  else return {};
  const double compute = flops / (peak_gflops * 1e9), memory = n * d * sizeof(double) / (bandwidth_gbs * 1e9);
  const double exps = k * n / exp_rate;
  if (compute >= memory && compute >= exps) return {compute, "compute"};
  return memory >= exps ? Roofline{memory, "memory"} : Roofline{exps, "exp"};
}

/// Median of three.
double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// One line of the constant-column figure: the same fit on data without and
/// with the constant column, three times each, interleaved so that a load
/// change on the shared machine hits both; medians. The last field counts the
/// (column, component) pairs of the fit "with" whose mean is 0 (|μ| < 1e-9),
/// i.e. that saw only zeros there: how far the constant column reached.
void time_constant_column(const MixfitFitter& fitter, const std::string& name, const arma::mat& without,
                          const arma::mat& with, const arma::uvec& start_rows, const std::string& covariance,
                          std::size_t iterations, std::size_t threads) {
  constexpr int kRepeats = 3;
  std::vector<double> plain, constant;
  arma::mat means;
  for (int repeat = 0; repeat < kRepeats; ++repeat) {
    if (!without.is_empty())
      plain.push_back(
          fitter.run(without, starting_point_at(without, start_rows), covariance, "float64", iterations, threads)
              .seconds_per_iteration);
    const MixfitRun run = fitter.run(with, starting_point_at(with, start_rows), covariance, "float64", iterations,
                                     threads);
    constant.push_back(run.seconds_per_iteration);
    means = run.means;
  }
  const double with_time = median_of(constant);
  const std::size_t exact_zeros = arma::accu(arma::abs(means) < 1e-9);
  if (plain.empty()) {
    std::printf("%-34s %-10s %12s %12.4f %8s %10zu\n", name.c_str(), covariance.c_str(), "-", with_time, "-",
                exact_zeros);
  } else {
    const double without_time = median_of(plain);
    std::printf("%-34s %-10s %12.4f %12.4f %7.2fx %10zu\n", name.c_str(), covariance.c_str(), without_time, with_time,
                with_time / without_time, exact_zeros);
  }
  std::fflush(stdout);
}

/// Diag and spherical with a constant column (issue 16): N(0,1) data with its
/// last column replaced by zeros; separated clusters whose last column is 0 in
/// one cluster only; scikit-learn's digits if given (many all-zero columns,
/// overall and within a digit).
void constant_column_figure(const MixfitFitter& fitter, const std::string& covariances, std::size_t iterations,
                            std::size_t threads, std::uint64_t seed, const std::string& digits_path) {
  constexpr std::size_t kRows = 100'000, kDimension = 17, kComponents = 16;
  std::printf("constant columns: seconds per EM iteration, medians of 3 interleaved fits; start at rows 0..K-1\n");
  std::printf("%-34s %-10s %12s %12s %8s %10s\n", "data (N=1e5, D=17, K=16)", "covariance", "without s/it",
              "with s/it", "ratio", "μ = 0");
  const arma::uvec start_rows = arma::regspace<arma::uvec>(0, kComponents - 1);
  const arma::mat normal = standard_normal_points(kRows, kDimension, seed);
  arma::mat normal_zero = normal;
  normal_zero.row(kDimension - 1).zeros();
  arma::uvec labels;
  const arma::mat clusters = separated_clusters(kRows, kDimension, kComponents, seed, labels);
  arma::mat clusters_zero = clusters;
  for (arma::uword n = 0; n < clusters.n_cols; ++n)
    if (labels(n) == 0) clusters_zero(kDimension - 1, n) = 0.0;
  fitter.run(normal, starting_point_at(normal, start_rows), "diag", "float64", 3, threads);  // first touch
  for (const auto& covariance : split(covariances)) {
    time_constant_column(fitter, "N(0,1), last column all 0", normal, normal_zero, start_rows, covariance, iterations,
                         threads);
    time_constant_column(fitter, "clusters, last column 0 in one", clusters, clusters_zero, start_rows, covariance,
                         iterations, threads);
    if (!digits_path.empty()) {
      const arma::mat digits = read_digits_csv(digits_path);
      time_constant_column(fitter, "digits (N=1797, D=64, K=10)", arma::mat(), digits,
                           arma::regspace<arma::uvec>(0, 9), covariance, iterations, threads);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string datasets = "M,L,H";
  std::string covariances = "full,diag,spherical";
  std::size_t iterations = 10;
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::uint64_t seed = 20261130;
  bool skip_armadillo = false;
  bool skip_sklearn = false;
  std::string write_npy_path;
  bool with_float32 = false;
  bool constant_columns = false;
  std::string digits_path;
  std::string discrete;
  std::size_t discrete_repeats = 3;
  po::options_description options("mixfit-bench: seconds per EM iteration, mixfit against Armadillo's GMM and "
                                  "scikit-learn's GaussianMixture");
  options.add_options()("help,h", "this help")
      ("datasets", po::value(&datasets)->default_value(datasets), "comma-separated: M (N=1e5,D=16,K=16), "
       "L (N=1e6,D=16,K=32), H (N=2e5,D=64,K=8)")
      ("covariance", po::value(&covariances)->default_value(covariances), "comma-separated covariance types, "
       "and kmeans: Lloyd's k-means from the same start's means, against scikit-learn's KMeans (lloyd); "
       "kmeans++: seconds per k-means++ seeding (s/it column), against scikit-learn's kmeans_plusplus")
      ("iterations", po::value(&iterations)->default_value(iterations), "EM iterations timed per fit")
      ("threads", po::value(&threads)->default_value(threads), "mixfit threads (and Armadillo's OpenMP threads)")
      ("seed", po::value(&seed)->default_value(seed), "seed of the data and the start")
      ("float32", po::bool_switch(&with_float32), "also time mixfit with data.dtype float32")
      ("skip-armadillo", po::bool_switch(&skip_armadillo), "leave Armadillo out")
      ("skip-sklearn", po::bool_switch(&skip_sklearn), "leave scikit-learn out (it runs when /usr/bin/python3 has "
       "python3-sklearn)")
      ("write-npy", po::value(&write_npy_path), "write the (first) data set as a float64 .npy file and exit "
       "(for timing 'mixfit run', e.g. under mpirun: benchmarks/strong_scaling.sh)")
      ("constant-columns", po::bool_switch(&constant_columns), "instead: diag and spherical with and without a "
       "constant column (N(0,1) data, separated clusters; --covariance applies)")
      ("digits", po::value(&digits_path), "with --constant-columns: also time scikit-learn's digits.csv "
       "(zcat .../sklearn/datasets/data/digits.csv.gz > digits.csv)");
  options.add_options()("discrete", po::value(&discrete)->default_value(discrete),
                        "comma-separated discrete cases, after the Gaussian ones: W (whiskey-like bernoulli, "
                        "N=2218,D=21,K=4), B (bernoulli N=2e5,D=64,K=16), C (categorical N=2e5,D=32,L=10,K=16), "
                        "WK and BK (W and B fitted by a Bernoulli family written on the family kit), CK (C by a "
                        "categorical family on the kit over one-hot columns); "
                        "--datasets , skips the Gaussian ones")
      ("discrete-repeats", po::value(&discrete_repeats)->default_value(discrete_repeats),
       "fits per discrete case (the median is printed)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << "mixfit-bench: " << e.what() << "\n" << options;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }

  try {
    if (!write_npy_path.empty()) {
      const ProblemSize size = problem_size(split(datasets).at(0));
      write_npy(write_npy_path, generate_points(size, seed));
      std::printf("wrote %s: %zu rows × %zu columns\n", write_npy_path.c_str(), size.rows, size.dimension);
      return 0;
    }
    const MixfitFitter fitter;
    if (constant_columns) {
      set_blas_threads(1);
      std::printf("threads: %zu, EM iterations timed per fit: %zu\n\n", threads, iterations);
      constant_column_figure(fitter, vm["covariance"].defaulted() ? "diag,spherical" : covariances, iterations,
                             threads, seed, digits_path);
      return 0;
    }
    const double peak_one = measure_dgemm_peak(1);
    const double peak = measure_dgemm_peak(threads);
    set_blas_threads(1);
    const double bandwidth = measure_read_bandwidth(threads), exp_rate = measure_exp_rate(threads);
    std::printf("BLAS: %s\n", blas_description().c_str());
    std::printf("mixfit vector kernels (exp, log): %s\n", mixfit::vector_kernels_in_use().c_str());
    std::printf("threads: %zu   dgemm peak: %.1f GFLOP/s (1 thread), %.1f GFLOP/s (%zu threads)\n", threads, peak_one,
                peak, threads);
    std::printf("read bandwidth: %.1f GB/s, exp rate: %.2f G/s (%zu threads); floor: the roofline bound on one "
                "iteration (arithmetic at the dgemm peak, one read of the data, N·K exponentials), the largest\n",
                bandwidth, exp_rate / 1e9, threads);
    std::printf("EM iterations timed per fit: %zu, same data and same start for every fit\n", iterations);
    std::optional<SklearnPeer> sklearn;
    if (!skip_sklearn) {
      sklearn.emplace();
      if (!sklearn->unavailable().empty()) {
        std::printf("%s\n", sklearn->unavailable().c_str());
        sklearn.reset();
      }
    }
    std::printf("ratio: the best peer's s/it over mixfit's (scikit-learn with 1 or %zu BLAS threads, the faster); "
                "Δmean: max |mixfit's final mean − the peer's|\n\n", threads);
    std::printf("%-4s %-10s %-8s %11s %11s %14s %-7s %7s %8s %7s %10s %-8s %8s %10s %10s\n", "data", "covariance",
                "dtype", "mixfit s/it", "arma s/it", "sklearn s/it", "best", "ratio", "GFLOP/s", "% peak", "floor s/it",
                "bound", "RSS MiB", "Δmean arma", "Δmean skl");
    for (const auto& name : split(datasets)) {
      const ProblemSize size = problem_size(name);
      const arma::mat points = generate_points(size, seed);
      const StartingPoint start = starting_point(points, size.components, seed);
      if (sklearn) sklearn->set_problem(points, start);
      // The first fit of a fresh data set runs slower (first touch of its
      // pages, allocator growth) whatever is fitted: spend that on a throwaway.
      fitter.run(points, start, "diag", "float64", 3, threads);
      for (const auto& covariance : split(covariances)) {
        std::vector<std::string> dtypes{"float64"};
        if (with_float32) dtypes.push_back("float32");
        for (const auto& dtype : dtypes) {
          reset_peak_memory();
          const MixfitRun mine = fitter.run(points, start, covariance, dtype, iterations, threads);
          const double rss = peak_memory_mib();
          const double gflops = flops_per_iteration(size, covariance) / mine.seconds_per_iteration / 1e9;
          // Peers fit float64 only, and neither has mixfit's tied start; Armadillo's gmm_diag stands in for spherical.
          const bool peers = dtype == "float64" && covariance != "tied";
          std::optional<ArmadilloRun> arma_run;
          const bool k_means = covariance == "kmeans" || covariance == "kmeans++";
          if (peers && !skip_armadillo && !k_means) arma_run = run_armadillo(points, start, covariance, iterations);
          std::optional<PeerRun> sklearn_run;
          if (peers && sklearn) sklearn_run = sklearn->run(covariance, iterations, threads);
          std::string best = "-", arma_text = "-", sklearn_text = "-", ratio_text = "-";
          std::string arma_gap = "-", sklearn_gap = "-";
          double best_seconds = 0.0;
          char text[64];
          if (arma_run) {
            std::snprintf(text, sizeof text, "%.4f", arma_run->seconds_per_iteration);
            arma_text = text;
            best = "arma";
            best_seconds = arma_run->seconds_per_iteration;
            if (covariance != "spherical") {
              std::snprintf(text, sizeof text, "%.2e", arma::abs(mine.means - arma_run->means).max());
              arma_gap = text;
            }
          }
          if (sklearn_run) {
            std::snprintf(text, sizeof text, "%.4f (%zu)", sklearn_run->seconds_per_iteration, sklearn_run->threads);
            sklearn_text = text;
            if (best == "-" || sklearn_run->seconds_per_iteration < best_seconds) {
              best = "sklearn";
              best_seconds = sklearn_run->seconds_per_iteration;
            }
            // Seeds are random draws, different in each program: nothing to compare.
            if (covariance != "kmeans++") {
              std::snprintf(text, sizeof text, "%.2e", arma::abs(mine.means - sklearn_run->means).max());
              sklearn_gap = text;
            }
          }
          if (best != "-") {
            std::snprintf(text, sizeof text, "%.1fx", best_seconds / mine.seconds_per_iteration);
            ratio_text = text;
          }
          const Roofline floor = roofline_floor(size, covariance, peak, bandwidth, exp_rate);
          std::printf("%-4s %-10s %-8s %11.4f %11s %14s %-7s %7s %8.1f %6.1f%% %10.4f %-8s %8.0f %10s %10s\n",
                      name.c_str(), covariance.c_str(), dtype.c_str(), mine.seconds_per_iteration, arma_text.c_str(),
                      sklearn_text.c_str(), best.c_str(), ratio_text.c_str(), gflops, 100.0 * gflops / peak,
                      floor.seconds, floor.bound, rss, arma_gap.c_str(), sklearn_gap.c_str());
          std::fflush(stdout);
        }
      }
    }
    run_discrete_benchmarks(split(discrete), iterations, threads, discrete_repeats, seed, peak);
  } catch (const std::exception& e) {
    std::cerr << "mixfit-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
