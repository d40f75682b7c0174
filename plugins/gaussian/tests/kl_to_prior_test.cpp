// KL(q || p) is a divergence: zero when the posterior is the prior, positive for any other posterior.
#include <boost/test/unit_test.hpp>

#include "posterior_test_support.hpp"

#include <boost/random/uniform_real_distribution.hpp>

BOOST_AUTO_TEST_SUITE(kl_to_prior_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// A posterior with random values (not from a conjugate update: ν may be below ν₀, β below β₀) written as
// model.yaml and loaded, K = 3, D = 2.
template <class Covariance>
std::string random_posterior_text(RandomStream& stream) {
  boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);
  auto number = [&](double lo, double hi) { return format_double(lo + (hi - lo) * uniform(stream)); };
  auto spd = [&] {  // A Aᵀ + 0.1 I for a random A
    arma::mat a(2, 2);
    for (double& v : a) v = -1.0 + 2.0 * uniform(stream);
    arma::mat c = a * a.t() + 0.1 * arma::eye(2, 2);
    return arma::mat(0.5 * (c + c.t()));
  };
  auto matrix_text = [&](const arma::mat& c) {
    if constexpr (kDiag<Covariance>)
      return "[" + format_double(c(0, 0)) + ", " + format_double(c(1, 1)) + "]";
    else if constexpr (kSpherical<Covariance>)
      return format_double(c(0, 0));
    else
      return "[[" + format_double(c(0, 0)) + ", " + format_double(c(0, 1)) + "], [" + format_double(c(1, 0)) +
             ", " + format_double(c(1, 1)) + "]]";
  };
  std::string text = "components:\n";
  for (int k = 0; k < 3; ++k) {
    text += "  - mean: [" + number(-3, 3) + ", " + number(-3, 3) + "]\n";
    if constexpr (!kTied<Covariance>) text += "    covariance: " + matrix_text(spd()) + "\n";
    text += "    mean_precision: " + number(0.01, 50) + "\n";
    if constexpr (!kTied<Covariance>) text += "    degrees_of_freedom: " + number(1.01, 60) + "\n";
  }
  if constexpr (kTied<Covariance>)
    text += "shared: {covariance: " + matrix_text(spd()) + ", degrees_of_freedom: " + number(1.01, 60) + "}\n";
  text += "prior: {mean_precision: " + number(0.01, 50) + ", mean: [" + number(-3, 3) + ", " + number(-3, 3) +
          "], degrees_of_freedom: " + number(1.01, 60) + ", covariance: " + matrix_text(spd()) + "}\n";
  return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(kl_vanishes_when_the_posterior_is_the_prior, Covariance, CovarianceTypes) {
  GaussianFamily<Covariance> family(3, 2, 0.0, 0, test_prior<Covariance>());
  family.update_posterior(SufficientStatistics(family.stat_layout()));  // N_k = 0: q = p up to N'_k = 10·eps
  BOOST_TEST(family.kl_to_prior() >= -1e-12);
  BOOST_TEST(family.kl_to_prior() < 1e-9);
  // Not trivially: the same family after seeing data is far from its prior.
  family.update_posterior(stats_of(family, random_points(2, 30, 3), random_responsibilities(3, 30, 4)));
  BOOST_TEST(family.kl_to_prior() > 1.0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(kl_is_positive_for_posteriors_from_data, Covariance, CovarianceTypes) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const std::size_t n = 3 + 7 * seed;  // from a handful of rows to 143
    const GaussianFamily<Covariance> family = posterior_family<Covariance>(1 + seed % 4, 100 + 2 * seed, n);
    BOOST_TEST(family.kl_to_prior() > 0.0, "seed " << seed);
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(kl_is_positive_for_arbitrary_posteriors, Covariance, CovarianceTypes) {
  RandomStream stream = derive_stream(9, "kl_to_prior_test", 0);
  for (int trial = 0; trial < 200; ++trial) {
    const std::string text = random_posterior_text<Covariance>(stream);
    GaussianFamily<Covariance> family(3, 2, 1e-6);
    family.load(YAML::Load(text), "random.yaml");
    BOOST_TEST_REQUIRE(family.has_posterior());
    BOOST_TEST(family.kl_to_prior() > 0.0, text);
  }
}

BOOST_AUTO_TEST_SUITE_END()  // kl_to_prior_test
