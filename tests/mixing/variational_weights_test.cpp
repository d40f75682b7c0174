// Dirichlet and stick-breaking variational weights: updates against the fixtures, E[log π] and KL against Monte Carlo.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/random_streams.hpp"
#include "mixfit/math/special_functions.hpp"
#include "mixfit/mixing/dirichlet_weights.hpp"
#include "mixfit/mixing/stick_breaking_weights.hpp"
#include "mixfit/mixing/weight_prior.hpp"
#include "support/fixtures.hpp"

#include <boost/random/gamma_distribution.hpp>

#include <cmath>
#include <limits>

BOOST_AUTO_TEST_SUITE(variational_weights_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// Statistics whose only content is the counts N_k.
SufficientStatistics counts_only(const arma::vec& counts) {
  StatLayout layout;
  layout.num_components = counts.n_elem;
  SufficientStatistics stats(layout);
  for (arma::uword k = 0; k < counts.n_elem; ++k) stats.count(k) = counts(k);
  stats.num_rows() = arma::accu(counts);
  return stats;
}

// The counts of the fixtures' initial one-hot responsibilities.
arma::vec initial_counts(const YAML::Node& fixture) {
  const std::size_t k_count = fixture["model"]["n_components"].as<std::size_t>();
  arma::vec counts(k_count, arma::fill::zeros);
  for (const auto& label : fixture["init"]["labels"]) counts(label.as<std::size_t>()) += 1.0;
  return counts;
}

// Draws from Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b).
double draw_beta(double a, double b, RandomStream& stream) {
  boost::random::gamma_distribution<double> ga(a), gb(b);
  const double x = ga(stream);
  const double y = gb(stream);
  return x / (x + y);
}

std::string saved(const MixingModel& mixing) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  mixing.save(out);
  out << YAML::EndMap;
  return out.c_str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(stick_breaking_update_matches_the_dirichlet_process_fixture) {
  const YAML::Node fixture = load_fixture("three_blobs_bgmm_full_dirichlet_process.json");
  const double gamma0 = fixture["priors"]["weight_concentration_prior"].as<double>();
  StickBreakingWeights weights(fixture["model"]["n_components"].as<std::size_t>(), gamma0);
  weights.update(counts_only(initial_counts(fixture)));
  const YAML::Node expected = fixture["expected"]["state_after_initialization"]["weight_concentration"];
  BOOST_TEST(max_relative_error(weights.alphas(), to_vec(expected[0])) < 1e-14);
  BOOST_TEST(max_relative_error(weights.betas(), to_vec(expected[1])) < 1e-14);
}

BOOST_AUTO_TEST_CASE(dirichlet_update_matches_the_dirichlet_distribution_fixture) {
  const YAML::Node fixture = load_fixture("three_blobs_bgmm_full_dirichlet_distribution.json");
  const double gamma0 = fixture["priors"]["weight_concentration_prior"].as<double>();
  DirichletWeights weights(fixture["model"]["n_components"].as<std::size_t>(), gamma0);
  weights.update(counts_only(initial_counts(fixture)));
  const arma::vec expected = to_vec(fixture["expected"]["state_after_initialization"]["weight_concentration"]);
  BOOST_TEST(max_relative_error(weights.concentration(), expected) < 1e-14);
}

BOOST_AUTO_TEST_CASE(point_weights_follow_the_fixture_definitions) {
  // Final concentrations of each fixture → its `weights` (scikit-learn's weights_).
  const YAML::Node process = load_fixture("three_blobs_bgmm_full_dirichlet_process.json");
  StickBreakingWeights sticks(6, process["priors"]["weight_concentration_prior"].as<double>());
  YAML::Node pair;
  pair["weight_concentration"] = process["expected"]["weight_concentration"];
  sticks.load(pair, "fixture");
  BOOST_TEST(max_relative_error(sticks.weights(), to_vec(process["expected"]["weights"])) < 1e-13);

  const YAML::Node finite = load_fixture("three_blobs_bgmm_full_dirichlet_distribution.json");
  DirichletWeights dirichlet(6, finite["priors"]["weight_concentration_prior"].as<double>());
  YAML::Node node;
  node["weight_concentration"] = finite["expected"]["weight_concentration"];
  dirichlet.load(node, "fixture");
  BOOST_TEST(max_relative_error(dirichlet.weights(), to_vec(finite["expected"]["weights"])) < 1e-13);
}

BOOST_AUTO_TEST_CASE(expected_log_weights_and_kl_agree_with_monte_carlo) {
  // E_q[log π_k] and KL(q || p) = E_q[log q(v) − log p(v)] by sampling the sticks.
  const double gamma0 = 0.7;
  StickBreakingWeights sticks(4, gamma0);
  sticks.update(counts_only(arma::vec{3.0, 0.5, 7.0, 1.5}));
  const arma::vec a = sticks.alphas(), b = sticks.betas();
  RandomStream stream = derive_stream(7, "test", 0);
  constexpr std::size_t draws = 200000;
  arma::mat log_pi(4, draws);
  arma::vec log_ratio(draws);
  for (std::size_t s = 0; s < draws; ++s) {
    double remaining = 0.0;  // log Π_{j<k}(1 − v_j)
    double ratio = 0.0;
    for (arma::uword k = 0; k < 4; ++k) {
      const double v = draw_beta(a(k), b(k), stream);
      log_pi(k, s) = std::log(v) + remaining;
      remaining += std::log1p(-v);
      // log Beta(v | a, b) − log Beta(v | 1, γ₀)
      ratio += (a(k) - 1.0) * std::log(v) + (b(k) - 1.0) * std::log1p(-v) - log_beta(a(k), b(k)) -
               ((gamma0 - 1.0) * std::log1p(-v) - log_beta(1.0, gamma0));
    }
    log_ratio(s) = ratio;
  }
  const arma::vec expected = sticks.expected_log_weights();
  for (arma::uword k = 0; k < 4; ++k) {
    const double mean = arma::mean(log_pi.row(k));
    const double se = arma::stddev(log_pi.row(k)) / std::sqrt(static_cast<double>(draws));
    BOOST_TEST(std::abs(mean - expected(k)) < 5 * se, "k = " << k << ": " << mean << " vs " << expected(k));
  }
  const double se = arma::stddev(log_ratio) / std::sqrt(static_cast<double>(draws));
  BOOST_TEST(std::abs(arma::mean(log_ratio) - sticks.kl_to_prior()) < 5 * se);

  DirichletWeights dirichlet(3, 0.4);
  dirichlet.update(counts_only(arma::vec{2.0, 0.25, 5.0}));
  const arma::vec alpha = dirichlet.concentration();
  arma::mat log_draws(3, draws);
  arma::vec dirichlet_ratio(draws);
  for (std::size_t s = 0; s < draws; ++s) {
    arma::vec g(3);
    for (arma::uword k = 0; k < 3; ++k) g(k) = boost::random::gamma_distribution<double>(alpha(k))(stream);
    const arma::vec log_p = arma::log(g / arma::accu(g));
    log_draws.col(s) = log_p;
    // log Dir(π | α) − log Dir(π | α₀)
    double ratio = log_gamma(arma::accu(alpha)) - log_gamma(1.2);
    for (arma::uword k = 0; k < 3; ++k)
      ratio += -log_gamma(alpha(k)) + log_gamma(0.4) + (alpha(k) - 0.4) * log_p(k);
    dirichlet_ratio(s) = ratio;
  }
  const arma::vec dirichlet_expected = dirichlet.expected_log_weights();
  for (arma::uword k = 0; k < 3; ++k) {
    const double mean = arma::mean(log_draws.row(k));
    const double k_se = arma::stddev(log_draws.row(k)) / std::sqrt(static_cast<double>(draws));
    BOOST_TEST(std::abs(mean - dirichlet_expected(k)) < 5 * k_se);
  }
  const double d_se = arma::stddev(dirichlet_ratio) / std::sqrt(static_cast<double>(draws));
  BOOST_TEST(std::abs(arma::mean(dirichlet_ratio) - dirichlet.kl_to_prior()) < 5 * d_se);
}

BOOST_AUTO_TEST_CASE(kl_vanishes_at_the_prior_and_is_positive_elsewhere) {
  StickBreakingWeights sticks(5, 0.2);
  DirichletWeights dirichlet(5, 0.2);
  BOOST_TEST(std::abs(sticks.kl_to_prior()) < 1e-14);
  BOOST_TEST(std::abs(dirichlet.kl_to_prior()) < 1e-14);
  sticks.update(counts_only(arma::vec{1, 2, 0, 4, 0.5}));
  dirichlet.update(counts_only(arma::vec{1, 2, 0, 4, 0.5}));
  BOOST_TEST(sticks.kl_to_prior() > 0.0);
  BOOST_TEST(dirichlet.kl_to_prior() > 0.0);
}

BOOST_AUTO_TEST_CASE(save_and_read_back_exactly) {
  StickBreakingWeights sticks(3, 1.0 / 3.0);
  sticks.update(counts_only(arma::vec{0.1, 10.0 / 3.0, 7.25}));
  DirichletWeights dirichlet(3, 0.5);
  dirichlet.update(counts_only(arma::vec{0.1, 10.0 / 3.0, 7.25}));
  for (const MixingModel* mixing : {static_cast<const MixingModel*>(&sticks), static_cast<const MixingModel*>(&dirichlet)}) {
    const std::string text = saved(*mixing);
    const auto reread = read_mixing(YAML::Load(text), "model.yaml", 3);
    BOOST_TEST(reread->name() == mixing->name());
    BOOST_TEST(saved(*reread) == text);
    BOOST_TEST(arma::approx_equal(reread->expected_log_weights(), mixing->expected_log_weights(), "absdiff", 0.0));
  }
}

BOOST_AUTO_TEST_CASE(permuting_sticks_reorders_their_counts) {
  StickBreakingWeights sticks(3, 0.5);
  sticks.update(counts_only(arma::vec{1.0, 2.0, 3.0}));
  sticks.permute_components(arma::uvec{2, 0, 1});
  StickBreakingWeights expected(3, 0.5);
  expected.update(counts_only(arma::vec{3.0, 1.0, 2.0}));
  BOOST_TEST(arma::approx_equal(sticks.alphas(), expected.alphas(), "reldiff", 1e-15));
  BOOST_TEST(arma::approx_equal(sticks.betas(), expected.betas(), "reldiff", 1e-15));
}

BOOST_AUTO_TEST_SUITE_END()  // variational_weights_test
