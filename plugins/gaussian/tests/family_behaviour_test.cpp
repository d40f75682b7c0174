// Cross-checks between covariance types, permutation, clone, and the failure paths of the M-step and setters.
#include <boost/test/unit_test.hpp>

#include "gaussian_test_support.hpp"
#include "mixfit/core/error.hpp"

#include <cmath>
#include <numbers>

BOOST_AUTO_TEST_SUITE(family_behaviour_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

constexpr double kRelative = 1e-12;

arma::mat scores_of(const ComponentFamily& family, const arma::mat& x) {
  arma::mat scores;
  family.log_likelihood(DataBlock(x, 0, x.n_cols, 0), scores);
  return scores;
}

/// Runs one accumulate + maximize of `family` on x with responsibilities r.
void m_step(ComponentFamily& family, const arma::mat& x, const arma::mat& r) {
  SufficientStatistics stats(family.stat_layout());
  for (arma::uword k = 0; k < r.n_rows; ++k) stats.count(k) = arma::accu(r.row(k));
  family.accumulate(DataBlock(x, 0, x.n_cols, 0), r, stats);
  family.maximize(stats, Estimator::maximum_likelihood);
}

}  // namespace

BOOST_AUTO_TEST_CASE(log_density_of_a_standard_normal) {
  // log N(x | 0, I) = −(D/2) log 2π − ‖x‖²/2, by hand.
  SphericalGaussianFamily family(1, 3, 0.0);
  family.set_parameters(arma::zeros(3, 1), arma::vec{1.0});
  const arma::mat x = {{0.0, 1.0}, {0.0, 2.0}, {0.0, -2.0}};
  const arma::mat scores = scores_of(family, x);
  const double half_log_2pi = 0.5 * std::log(2.0 * std::numbers::pi);
  BOOST_TEST(scores(0, 0) == -3.0 * half_log_2pi, boost::test_tools::tolerance(kRelative));
  BOOST_TEST(scores(0, 1) == -3.0 * half_log_2pi - 4.5, boost::test_tools::tolerance(kRelative));
}

BOOST_AUTO_TEST_CASE(restricted_types_score_like_the_equivalent_full_covariance) {
  const arma::mat x = random_points(3, 40, 5);
  const arma::mat means = random_points(3, 2, 6);
  const arma::mat variances = {{0.5, 2.0}, {1.5, 0.25}, {3.0, 1.0}};  // D×K
  arma::cube as_full(3, 3, 2);
  for (arma::uword k = 0; k < 2; ++k) as_full.slice(k) = arma::diagmat(variances.col(k));
  FullGaussianFamily full(2, 3, 0.0);
  full.set_parameters(means, as_full);
  DiagonalGaussianFamily diag(2, 3, 0.0);
  diag.set_parameters(means, variances);
  BOOST_TEST(max_relative_error(scores_of(diag, x), scores_of(full, x)) <= kRelative);

  as_full.slice(0) = 0.5 * arma::eye(3, 3);
  as_full.slice(1) = 2.0 * arma::eye(3, 3);
  full.set_parameters(means, as_full);
  SphericalGaussianFamily spherical(2, 3, 0.0);
  spherical.set_parameters(means, arma::vec{0.5, 2.0});
  BOOST_TEST(max_relative_error(scores_of(spherical, x), scores_of(full, x)) <= kRelative);

  const arma::mat shared = {{2.0, 0.3, 0.1}, {0.3, 1.0, -0.2}, {0.1, -0.2, 0.7}};
  as_full.slice(0) = shared;
  as_full.slice(1) = shared;
  full.set_parameters(means, as_full);
  TiedGaussianFamily tied(2, 3, 0.0);
  tied.set_parameters(means, shared);
  BOOST_TEST(max_relative_error(scores_of(tied, x), scores_of(full, x)) <= kRelative);
}

