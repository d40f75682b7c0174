// The exponential family, and through it the kit's CellwiseFamily: closed forms against hand-written formulas
// (Boost's digamma, not the kit's), located load errors, bounds, domains, the plugin and the conformance suite.
#include <boost/test/unit_test.hpp>

#include "exponential_cell.hpp"

#include <mixfit/conformance/family_conformance.hpp>
#include <mixfit/conformance/quadrature.hpp>
#include <mixfit/core/error.hpp>
#include <mixfit/data/data_block.hpp>
#include <mixfit/plugin/family_registry.hpp>
#include <mixfit/plugin/plugin_loader.hpp>

#include <boost/math/special_functions/digamma.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace tt = boost::test_tools;
using mixfit::exponential::ExponentialFamily;
using Gamma = mixfit::kit::Gamma;

namespace {

const std::vector<std::string> kColumns = {"wait", "service"};
const arma::mat kX = {{0.5, 2.0, 0.0, 1.5}, {3.0, 0.25, 1.0, 4.0}};    // D×n waiting times
const arma::mat kW = {{1.0, 0.25, 0.5, 0.0}, {0.0, 0.75, 0.5, 1.0}};  // K×n weights

ExponentialFamily make(std::size_t k, double min_rate = 1e-10, std::optional<Gamma> prior = std::nullopt,
                       std::vector<std::string> columns = kColumns) {
  return ExponentialFamily(k, std::move(columns), {min_rate, prior});
}

mixfit::SufficientStatistics statistics(const mixfit::ComponentFamily& family, const arma::mat& x,
                                        const arma::mat& weights) {
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

std::string load_error(const std::string& text, std::optional<Gamma> prior = std::nullopt) {
  ExponentialFamily family = make(2, 1e-10, prior);
  try {
    family.load(YAML::Load(text), "model.yaml");
  } catch (const mixfit::ConfigError& e) {
    BOOST_TEST(!family.has_parameters());  // unchanged
    return e.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exponential_family_test)

BOOST_AUTO_TEST_CASE(log_likelihood_is_the_exponential_log_density) {
  ExponentialFamily family = make(2);
  family.set_parameters({arma::mat{{2.0, 0.5}, {0.25, 1.0}}});  // column k = λ_k
  const arma::mat s = scores(family, kX);
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t j = 0; j < kX.n_cols; ++j) {
      double expected = 0.0;  // log(λ e^(−λx)) by hand
      for (std::size_t d = 0; d < 2; ++d) expected += std::log(family.table().values[0](d, k)) -
                                                      family.table().values[0](d, k) * kX(d, j);
      BOOST_TEST(s(k, j) == expected, tt::tolerance(1e-14));
    }
}

BOOST_AUTO_TEST_CASE(m_step_maximum_likelihood_and_map) {
  ExponentialFamily family = make(2, 1e-10, Gamma{3.0, 2.0});
  const mixfit::SufficientStatistics stats = statistics(family, kX, kW);
  // Component 0: N = 1.75, S_wait = 0.5 + 0.5 + 0 = 1.0, S_service = 3 + 0.0625 + 0.5 = 3.5625.
  family.maximize(stats, mixfit::Estimator::maximum_likelihood);  // λ = N / S
  BOOST_TEST(family.table().values[0](0, 0) == 1.75 / 1.0, tt::tolerance(1e-15));
  BOOST_TEST(family.table().values[0](1, 0) == 1.75 / 3.5625, tt::tolerance(1e-15));
  family.maximize(stats, mixfit::Estimator::maximum_a_posteriori);  // the Gamma(a + N, b + S) mode
  BOOST_TEST(family.table().values[0](0, 0) == (3.0 + 1.75 - 1.0) / (2.0 + 1.0), tt::tolerance(1e-15));
  BOOST_TEST(!family.has_posterior());
}

BOOST_AUTO_TEST_CASE(bounds_keep_a_component_of_zeros_finite_and_map_needs_a_prior) {
  ExponentialFamily family = make(1, 1e-6, std::nullopt, {"only"});
  const arma::mat zeros(1, 5, arma::fill::zeros);
  const arma::mat ones(1, 5, arma::fill::ones);
  family.maximize(statistics(family, zeros, ones), mixfit::Estimator::maximum_likelihood);
  BOOST_TEST(family.table().values[0](0, 0) == 1e6);  // N / 0 = inf, kept at 1 / min_rate
  BOOST_TEST(scores(family, zeros).is_finite());
  BOOST_CHECK_THROW(family.maximize(statistics(family, zeros, ones), mixfit::Estimator::maximum_a_posteriori),
                    mixfit::Error);
  BOOST_CHECK_THROW(make(1, 0.0), mixfit::Error);
}

// q(λ) = Gamma(a + N, b + S); E_q[log p(x | λ)] = E[log λ] − E[λ] x with E[log λ] = ψ(a) − log b.
BOOST_AUTO_TEST_CASE(posterior_expected_scores_and_kl_are_the_gamma_closed_forms) {
  const Gamma prior{2.0, 0.5};
  ExponentialFamily family = make(2, 1e-10, prior);
  family.update_posterior(statistics(family, kX, kW));
  BOOST_TEST_REQUIRE(family.has_posterior());
  const double a = 2.0 + 1.75, b = 0.5 + 1.0;  // component 0, column wait
  BOOST_TEST(family.table().posterior[0](0, 0) == a, tt::tolerance(1e-15));
  BOOST_TEST(family.table().posterior[1](0, 0) == b, tt::tolerance(1e-15));
  BOOST_TEST(family.table().values[0](0, 0) == a / b, tt::tolerance(1e-15));  // the posterior mean
  const arma::mat expected = scores(family, kX, /*expected=*/true);
  double by_hand = 0.0;
  for (std::size_t d = 0; d < 2; ++d) {
    const double shape = family.table().posterior[0](d, 0), rate = family.table().posterior[1](d, 0);
    by_hand += boost::math::digamma(shape) - std::log(rate) - shape / rate * kX(d, 2);
  }
  BOOST_TEST(expected(0, 2) == by_hand, tt::tolerance(1e-13));
  // KL(Gamma(a, b) || Gamma(a0, b0)) = (a − a0)ψ(a) − lnΓ(a) + lnΓ(a0) + a0(ln b − ln b0) + a(b0 − b)/b.
  double kl = 0.0;
  for (std::size_t k = 0; k < 2; ++k)
    for (std::size_t d = 0; d < 2; ++d) {
      const double shape = family.table().posterior[0](d, k), rate = family.table().posterior[1](d, k);
      kl += (shape - 2.0) * boost::math::digamma(shape) - std::lgamma(shape) + std::lgamma(2.0) +
            2.0 * (std::log(rate) - std::log(0.5)) + shape * (0.5 - rate) / rate;
    }
  BOOST_TEST(family.kl_to_prior() == kl, tt::tolerance(1e-12));
}

// The domain is stated once, for the framework to check where data are read (see the CLI test).
BOOST_AUTO_TEST_CASE(every_column_is_nonnegative) {
  const std::vector<mixfit::ColumnDomain> domains = make(2).column_domains();
  BOOST_TEST(domains.size() == 2u);
  for (const mixfit::ColumnDomain domain : domains) BOOST_TEST((domain == mixfit::ColumnDomain::nonnegative));
}

BOOST_AUTO_TEST_CASE(save_and_load_round_trip_a_posterior_exactly) {
  ExponentialFamily family = make(2, 1e-10, Gamma{2.0, 0.5});
  family.update_posterior(statistics(family, kX, kW));
  YAML::Emitter out;
  out << YAML::BeginMap;
  family.save(out);
  out << YAML::EndMap;
  ExponentialFamily copy = make(2, 1e-10, Gamma{2.0, 0.5});
  copy.load(YAML::Load(out.c_str()), "model.yaml");
  BOOST_TEST(copy.has_posterior());
  BOOST_TEST(arma::approx_equal(copy.table().values[0], family.table().values[0], "absdiff", 0.0));
  BOOST_TEST(copy.kl_to_prior() == family.kl_to_prior());
  const arma::uvec swap = {1, 0};
  copy.permute_components(swap);
  BOOST_TEST(arma::approx_equal(scores(copy, kX, true), arma::flipud(scores(family, kX, true)), "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(load_errors_are_located_and_leave_the_family_unchanged) {
  const std::string head = "components:\n  - rates: [1, 2]\n";
  BOOST_TEST(load_error(head + "  - rates: [1, 2, 3]\n").find("model.yaml:3:") == 0u);
  BOOST_TEST(load_error(head + "  - rates: [1, -2]\n").find("components[1].rates[1]: expected a number > 0") !=
             std::string::npos);
  BOOST_TEST(load_error(head + "  - {rates: [1, 2], speed: 3}\n").find("unknown key 'speed'") != std::string::npos);
  BOOST_TEST(load_error(head).find("expected a list of 2 components") != std::string::npos);
  BOOST_TEST(load_error("prior: {shape: 2, rate: 1}\ncomponents:\n"
                        "  - {rates: [1, 2], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n  - {rates: [1, 2]}\n")
                 .find("components[1]: expected gamma_shape and the other posterior keys") != std::string::npos);
  BOOST_TEST(load_error("prior: {shape: 2, rate: 1}\ncomponents:\n"
                        "  - {rates: [1, 3], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n"
                        "  - {rates: [1, 2], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n")
                 .find("components[0].rates[1]: expected the posterior mean 2") != std::string::npos);
  BOOST_TEST(load_error("components:\n  - {rates: [1, 2], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n"
                        "  - {rates: [1, 2], gamma_shape: [2, 4], gamma_rate: [2, 2]}\n")
                 .find("a saved posterior needs the prior it came from") != std::string::npos);
  BOOST_TEST(load_error("prior: {shape: 1, rate: 2}\n" + head + "  - rates: [1, 2]\n", Gamma{2.0, 2.0})
                 .find("model.yaml:1:") == 0u);
}

BOOST_AUTO_TEST_CASE(the_built_plugin_registers_exponential_with_its_options) {
  mixfit::FamilyRegistry registry;
  mixfit::PluginLoader(registry).load_file(MIXFIT_BUILD_PLUGIN_DIR "/libmixfit_exponential.so");
  BOOST_TEST_REQUIRE(registry.contains("exponential"));
  const YAML::Node options =
      registry.resolve_options("exponential", YAML::Load("{prior: {shape: 2, rate: 1}}"), {"x.yaml", "model.options"});
  BOOST_TEST(options["min_rate"].as<double>() == 1e-10);
  const mixfit::FamilySpec spec{2, {{"wait", mixfit::ColumnKind::real, 0, {}}}, options, "x.yaml", &registry};
  BOOST_TEST(registry.create("exponential", spec)->capabilities().maximum_a_posteriori);
  try {
    registry.resolve_options("exponential", YAML::Load("{prior: {shape: 2}}"), {"x.yaml", "model.options"});
    BOOST_FAIL("a prior without its rate accepted");
  } catch (const mixfit::ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("rate") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(passes_the_conformance_suite_with_a_real_normalisation_check) {
  for (const std::optional<Gamma> prior : {std::optional<Gamma>{}, std::optional<Gamma>{Gamma{2.0, 1.0}}}) {
    mixfit::conformance::FamilyCase c;
    c.name = prior ? "exponential with a Gamma(2, 1) prior" : "exponential without a prior";
    c.columns = {{"wait", mixfit::ColumnKind::real, 0, {}}, {"service", mixfit::ColumnKind::real, 1, {}}};
    c.make_family = [prior] {
      return std::make_unique<ExponentialFamily>(2, std::vector<std::string>{"wait", "service"},
                                                 ExponentialFamily::Options{1e-10, prior});
    };
    c.parameters = YAML::Load("components: [{rates: [0.5, 4]}, {rates: [6, 1.5]}]");
    // Five standard errors λ/sqrt(N) at N = 2000 are 0.11 λ.
    c.absolute_tolerance = 0.0;
    c.relative_tolerance = 0.12;
    const mixfit::conformance::QuadratureGrid grid = mixfit::conformance::half_line_grid({0.5, 0.5}, 80);
    c.quadrature_points = grid.points;
    c.quadrature_weights = grid.weights;
    c.normalisation_tolerance = 1e-9;
    const auto results = mixfit::conformance::check_family(c);
    BOOST_TEST_MESSAGE(mixfit::conformance::report(results));
    BOOST_TEST(results.size() == 13u);
    for (const auto& result : results) BOOST_TEST(result.passed, c.name << ": " << result.check << ": " << result.detail);
  }
}

BOOST_AUTO_TEST_SUITE_END()
