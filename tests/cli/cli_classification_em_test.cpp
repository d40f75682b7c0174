// inference.algorithm: cem against a classification EM written out here from Celeux & Govaert (1992).
//
// The reference is the textbook loop with nothing shared with mixfit: log ρ_nk = log π_k + log N(x_n | μ_k, Σ_k)
// by a plain Cholesky, z_n = arg max_k ρ_nk (ties to the lowest k), then π_k = n_k/N, μ_k the mean of the
// rows labelled k, Σ_k their covariance (divisor n_k) + reg_covar·I. From the same start mixfit's cem must
// give the same labels at every iteration (so the same trace, to rounding) and the same final parameters.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_classification_em_test)

using namespace mixfit::testing;

namespace {

struct Gaussians {
  arma::vec weights;
  arma::mat means;         // D×K
  arma::cube covariances;  // D×D×K
};

/// log π_k + log N(x_n | μ_k, Σ_k), K×N.
arma::mat joint_log_densities(const arma::mat& x, const Gaussians& g) {
  const arma::uword k_count = g.weights.n_elem;
  arma::mat out(k_count, x.n_cols);
  for (arma::uword k = 0; k < k_count; ++k) {
    const arma::mat factor = arma::chol(g.covariances.slice(k), "lower");
    const double log_det = 2.0 * arma::accu(arma::log(factor.diag()));
    const arma::mat centred = x.each_col() - g.means.col(k);
    const arma::mat whitened = arma::solve(arma::trimatl(factor), centred);
    const arma::rowvec distances = arma::sum(arma::square(whitened), 0);
    out.row(k) = std::log(g.weights(k)) -
                 0.5 * (static_cast<double>(x.n_rows) * std::log(2.0 * std::numbers::pi) + log_det + distances);
  }
  return out;
}

arma::uvec labels_of(const arma::mat& joint) {
  arma::uvec labels(joint.n_cols);
  for (arma::uword n = 0; n < joint.n_cols; ++n) {
    arma::uword best = 0;
    for (arma::uword k = 1; k < joint.n_rows; ++k)
      if (joint(k, n) > joint(best, n)) best = k;
    labels(n) = best;
  }
  return labels;
}

Gaussians m_step(const arma::mat& x, const arma::uvec& labels, arma::uword k_count, double reg_covar) {
  Gaussians g{arma::vec(k_count), arma::mat(x.n_rows, k_count), arma::cube(x.n_rows, x.n_rows, k_count)};
  for (arma::uword k = 0; k < k_count; ++k) {
    const arma::mat rows = x.cols(arma::find(labels == k));
    const double n_k = static_cast<double>(rows.n_cols);
    g.weights(k) = n_k / static_cast<double>(x.n_cols);
    g.means.col(k) = arma::mean(rows, 1);
    const arma::mat centred = rows.each_col() - g.means.col(k);
    g.covariances.slice(k) = centred * centred.t() / n_k + reg_covar * arma::eye(x.n_rows, x.n_rows);
  }
  return g;
}

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

}  // namespace

