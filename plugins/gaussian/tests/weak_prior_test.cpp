// With a prior worth almost nothing and many rows, VB from EM's start ends where EM ends, for all four types.
#include <boost/test/unit_test.hpp>

#include "mixfit/inference/expectation_maximization.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/mixing/dirichlet_weights.hpp"
#include "mixfit/mixing/maximum_likelihood_weights.hpp"
#include "posterior_test_support.hpp"

BOOST_AUTO_TEST_SUITE(weak_prior_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr std::size_t kRowsPerCluster = 20000;
constexpr std::size_t kIterations = 30;

// Three overlapping clusters (so the responsibilities are soft and the E-steps matter), D = 2.
arma::mat clustered_rows() {
  arma::mat x = arma::join_rows(random_points(2, kRowsPerCluster, 41), random_points(2, kRowsPerCluster, 42));
  x = arma::join_rows(x, random_points(2, kRowsPerCluster, 43));
  x.cols(kRowsPerCluster, 2 * kRowsPerCluster - 1).row(0) += 5.0;
  x.cols(2 * kRowsPerCluster, 3 * kRowsPerCluster - 1).row(1) += 5.0;
  x.cols(0, kRowsPerCluster - 1) *= 0.7;  // unequal spreads, so each type fits something different
  return x;
}

// β₀ → 0, Ψ₀ → 0, ν₀ = D: the posterior means are the weighted means and νC = N'S (+ 1e-8).
template <class Covariance>
GaussianPrior weak_prior() {
  GaussianPrior prior;
  prior.mean_precision = 1e-8;
  prior.mean = arma::vec{0.0, 0.0};
  prior.degrees_of_freedom = 2.0;
  prior.covariance = scale_of_type<Covariance>(1e-8 * arma::eye(2, 2));
  return prior;
}

MixtureModel make_model(std::unique_ptr<MixingModel> mixing, std::unique_ptr<ComponentFamily> family) {
  std::vector<ColumnSpec> columns = {{"x", ColumnKind::real, 0, {}}, {"y", ColumnKind::real, 1, {}}};
  return MixtureModel(std::move(mixing), std::move(family), YAML::Node(YAML::NodeType::Map), columns);
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(a_weak_prior_gives_the_em_solution, Covariance, CovarianceTypes) {
  const Dataset data = Dataset::from_real("clusters", {"x", "y"}, clustered_rows());
  const BlockPlan plan{data.num_rows(), 4096};
  arma::uvec labels(data.num_rows());  // a rough start: the clusters as generated, with every 7th row moved
  for (std::size_t n = 0; n < labels.n_elem; ++n) labels(n) = (n / kRowsPerCluster + (n % 7 == 0)) % 3;
  const arma::mat start = one_hot(labels, 3);

  MixtureModel em = make_model(std::make_unique<MaximumLikelihoodWeights>(3),
                               std::make_unique<GaussianFamily<Covariance>>(3, 2, 1e-6));
  apply_update(em, statistics_from_weights(em, data, plan, start), ParameterUpdate::point);
  EmOptions em_options;  // every other field at its default
  em_options.max_iter = kIterations;
  em_options.tol = 0.0;
  expectation_maximization(em, data, plan, em_options);

  MixtureModel vb = make_model(std::make_unique<DirichletWeights>(3, 1e-8),
                               std::make_unique<GaussianFamily<Covariance>>(3, 2, 1e-6, 0, weak_prior<Covariance>()));
  apply_update(vb, statistics_from_weights(vb, data, plan, start), ParameterUpdate::variational);
  const FitReport report = variational_bayes(vb, data, plan, VbOptions{kIterations, 0.0});
  BOOST_TEST(report.warnings.empty());

  const auto& em_family = dynamic_cast<const GaussianFamily<Covariance>&>(em.family());
  const auto& vb_family = dynamic_cast<const GaussianFamily<Covariance>&>(vb.family());
  // VB's scores differ from EM's by O(1/N_k) per component (D/(2β_k), the digamma terms, E[log π_k]), so the
  // fits agree to about 1/N_k (observed 1e-5 to 5e-5 with N_k = 20000); ν₀ = D shrinks C by N'/(N' + D), which
  // the comparison undoes.
  const double tolerance = 4.0 / static_cast<double>(kRowsPerCluster);  // 2e-4
  const double weights_error = max_relative_error(vb.mixing().weights(), em.mixing().weights());
  const double means_error = max_absolute_error(vb_family.means(), em_family.means());  // means of size 2–8
  BOOST_TEST_MESSAGE(Covariance::kName << ": weights " << weights_error << ", means " << means_error);
  BOOST_TEST(weights_error < tolerance);
  BOOST_TEST(means_error < tolerance);
  const arma::vec effective_counts = vb_family.degrees_of_freedom() - 2.0;  // ν − ν₀ = N'
  for (std::size_t k = 0; k < 3; ++k) {
    const std::size_t s = kTied<Covariance> ? 0 : k;
    const arma::mat unshrunk = full_covariance_of<Covariance>(vb_family.covariances(), k, 2) *
                               (vb_family.degrees_of_freedom()(s) / effective_counts(s));
    const arma::mat expected = full_covariance_of<Covariance>(em_family.covariances(), k, 2);
    const double error = arma::abs(unshrunk - expected).max() / arma::abs(expected).max();  // relative to its scale
    BOOST_TEST_MESSAGE(Covariance::kName << " component " << k << ": covariance " << error);
    BOOST_TEST(error < tolerance, "component " << k << ": relative error " << error);
  }
}

BOOST_AUTO_TEST_SUITE_END()  // weak_prior_test
