// Conformance checks of the family inside the framework's own loops: monotone EM and VB, thread-count independence.
#include "checks.hpp"

#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/mixing/dirichlet_weights.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"

#include <cmath>

namespace mixfit::conformance::detail {
namespace {

constexpr std::size_t kIterations = 25;
constexpr std::size_t kBlockSize = 97;  // many uneven blocks, so the block loop really splits the rows

/// The first iteration whose objective fell by more than rounding, or 0.
std::size_t first_decrease(const FitReport& report, double& drop) {
  for (std::size_t t = 1; t < report.trace.size(); ++t) {
    drop = report.trace[t - 1].objective - report.trace[t].objective;
    if (!(drop <= 1e-9 * (std::abs(report.trace[t].objective) + 1.0))) return t + 1;
  }
  return 0;
}

/// A blurred partition: 0.6 × the true labels' one-hot weights + 0.4 × random responsibilities. Its components
/// differ (uniform random weights alone would start every component at the pooled data, a fixed point of EM)
/// yet are far from the truth, so the iterations have a long way to climb.
arma::mat starting_weights(const FamilyCase& family_case, const Fixture& fixture, std::uint64_t index) {
  const std::size_t k_count = fixture.truth->num_components();
  return 0.6 * one_hot(fixture.sample.labels, k_count) +
         0.4 * random_weights(k_count, fixture.sample.data.num_rows(), family_case.seed, index);
}

}  // namespace

CheckResult check_em_monotone(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"em_monotone", false, {}};
  const Dataset& data = fixture.sample.data;
  std::unique_ptr<ComponentFamily> family = family_case.make_family();
  const std::size_t k_count = family->num_components();
  MixtureModel model(std::make_unique<MaximumLikelihoodWeights>(k_count), std::move(family), YAML::Node(),
                     family_case.columns);
  const SufficientStatistics start = statistics_for(model.family(), data, starting_weights(family_case, fixture, 4));
  model.family().maximize(start, Estimator::maximum_likelihood);
  model.mixing().update(start);
  EmOptions em_options;  // every other field at its default
  em_options.max_iter = kIterations;
  em_options.tol = 0.0;
  const FitReport report = expectation_maximization(model, data, BlockPlan{data.num_rows(), kBlockSize, 1}, em_options);
  double drop = 0.0;
  if (const std::size_t at = first_decrease(report, drop)) {
    result.detail = "the mean log-likelihood fell by " + number_text(drop) + " at EM iteration " + std::to_string(at);
    return result;
  }
  result.passed = true;
  result.detail = std::to_string(report.trace.size()) + " EM iterations from a blurred partition, mean "
                  "log-likelihood " + number_text(report.trace.front().objective) + " → " +
                  number_text(report.trace.back().objective) + ", never lower";
  return result;
}

CheckResult check_vb_monotone(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"vb_monotone", false, {}};
  const Dataset& data = fixture.sample.data;
  std::unique_ptr<ComponentFamily> family = family_with_data_prior(family_case, fixture);
  const std::size_t k_count = family->num_components();
  MixtureModel model(std::make_unique<DirichletWeights>(k_count, 1.0 / static_cast<double>(k_count)),
                     std::move(family), YAML::Node(), family_case.columns);
  const SufficientStatistics start = statistics_for(model.family(), data, starting_weights(family_case, fixture, 5));
  model.family().update_posterior(start);
  model.mixing().update(start);
  const FitReport report =
      variational_bayes(model, data, BlockPlan{data.num_rows(), kBlockSize, 1}, VbOptions{kIterations, 0.0});
  double drop = 0.0;
  if (const std::size_t at = first_decrease(report, drop)) {
    result.detail = "the ELBO fell by " + number_text(drop) + " at VB iteration " + std::to_string(at) +
                    " (a wrong expected score, posterior update or KL breaks coordinate ascent)";
    return result;
  }
  result.passed = true;
  result.detail = std::to_string(report.trace.size()) + " VB iterations, ELBO " +
                  number_text(report.trace.front().objective) + " → " + number_text(report.trace.back().objective) +
                  ", never lower";
  return result;
}

CheckResult check_identical_across_threads(const FamilyCase& family_case, const Fixture& fixture) {
  CheckResult result{"identical_across_threads", false, {}};
  const Dataset& data = fixture.sample.data;
  const MixtureModel model(std::make_unique<MaximumLikelihoodWeights>(fixture.truth->num_components()),
                           fixture.truth->clone(), YAML::Node(), family_case.columns);
  const SufficientStatistics one =
      statistics_pass(model, data, BlockPlan{data.num_rows(), kBlockSize, 1}, Assignment::soft);
  for (const std::size_t threads : {2u, 7u}) {
    const SufficientStatistics many =
        statistics_pass(model, data, BlockPlan{data.num_rows(), kBlockSize, threads}, Assignment::soft);
    const arma::vec a(const_cast<double*>(one.data()), one.size(), false, true);
    const arma::vec b(const_cast<double*>(many.data()), many.size(), false, true);
    if (!identical(a, b)) {
      result.detail = "an E-step pass with " + std::to_string(threads) +
                      " threads gives other statistics than with 1 (shared mutable state in a const method?)";
      return result;
    }
  }
  result.passed = true;
  result.detail = "E-step statistics over " + std::to_string(BlockPlan{data.num_rows(), kBlockSize, 1}.num_blocks()) +
                  " blocks identical bit for bit with 1, 2 and 7 threads";
  return result;
}

}  // namespace mixfit::conformance::detail