BOOST_AUTO_TEST_CASE(restricted_m_steps_agree_with_the_full_one) {
  const arma::mat x = random_points(3, 300, 15);
  const arma::mat r = random_responsibilities(2, 300, 16);
  const double reg = 1e-3;
  FullGaussianFamily full(2, 3, reg);
  DiagonalGaussianFamily diag(2, 3, reg);
  SphericalGaussianFamily spherical(2, 3, reg);
  TiedGaussianFamily tied(2, 3, reg);
  for (ComponentFamily* family : std::initializer_list<ComponentFamily*>{&full, &diag, &spherical, &tied})
    m_step(*family, x, r);
  BOOST_TEST(max_relative_error(diag.means(), full.means()) <= kRelative);
  BOOST_TEST(max_relative_error(tied.means(), full.means()) <= kRelative);
  arma::mat pooled(3, 3, arma::fill::zeros);
  const arma::vec counts = arma::sum(r, 1);
  for (arma::uword k = 0; k < 2; ++k) {
    const arma::vec full_diagonal = full.covariances().slice(k).diag();
    BOOST_TEST(max_relative_error(diag.covariances().col(k), full_diagonal) <= kRelative);
    BOOST_TEST(spherical.covariances()(k) == arma::mean(full_diagonal), boost::test_tools::tolerance(kRelative));
    pooled += counts(k) * (full.covariances().slice(k) - reg * arma::eye(3, 3));
  }
  // Tied = Σ_k N_k (Σ_k − reg I) / N + reg I, up to the 10·eps in N'_k.
  const arma::mat expected_tied = pooled / arma::accu(counts) + reg * arma::eye(3, 3);
  BOOST_TEST(max_relative_error(tied.covariances(), expected_tied) <= kRelative);
}

BOOST_AUTO_TEST_CASE(m_step_failure_names_the_component_and_keeps_the_parameters) {
  // Component 1 gets no weight at all: zero scatter, and with reg_covar = 0
  // a zero covariance.
  const arma::mat x = random_points(2, 20, 25);
  arma::mat r(2, 20, arma::fill::zeros);
  r.row(0).fill(1.0);
  FullGaussianFamily family = fitted_family<FullCovariance>(2, 2, 26);
  FullGaussianFamily strict(2, 2, 0.0);
  strict.set_parameters(family.means(), family.covariances());
  try {
    m_step(strict, x, r);
    BOOST_FAIL("expected a NumericalError");
  } catch (const NumericalError& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find("component 1") != std::string::npos, message);
    BOOST_TEST(message.find("reg_covar") != std::string::npos, message);
  }
  BOOST_TEST(identical(strict.means(), family.means()));
  BOOST_TEST(identical(strict.covariances(), family.covariances()));
  // With the default regularisation the same step succeeds: reg_covar·I is
  // the whole covariance, and the empty component stays at its anchor (its previous mean).
  FullGaussianFamily regularised(2, 2, 1e-6);
  regularised.set_parameters(family.means(), family.covariances());
  m_step(regularised, x, r);
  BOOST_TEST(identical(regularised.covariances().slice(1), arma::mat(1e-6 * arma::eye(2, 2))));
  BOOST_TEST(identical(regularised.means().col(1), family.means().col(1)));
}