BOOST_AUTO_TEST_CASE(cem_is_the_textbook_classification_em_from_the_same_start) {
  const arma::mat x = faithful_columns();
  const arma::uword k_count = 3;
  const double reg_covar = 1e-6;
  const std::size_t iterations = 25;
  // A deliberately poor start: three means on the long axis, round unit-free covariances, equal weights.
  Gaussians g{arma::vec(k_count, arma::fill::value(1.0 / 3.0)), arma::mat{{2.0, 3.0, 4.5}, {60.0, 70.0, 75.0}},
              arma::cube(2, 2, k_count)};
  g.covariances.each_slice() = arma::mat{{1.0, 0.0}, {0.0, 100.0}};

  TempDir dir;
  write_text(dir.file("start.yaml"),
             "family: gaussian\noptions: {covariance: full}\ncolumns: [eruptions, waiting]\n"
             "weights: [0.3333333333333333, 0.3333333333333333, 0.3333333333333333]\ncomponents:\n"
             "  - {mean: [2, 60], covariance: [[1, 0], [0, 100]]}\n  - {mean: [3, 70], covariance: [[1, 0], [0, 100]]}\n"
             "  - {mean: [4.5, 75], covariance: [[1, 0], [0, 100]]}\n");
  write_text(dir.file("cem.yaml"),
             "experiment: {name: cem, seed: 1}\n"
             "data: {path: " + std::string(MIXFIT_SOURCE_DIR) + "/tests/data/faithful/faithful.csv}\n"
             "model: {components: 3, family: gaussian, options: {covariance: full, reg_covar: 1.0e-6}}\n"
             "inference: {algorithm: cem, max_iter: " + std::to_string(iterations) +
             ", tol: 0, init: {method: given, file: start.yaml}}\noutput: {dir: run}\n");
  const CommandResult result = run_mixfit({"run", dir.file("cem.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);

  // The reference: the given start's weights are 1/3 to 16 digits, as written.
  g.weights.fill(0.3333333333333333);
  std::vector<double> objective;
  arma::uvec previous_labels;
  std::size_t changes_in_last_iterations = 0;
  for (std::size_t t = 0; t < iterations; ++t) {
    const arma::mat joint = joint_log_densities(x, g);
    const arma::uvec labels = labels_of(joint);
    double classification = 0.0;
    for (arma::uword n = 0; n < x.n_cols; ++n) classification += joint(labels(n), n);
    objective.push_back(classification / static_cast<double>(x.n_cols));
    if (t + 5 >= iterations && previous_labels.n_elem) changes_in_last_iterations += arma::accu(labels != previous_labels);
    previous_labels = labels;
    g = m_step(x, labels, k_count, reg_covar);
  }
  BOOST_TEST_REQUIRE(changes_in_last_iterations == 0u);  // the reference has settled: the comparison is a fixed point

  const std::vector<std::string> trace = split_lines(read_text(dir.file("run/trace.csv")));
  BOOST_TEST_REQUIRE(trace.size() == iterations + 1);
  BOOST_TEST(trace[0] == "iteration,mean_classification_log_likelihood,delta,seconds");
  double best = -INFINITY;
  for (std::size_t t = 0; t < iterations; ++t) {
    const std::string& line = trace[t + 1];
    const std::size_t first = line.find(',') + 1;
    const double ours = std::stod(line.substr(first, line.find(',', first) - first));
    BOOST_TEST(relative(ours, objective[t]) < 1e-12, "iteration " << t + 1 << ": " << ours << " against " << objective[t]);
    // The classification likelihood never decreases (to rounding).
    BOOST_TEST(ours >= best - 1e-13 * std::abs(ours), "iteration " << t + 1);
    best = std::max(best, ours);
  }
  BOOST_TEST(objective.back() > objective.front() + 0.05);  // the start was poor: CEM moved

  const YAML::Node model = YAML::LoadFile(dir.file("run/model.yaml"));
  for (arma::uword k = 0; k < k_count; ++k) {
    BOOST_TEST(relative(model["weights"][k].as<double>(), g.weights(k)) < 1e-12);
    arma::mat covariance(2, 2);
    for (arma::uword i = 0; i < 2; ++i) {
      BOOST_TEST(relative(model["components"][k]["mean"][i].as<double>(), g.means(i, k)) < 1e-12);
      for (arma::uword j = 0; j < 2; ++j) covariance(i, j) = model["components"][k]["covariance"][i][j].as<double>();
    }
    // Normwise: an off-diagonal entry near 0 is compared to the matrix's scale.
    BOOST_TEST(arma::abs(covariance - g.covariances.slice(k)).max() / arma::abs(g.covariances.slice(k)).max() < 1e-12,
               "covariance of component " << k);
  }
  // labels.csv: the final model's arg max, the reference's labels after its last M-step.
  const arma::uvec expected = labels_of(joint_log_densities(x, g));
  const std::vector<std::string> labels = split_lines(read_text(dir.file("run/labels.csv")));
  BOOST_TEST_REQUIRE(labels.size() == x.n_cols + 1);
  std::size_t differ = 0;
  for (arma::uword n = 0; n < x.n_cols; ++n) differ += std::stoul(labels[n + 1]) != expected(n);
  BOOST_TEST(differ == 0u);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(summary["algorithm"].as<std::string>() == "cem");
  BOOST_TEST(relative(summary["classification_log_likelihood"].as<double>(),
                      [&] {
                        const arma::mat joint = joint_log_densities(x, g);
                        double total = 0.0;
                        for (arma::uword n = 0; n < x.n_cols; ++n) total += joint(expected(n), n);
                        return total;
                      }()) < 1e-12);
}

// configs/banknote_cem.yaml: every restart reaches a fixed partition, and the best classification likelihood wins.
BOOST_AUTO_TEST_CASE(the_example_reaches_a_fixed_partition_and_keeps_the_best_restart) {
  TempDir dir;
  const CommandResult result = run_mixfit(
      {"run", std::string(MIXFIT_SOURCE_DIR) + "/configs/banknote_cem.yaml", "--out", dir.file("run"), "--quiet"});
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  const YAML::Node summary = YAML::LoadFile(dir.file("run/summary.yaml"));
  BOOST_TEST(summary["converged"].as<bool>());
  const double best = summary["classification_log_likelihood"].as<double>();
  BOOST_TEST(best <= summary["log_likelihood"].as<double>());  // Σ max ≤ Σ log-sum-exp
  for (const YAML::Node& restart : summary["restarts"]) {
    BOOST_TEST(restart["converged"].as<bool>());
    BOOST_TEST(restart["classification_log_likelihood"].as<double>() <= best + 1e-9 * std::abs(best));
  }
}

// CEM has no soft weights for a noise component to share, so the config is refused before any work.
BOOST_AUTO_TEST_CASE(cem_refuses_a_noise_component) {
  TempDir dir;
  write_text(dir.file("noise.yaml"),
             "experiment: {name: noise, seed: 1}\n"
             "data: {path: " + std::string(MIXFIT_SOURCE_DIR) + "/tests/data/faithful/faithful.csv}\n"
             "model: {components: 2, family: gaussian, noise: {init: 0.1}}\ninference: {algorithm: cem}\n"
             "output: {dir: run}\n");
  const CommandResult result = run_mixfit({"validate", dir.file("noise.yaml")});
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.err.find("inference.algorithm is cem") != std::string::npos, result.err);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_classification_em_test
