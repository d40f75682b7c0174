// The poisson family: closed forms, Monte Carlo checks of the VB expectations, errors, the plugin, conformance.
#include <boost/test/unit_test.hpp>

#include "poisson_cell.hpp"

#include <mixfit/conformance/family_conformance.hpp>
#include <mixfit/core/error.hpp>
#include <mixfit/data/data_block.hpp>
#include <mixfit/plugin/family_registry.hpp>
#include <mixfit/plugin/plugin_loader.hpp>

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace tt = boost::test_tools;
using GammaPrior = mixfit::kit::Gamma;
using poisson::PoissonFamily;

namespace {

PoissonFamily make(std::size_t k, const std::vector<std::string>& columns, double min_rate,
                   std::optional<GammaPrior> prior = std::nullopt) {
  return PoissonFamily(k, columns, {min_rate, prior});
}

const arma::mat& rates(const PoissonFamily& family) { return family.table().values[0]; }

const std::vector<std::string> kColumns = {"visits", "calls"};

/// Statistics as the framework builds them: counts N_k and the family's accumulate.
mixfit::SufficientStatistics statistics(const PoissonFamily& family, const arma::mat& x, const arma::mat& weights) {
  mixfit::SufficientStatistics stats(family.stat_layout());
  family.accumulate(mixfit::DataBlock(x, 0, x.n_cols, 0), weights, stats);
  stats.num_rows() = static_cast<double>(x.n_cols);
  for (std::size_t k = 0; k < weights.n_rows; ++k) stats.count(k) = arma::accu(weights.row(k));
  return stats;
}

arma::mat scores(const mixfit::ComponentFamily& family, const arma::mat& x, bool expected = false) {
  arma::mat s;
  const mixfit::DataBlock block(x, 0, x.n_cols, 0);
  expected ? family.expected_log_likelihood(block, s) : family.log_likelihood(block, s);
  return s;
}

std::string load_error(const std::string& text, std::optional<GammaPrior> prior = std::nullopt) {
  PoissonFamily family = make(2, kColumns, 1e-10, prior);
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const mixfit::ConfigError& e) {
    BOOST_TEST(!family.has_parameters());  // unchanged
    return e.what();
  }
  return "(no error)";
}

const arma::mat kX = {{0, 3, 1, 7}, {2, 0, 5, 1}};  // D×n counts
const arma::mat kW = {{1.0, 0.25, 0.5, 0.0}, {0.0, 0.75, 0.5, 1.0}};  // K×n weights

}  // namespace

BOOST_AUTO_TEST_SUITE(poisson_family_test)

BOOST_AUTO_TEST_CASE(log_likelihood_is_the_poisson_log_pmf) {
  PoissonFamily family = make(2, kColumns, 1e-10);
  family.set_parameters({arma::mat{{2.0, 0.5}, {3.0, 1.0}}});  // column k = λ_k
  const arma::mat s = scores(family, kX);
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < kX.n_cols; ++j) {
      double expected = 0.0;  // log(λ^x e^−λ / x!) by hand
      for (std::size_t d = 0; d < 2; ++d) {
        const double lambda = rates(family)(d, k), x = kX(d, j);
        expected += x * std::log(lambda) - lambda - std::lgamma(x + 1.0);
      }
      BOOST_TEST(s(k, j) == expected, tt::tolerance(1e-13));
    }
}

