// The ELBO never decreases: 56 random problems across every family and both weight priors.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/random_streams.hpp"
#include "mixfit/data/dataset.hpp"
#include "mixfit/inference/variational_bayes.hpp"
#include "mixfit/init/initialiser.hpp"
#include "mixfit/inference/statistics_pass.hpp"
#include "mixfit/mixing/weight_prior.hpp"
#include "support/model_builders.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>
#include <sstream>

BOOST_AUTO_TEST_SUITE(vb_monotonicity_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// One random problem: data drawn from a random mixture of `clusters` groups
// with real, binary and categorical columns, and a model of one family.
struct Problem {
  Dataset data;
  std::string family;
  YAML::Node options;
};

std::size_t uniform_int(RandomStream& stream, std::size_t lo, std::size_t hi) {
  return boost::random::uniform_int_distribution<std::size_t>(lo, hi)(stream);
}

double uniform(RandomStream& stream, double lo, double hi) {
  return boost::random::uniform_real_distribution<double>(lo, hi)(stream);
}

Dataset random_data(RandomStream& stream, std::size_t real_columns, std::size_t binary_columns,
                    std::size_t categorical_columns) {
  const std::size_t n = uniform_int(stream, 60, 400);
  const std::size_t clusters = uniform_int(stream, 1, 4);
  Dataset data;
  data.source = "random";
  for (std::size_t d = 0; d < real_columns; ++d) data.columns.push_back({"r" + std::to_string(d), ColumnKind::real, 0, {}});
  for (std::size_t d = 0; d < binary_columns; ++d)
    data.columns.push_back({"b" + std::to_string(d), ColumnKind::binary, 0, {}});
  std::vector<std::size_t> level_counts;
  for (std::size_t d = 0; d < categorical_columns; ++d) {
    level_counts.push_back(uniform_int(stream, 2, 5));
    std::vector<std::string> levels;
    for (std::size_t l = 0; l < level_counts.back(); ++l) levels.push_back("v" + std::to_string(l));
    data.columns.push_back({"c" + std::to_string(d), ColumnKind::categorical, 0, levels});
  }
  assign_storage_rows(data.columns);
  arma::mat centres(real_columns, clusters), scales(real_columns, clusters), p(binary_columns, clusters);
  for (double& v : centres) v = uniform(stream, -5, 5);
  for (double& v : scales) v = uniform(stream, 0.2, 2.0);
  for (double& v : p) v = uniform(stream, 0.05, 0.95);
  data.real.set_size(real_columns, n);
  data.binary.set_size(binary_columns, n);
  data.categorical.set_size(categorical_columns, n);
  boost::random::normal_distribution<double> normal;
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t c = uniform_int(stream, 0, clusters - 1);
    for (std::size_t d = 0; d < real_columns; ++d) data.real(d, j) = centres(d, c) + scales(d, c) * normal(stream);
    for (std::size_t d = 0; d < binary_columns; ++d)
      data.binary(d, j) = boost::random::bernoulli_distribution<double>(p(d, c))(stream) ? 1 : 0;
    for (std::size_t d = 0; d < categorical_columns; ++d) {
      // Cluster c prefers level c mod L.
      const std::size_t preferred = c % level_counts[d];
      data.categorical(d, j) = static_cast<std::uint16_t>(
          uniform(stream, 0, 1) < 0.6 ? preferred : uniform_int(stream, 0, level_counts[d] - 1));
    }
  }
  return data;
}