namespace {

// One M-step, with reg_covar = 0, of a family of type `Covariance` whose
// means are `means` (its covariances fitted ones) on x with responsibilities
// r: the SingularComponentError's component (kShared for tied), checking
// that the parameters stayed as they were.
template <class Covariance>
std::size_t singular_component_of(const arma::mat& x, const arma::mat& r, const arma::mat& means) {
  const GaussianFamily<Covariance> fitted = fitted_family<Covariance>(r.n_rows, x.n_rows, 26);
  GaussianFamily<Covariance> strict(r.n_rows, x.n_rows, 0.0);
  strict.set_parameters(means, fitted.covariances());
  std::size_t component = 0;
  try {
    m_step(strict, x, r);
    BOOST_FAIL("expected a SingularComponentError");
  } catch (const SingularComponentError& e) {
    component = e.component();
    BOOST_TEST(std::string(e.what()).find("reg_covar = 0") != std::string::npos, e.what());
  }
  BOOST_TEST(identical(strict.means(), means));
  BOOST_TEST(identical(strict.covariances(), fitted.covariances()));
  return component;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_singular_covariance_says_which_component_for_every_covariance_type) {
  // Component 1 holds rows 0 and 1, two copies of the point its mean sits
  // on: every deviation is exactly 0, so is its covariance (the M-step
  // accumulates about the current means).
  arma::mat x = random_points(3, 20, 25);
  x.col(1) = x.col(0);
  arma::mat r(2, 20, arma::fill::zeros);
  r.row(0).fill(1.0);
  r(0, 0) = r(0, 1) = 0.0;
  r(1, 0) = r(1, 1) = 1.0;
  arma::mat means = random_points(3, 2, 27);
  means.col(1) = x.col(0);
  BOOST_TEST(singular_component_of<FullCovariance>(x, r, means) == 1u);
  BOOST_TEST(singular_component_of<DiagonalCovariance>(x, r, means) == 1u);
  BOOST_TEST(singular_component_of<SphericalCovariance>(x, r, means) == 1u);
  // Tied: every row and mean on the plane z = 3, so the pooled covariance has no z variance.
  x.row(2).fill(3.0);
  means.row(2).fill(3.0);
  BOOST_TEST(singular_component_of<TiedCovariance>(x, r, means) == SingularComponentError::kShared);
}

BOOST_AUTO_TEST_CASE(setters_reject_bad_shapes_and_values) {
  FullGaussianFamily full(2, 2, 1e-6);
  BOOST_CHECK_THROW(full.set_parameters(arma::zeros(2, 3), arma::cube(2, 2, 2, arma::fill::ones)), Error);
  arma::cube not_pd(2, 2, 2, arma::fill::zeros);
  not_pd.slice(0) = arma::eye(2, 2);
  BOOST_CHECK_THROW(full.set_parameters(arma::zeros(2, 2), not_pd), NumericalError);
  BOOST_TEST(!full.has_parameters());
  DiagonalGaussianFamily diag(2, 2, 1e-6);
  BOOST_CHECK_THROW(diag.set_parameters(arma::zeros(2, 2), arma::mat{{1.0, 1.0}, {1.0, -1.0}}), NumericalError);
  BOOST_CHECK_THROW(DiagonalGaussianFamily(2, 2, -1.0), Error);
  BOOST_CHECK_THROW(DiagonalGaussianFamily(0, 2, 1e-6), Error);
  arma::mat scores;
  const arma::mat x = arma::zeros(2, 3);
  BOOST_CHECK_THROW(diag.log_likelihood(DataBlock(x, 0, 3, 0), scores), Error);  // no parameters yet
  BOOST_CHECK_THROW(full.maximize(SufficientStatistics(full.stat_layout()), Estimator::maximum_a_posteriori), Error);
}

BOOST_AUTO_TEST_CASE(permutation_reorders_components_and_their_caches) {
  const arma::mat x = random_points(2, 30, 35);
  FullGaussianFamily family = fitted_family<FullCovariance>(3, 2, 36);
  DiagonalGaussianFamily diag = fitted_family<DiagonalCovariance>(3, 2, 36);
  const arma::uvec order = {2, 0, 1};
  const arma::mat before = scores_of(family, x);
  const arma::mat diag_before = scores_of(diag, x);
  family.permute_components(order);
  diag.permute_components(order);
  BOOST_TEST(identical(scores_of(family, x), before.rows(order)));
  BOOST_TEST(identical(scores_of(diag, x), diag_before.rows(order)));
  BOOST_CHECK_THROW(family.permute_components(arma::uvec{0, 0, 1}), Error);
}

BOOST_AUTO_TEST_CASE(clone_is_independent) {
  FullGaussianFamily family = fitted_family<FullCovariance>(2, 2, 45);
  const std::unique_ptr<ComponentFamily> copy = family.clone();
  const arma::mat means = family.means();
  family.permute_components(arma::uvec{1, 0});
  const auto& cloned = dynamic_cast<const FullGaussianFamily&>(*copy);
  BOOST_TEST(identical(cloned.means(), means));
  BOOST_TEST(copy->name() == "gaussian");
  BOOST_TEST(copy->num_components() == 2u);
  BOOST_TEST(copy->dimension() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()  // family_behaviour_test