BOOST_AUTO_TEST_CASE(m_step_maximum_likelihood_and_map) {
  PoissonFamily family = make(2, kColumns, 1e-10, GammaPrior{3.0, 2.0});
  const mixfit::SufficientStatistics stats = statistics(family, kX, kW);
  // S = X Wᵀ: component 0 sees 0 + 0.75 + 0.5 = 1.25 visits, 2 + 0 + 2.5 = 4.5 calls out of N_0 = 1.75.
  family.maximize(stats, mixfit::Estimator::maximum_likelihood);
  BOOST_TEST(rates(family)(0, 0) == 1.25 / 1.75, tt::tolerance(1e-15));
  BOOST_TEST(rates(family)(1, 0) == 4.5 / 1.75, tt::tolerance(1e-15));
  BOOST_TEST(rates(family)(0, 1) == (2.25 + 0.5 + 7.0) / 2.25, tt::tolerance(1e-15));
  family.maximize(stats, mixfit::Estimator::maximum_a_posteriori);  // (S + a₀ − 1) / (N + b₀)
  BOOST_TEST(rates(family)(0, 0) == (1.25 + 2.0) / (1.75 + 2.0), tt::tolerance(1e-15));
  BOOST_TEST(rates(family)(1, 1) == (0.5 * 5 + 1 + 2.0) / (2.25 + 2.0), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(min_rate_floors_a_column_of_zeros_and_map_needs_a_prior) {
  PoissonFamily family = make(1, {"only"}, 1e-6);
  const arma::mat zeros(1, 5, arma::fill::zeros);
  family.maximize(statistics(family, zeros, arma::mat(1, 5, arma::fill::ones)), mixfit::Estimator::maximum_likelihood);
  BOOST_TEST(rates(family)(0, 0) == 1e-6);
  BOOST_TEST(scores(family, zeros).is_finite());
  BOOST_CHECK_THROW(family.maximize(statistics(family, zeros, arma::mat(1, 5, arma::fill::ones)),
                                    mixfit::Estimator::maximum_a_posteriori),
                    mixfit::Error);
}

BOOST_AUTO_TEST_CASE(posterior_update_is_conjugate) {
  PoissonFamily family = make(2, kColumns, 1e-10, GammaPrior{3.0, 2.0});
  family.update_posterior(statistics(family, kX, kW));
  BOOST_TEST_REQUIRE(family.has_posterior());
  BOOST_TEST(family.table().posterior[0](0, 0) == 3.0 + 1.25, tt::tolerance(1e-15));
  BOOST_TEST(family.table().posterior[1](1, 0) == 2.0 + 1.75, tt::tolerance(1e-15));
  BOOST_TEST(rates(family)(0, 0) == 4.25 / 3.75, tt::tolerance(1e-15));  // point estimate = posterior mean
}

// E_q[log p(x | λ)] and KL(q || p) against Monte Carlo over λ ~ q: independent of the digamma and
// log-gamma formulas the family uses.
BOOST_AUTO_TEST_CASE(expected_scores_and_kl_match_monte_carlo) {
  PoissonFamily family = make(1, {"only"}, 1e-10, GammaPrior{2.0, 0.5});
  const arma::mat x = {{4.0, 0.0, 9.0}};
  family.update_posterior(statistics(family, x, arma::mat(1, 3, arma::fill::ones)));
  const double a = family.table().posterior[0](0, 0), b = family.table().posterior[1](0, 0);  // 15, 3.5
  boost::random::mt19937_64 stream(42);
  boost::random::gamma_distribution<double> draw(a, 1.0 / b);  // shape, scale
  const std::size_t draws = 200000;
  arma::vec log_p(3, arma::fill::zeros);
  arma::vec log_p_sq(3, arma::fill::zeros);
  double kl = 0.0, kl_sq = 0.0;
  for (std::size_t i = 0; i < draws; ++i) {
    const double lambda = draw(stream);
    for (std::size_t j = 0; j < 3; ++j) {
      const double v = x(0, j) * std::log(lambda) - lambda - std::lgamma(x(0, j) + 1.0);
      log_p(j) += v;
      log_p_sq(j) += v * v;
    }
    // log q(λ) − log p(λ) for Gamma densities b^a λ^(a−1) e^(−bλ) / Γ(a)
    const double log_q = a * std::log(b) + (a - 1) * std::log(lambda) - b * lambda - std::lgamma(a);
    const double log_prior = 2.0 * std::log(0.5) + std::log(lambda) - 0.5 * lambda - std::lgamma(2.0);
    kl += log_q - log_prior;
    kl_sq += (log_q - log_prior) * (log_q - log_prior);
  }
  const arma::mat expected = scores(family, x, /*expected=*/true);
  for (std::size_t j = 0; j < 3; ++j) {
    const double mean = log_p(j) / draws;
    const double standard_error = std::sqrt((log_p_sq(j) / draws - mean * mean) / draws);
    BOOST_TEST(std::abs(expected(0, j) - mean) <= 5 * standard_error, expected(0, j) << " vs " << mean);
  }
  const double kl_mean = kl / draws;
  const double kl_error = std::sqrt((kl_sq / draws - kl_mean * kl_mean) / draws);
  BOOST_TEST(std::abs(family.kl_to_prior() - kl_mean) <= 5 * kl_error, family.kl_to_prior() << " vs " << kl_mean);
}

// Counts are the columns' domain, which the framework checks once where data are read (the CLI test shows the
// located error for 2.5); the family states it and no pass re-checks.
BOOST_AUTO_TEST_CASE(every_column_holds_counts) {
  const std::vector<mixfit::ColumnDomain> domains = make(1, kColumns, 1e-10).column_domains();
  BOOST_TEST(domains.size() == 2u);
  for (const mixfit::ColumnDomain domain : domains) BOOST_TEST((domain == mixfit::ColumnDomain::count));
}

BOOST_AUTO_TEST_CASE(load_errors_are_located) {
  const std::string head = "components:\n  - rates: [1, 2]\n";
  BOOST_TEST(load_error(head + "  - rates: [1, 2, 3]\n").find("model.yaml:3:") == 0u);
  BOOST_TEST(load_error(head + "  - rates: [1, 0]\n").find("components[1].rates[1]: expected a number > 0") !=
             std::string::npos);
  BOOST_TEST(load_error(head + "  - {rates: [1, 2], speed: 3}\n").find("speed") != std::string::npos);
  BOOST_TEST(load_error("components:\n  - {rates: [1, 2], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n"
                        "  - {rates: [1, 2]}\n")
                 .find("components[1]: expected gamma_shape and the other posterior keys") != std::string::npos);
  BOOST_TEST(load_error("components:\n  - {rates: [1, 3], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n"
                        "  - {rates: [1, 2], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n")
                 .find("components[0].rates[1]: expected the posterior mean") != std::string::npos);
  BOOST_TEST(load_error("prior: {shape: 1, rate: 2}\n" + head + "  - rates: [1, 2]\n", GammaPrior{2.0, 2.0})
                 .find("model.yaml:1:") == 0u);
}

BOOST_AUTO_TEST_CASE(the_built_plugin_registers_poisson_with_its_options) {
  mixfit::FamilyRegistry registry;
  mixfit::PluginLoader(registry).load_file(MIXFIT_PLUGIN_FILE);
  BOOST_TEST_REQUIRE(registry.contains("poisson"));
  const YAML::Node options =
      registry.resolve_options("poisson", YAML::Load("{prior: {shape: 2, rate: 1}}"), {"x.yaml", "model.options"});
  BOOST_TEST(options["min_rate"].as<double>() == 1e-10);
  const mixfit::FamilySpec spec{2, {{"visits", mixfit::ColumnKind::real, 0, {}}}, options, "x.yaml", &registry};
  BOOST_TEST(registry.create("poisson", spec)->capabilities().maximum_a_posteriori);
  try {
    registry.resolve_options("poisson", YAML::Load("{prior: {shape: 0, rate: 1}}"), {"x.yaml", "model.options"});
    BOOST_FAIL("shape 0 accepted");
  } catch (const mixfit::ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("model.options.prior.shape") != std::string::npos, e.what());
  }
}

// The framework's generic checks, unchanged: statistics, persistence, sampling, normalisation, ML and VB.
BOOST_AUTO_TEST_CASE(passes_the_conformance_suite) {
  for (const std::optional<GammaPrior> prior : {std::optional<GammaPrior>{}, std::optional<GammaPrior>{{2.0, 1.0}}}) {
    mixfit::conformance::FamilyCase c;
    c.name = prior ? "poisson with a Gamma(2, 1) prior" : "poisson without a prior";
    c.columns = {{"visits", mixfit::ColumnKind::real, 0, {}}, {"calls", mixfit::ColumnKind::real, 1, {}},
                 {"emails", mixfit::ColumnKind::real, 2, {}}};
    c.make_family = [prior] { return std::make_unique<PoissonFamily>(
                          2, std::vector<std::string>{"visits", "calls", "emails"}, PoissonFamily::Options{1e-10, prior});
    };
    c.parameters = YAML::Load("components: [{rates: [0.5, 4, 2]}, {rates: [6, 1.5, 8]}]");
    // Five standard errors sqrt(λ / N) at N = 2000 lie below 0.08 + 0.06 λ for every λ here.
    c.absolute_tolerance = 0.08;
    c.relative_tolerance = 0.06;
    // Every count 0..40 in each column: the missing tail is below 1e-12 for λ ≤ 8.
    const std::size_t top = 41;
    c.quadrature_points.set_size(3, top * top * top);
    for (std::size_t i = 0; i < c.quadrature_points.n_cols; ++i)
      c.quadrature_points.col(i) = arma::vec{double(i % top), double(i / top % top), double(i / top / top)};
    c.quadrature_weights.ones(c.quadrature_points.n_cols);
    const auto results = mixfit::conformance::check_family(c);
    BOOST_TEST_MESSAGE(mixfit::conformance::report(results));
    BOOST_TEST(results.size() == 13u);
    for (const auto& result : results) BOOST_TEST(result.passed, c.name << ": " << result.check << ": " << result.detail);
  }
}

BOOST_AUTO_TEST_SUITE_END()