Problem make_problem(std::size_t family_index, RandomStream& stream) {
  Problem problem;
  YAML::Node options(YAML::NodeType::Map);
  if (family_index < 4) {
    static const char* kCovariances[] = {"full", "diag", "spherical", "tied"};
    problem.data = random_data(stream, uniform_int(stream, 1, 4), 0, 0);
    problem.family = "gaussian";
    options["covariance"] = kCovariances[family_index];
    options["reg_covar"] = 1e-6;  // scikit-learn's default: it perturbs the exact update, yet the bound still never drops
    if (uniform_int(stream, 0, 1) == 1) {
      options["prior"]["mean_precision"] = uniform(stream, 0.01, 5.0);
      options["prior"]["degrees_of_freedom"] = static_cast<double>(problem.data.real.n_rows) + uniform(stream, 0, 5);
    }
  } else if (family_index == 4) {
    problem.data = random_data(stream, 0, uniform_int(stream, 1, 8), 0);
    problem.family = "bernoulli";
    if (uniform_int(stream, 0, 1) == 1) {
      options["prior"]["alpha"] = uniform(stream, 0.2, 3.0);
      options["prior"]["beta"] = uniform(stream, 0.2, 3.0);
    }
  } else if (family_index == 5) {
    problem.data = random_data(stream, 0, 0, uniform_int(stream, 1, 5));
    problem.family = "categorical";
    if (uniform_int(stream, 0, 1) == 1) options["prior"]["alpha"] = uniform(stream, 0.2, 3.0);
  } else {
    problem.data = random_data(stream, 2, 3, 2);
    problem.family = "product";
    options = YAML::Load(R"(
parts:
  - {family: gaussian, columns: [r0, r1], options: {covariance: diag, reg_covar: 0}}
  - {family: bernoulli, columns: [b0, b1, b2]}
  - {family: categorical, columns: [c0, c1]}
)");
  }
  problem.options = options;
  return problem;
}

}  // namespace

BOOST_AUTO_TEST_CASE(elbo_never_decreases_on_random_problems) {
  const FamilyRegistry registry = build_tree_registry();
  constexpr std::size_t kFamilies = 7;
  constexpr std::size_t kSeedsPerFamily = 8;
  std::size_t problems = 0;
  for (std::size_t family_index = 0; family_index < kFamilies; ++family_index) {
    for (std::size_t seed = 0; seed < kSeedsPerFamily; ++seed) {
      RandomStream stream = derive_stream(seed, "vb-monotonicity", family_index);
      const Problem problem = make_problem(family_index, stream);
      const std::size_t k_count = uniform_int(stream, 2, 6);
      const YAML::Node options =
          registry.resolve_options(problem.family, problem.options, {"random problem", "model.options"});
      WeightPrior weight_prior{seed % 2 == 0 ? "dirichlet_process" : "dirichlet_distribution",
                               uniform(stream, 0.01, 2.0)};
      MixtureModel model(make_mixing(weight_prior, k_count, true, "random problem"),
                         registry.create(problem.family, FamilySpec{k_count, problem.data.columns, options,
                                                                    "random problem", &registry}),
                         options, problem.data.columns);
      const BlockPlan plan{problem.data.num_rows(), 64};
      set_prior_from_data(model, problem.data, plan);
      InitConfig init;
      init.method = "random";
      initialise(model, problem.data, plan, init, "random problem", stream, ParameterUpdate::variational);
      const FitReport report = variational_bayes(model, problem.data, plan, VbOptions{60, 0.0});

      std::ostringstream name;
      name << problem.family << " " << YAML::Dump(problem.options) << " K=" << k_count
           << " N=" << problem.data.num_rows() << " seed=" << seed;
      BOOST_TEST_CONTEXT(name.str()) {
        BOOST_TEST(report.n_iter == 60u);
        BOOST_TEST(report.warnings.empty());
        for (std::size_t t = 1; t < report.trace.size(); ++t) {
          const double elbo = report.trace[t].objective;
          BOOST_TEST(std::isfinite(elbo));
          BOOST_TEST(report.trace[t].delta >= -1e-9 * std::abs(elbo), "iteration " << t + 1 << ": ELBO fell by "
                                                                                   << -report.trace[t].delta);
        }
      }
      ++problems;
    }
  }
  BOOST_TEST(problems >= 50u);
}

BOOST_AUTO_TEST_SUITE_END()  // vb_monotonicity_test
