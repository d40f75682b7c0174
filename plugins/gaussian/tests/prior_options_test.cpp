// model.options.prior: its presence turns on MAP-EM, its values reach the family, and bad values name file and key.
#include <boost/test/unit_test.hpp>

#include "gaussian_options.hpp"
#include "mixfit/core/error.hpp"
#include "posterior_test_support.hpp"
#include "support/command.hpp"

BOOST_AUTO_TEST_SUITE(prior_options_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

// The path the framework takes: the schema resolves the options as written, the factory builds the family.
FamilySpec spec_from(const std::string& options_yaml) {
  FamilySpec spec;
  spec.num_components = 3;
  spec.columns = {{"x", ColumnKind::real, 0, {}}, {"y", ColumnKind::real, 1, {}}};
  spec.source = "experiment.yaml";
  spec.options = gaussian_options_schema().resolve(YAML::Load(options_yaml), {"experiment.yaml", "model.options"});
  return spec;
}

std::string error_of(const std::string& options_yaml) {
  try {
    make_gaussian_family(spec_from(options_yaml));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

template <class Covariance>
const GaussianPrior& prior_of(const ComponentFamily& family) {
  return dynamic_cast<const GaussianFamily<Covariance>&>(family).prior();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_presence_of_prior_turns_on_map_em) {
  const auto none = make_gaussian_family(spec_from("{covariance: full}"));
  BOOST_TEST(!none->capabilities().maximum_a_posteriori);
  BOOST_TEST(none->capabilities().variational);  // VB with scikit-learn's defaults
  BOOST_TEST(!prior_of<FullCovariance>(*none).mean_precision);

  for (const char* options : {"{prior: {}}", "prior:\n", "{prior: {mean_precision: 2}}"}) {
    const auto family = make_gaussian_family(spec_from(options));
    BOOST_TEST(family->capabilities().maximum_a_posteriori, options);
    BOOST_TEST(family->capabilities().variational, options);
  }
}

BOOST_AUTO_TEST_CASE(configured_values_reach_the_family_and_the_rest_stay_unset) {
  const auto full = make_gaussian_family(spec_from(
      "{prior: {mean_precision: 0.25, mean: [1, -2], degrees_of_freedom: 4.5, covariance: [[2, 0.5], [0.5, 1]]}}"));
  const GaussianPrior& p = prior_of<FullCovariance>(*full);
  BOOST_TEST(*p.mean_precision == 0.25);
  BOOST_TEST(identical(*p.mean, arma::vec{1, -2}));
  BOOST_TEST(*p.degrees_of_freedom == 4.5);
  BOOST_TEST(identical(*p.covariance, arma::mat{{2, 0.5}, {0.5, 1}}));

  const auto diag = make_gaussian_family(spec_from("{covariance: diag, prior: {covariance: [2, 3]}}"));
  BOOST_TEST(identical(*prior_of<DiagonalCovariance>(*diag).covariance, arma::mat(arma::vec{2, 3})));
  BOOST_TEST(!prior_of<DiagonalCovariance>(*diag).mean);  // the data mean, later
  const auto spherical = make_gaussian_family(spec_from("{covariance: spherical, prior: {covariance: 0.5}}"));
  BOOST_TEST((*prior_of<SphericalCovariance>(*spherical).covariance)(0, 0) == 0.5);
  const auto tied = make_gaussian_family(spec_from("{covariance: tied, prior: {covariance: [[1, 0], [0, 1]]}}"));
  BOOST_TEST(identical(*prior_of<TiedCovariance>(*tied).covariance, arma::mat(arma::eye(2, 2))));
}

BOOST_AUTO_TEST_CASE(schema_errors_name_file_line_and_key) {
  // Checked by the schema on the options as written, so the line is known.
  BOOST_TEST(error_of("covariance: full\nprior:\n  mean_precision: 0\n") ==
             "experiment.yaml:3:19: model.options.prior.mean_precision: expected a number > 0, got 0");
  BOOST_TEST(error_of("prior:\n  degrees_of_freedom: -1\n").rfind(
                 "experiment.yaml:2:23: model.options.prior.degrees_of_freedom: expected a number > 0", 0) == 0);
  BOOST_TEST(error_of("prior:\n  mean_precison: 2\n").find("did you mean 'mean_precision'") != std::string::npos);
  BOOST_TEST(error_of("prior:\n  mean: [1, a]\n").rfind("experiment.yaml:2:13: model.options.prior.mean[1]", 0) == 0);
}

BOOST_AUTO_TEST_CASE(shape_errors_name_file_and_key) {
  // D is known only to the factory, which sees the resolved options; their nodes no longer carry the file's
  // lines (see gaussian_prior.cpp), so these name the file and the key, and never a wrong line.
  const std::string at = "experiment.yaml: model.options.prior.";
  BOOST_TEST(error_of("prior: {degrees_of_freedom: 0.5}") ==
             at + "degrees_of_freedom: expected a number > D − 1 (= 1) for Wishart precisions, got 0.5");
  // Gamma precisions (diag and spherical under precision_model gamma) need only ν₀ > 0; a Wishart, D − 1.
  BOOST_TEST(error_of("covariance: diag\nprior: {degrees_of_freedom: 0.5}").empty());
  BOOST_TEST(error_of("covariance: spherical\nprior: {degrees_of_freedom: 0.5}").empty());
  BOOST_TEST(error_of("covariance: diag\nprecision_model: wishart\nprior: {degrees_of_freedom: 0.5}") ==
             at + "degrees_of_freedom: expected a number > D − 1 (= 1) for Wishart precisions, got 0.5");
  BOOST_TEST(error_of("prior: {mean: [1, 2, 3]}") ==
             at + "mean: expected a list of 2 numbers (one per column), got [1.0, 2.0, 3.0]");
  BOOST_TEST(error_of("prior: {covariance: [[1, 2], [2, 1]]}") ==
             at + "covariance: expected a symmetric positive-definite 2×2 matrix (a list of 2 rows), got "
                  "[[1, 2], [2, 1]] (not positive definite)");
  BOOST_TEST(error_of("prior: {covariance: [[1, 0.5], [0.4, 1]]}").find("(not symmetric)") != std::string::npos);
  BOOST_TEST(error_of("prior: {covariance: [1, 2]}") ==
             at + "covariance: expected a symmetric positive-definite 2×2 matrix (a list of 2 rows), got [1, 2]");
  BOOST_TEST(error_of("prior: {covariance: [[1, 0], [x, 1]]}") ==
             at + "covariance[1][0]: expected a finite number, got x");
  BOOST_TEST(error_of("{covariance: diag, prior: {covariance: [1, 0]}}") ==
             at + "covariance: expected a list of 2 numbers > 0, got [1, 0]");
  BOOST_TEST(error_of("{covariance: diag, prior: {covariance: 1}}") ==
             at + "covariance: expected a list of 2 numbers > 0, got 1");
  BOOST_TEST(error_of("{covariance: spherical, prior: {covariance: [1, 1]}}") ==
             at + "covariance: expected one number > 0, got [1, 1]");
  BOOST_TEST(error_of("{covariance: spherical, prior: {covariance: -2}}") ==
             at + "covariance: expected one number > 0, got -2");
  BOOST_TEST(error_of("{covariance: tied, prior: {covariance: 1}}").find(at + "covariance: expected a symmetric") == 0);
}

BOOST_AUTO_TEST_CASE(mclusts_models_take_its_prior_where_mclust_has_one) {
  // MAP-EM for the ten models Mclust() fits under a prior, never VB; its diagonal models' scale is one number.
  for (const char* model : {"EII", "EEI", "VEI", "EVI", "EEV", "VEV"}) {
    const auto family = make_gaussian_family(spec_from(std::string("{covariance: ") + model + ", prior: {}}"));
    BOOST_TEST(family->capabilities().maximum_a_posteriori, model);
    BOOST_TEST(!family->capabilities().variational, model);
    BOOST_TEST(!make_gaussian_family(spec_from(std::string("{covariance: ") + model + "}"))
                    ->capabilities()
                    .maximum_a_posteriori);
  }
  const auto vei =
      make_gaussian_family(spec_from("{covariance: VEI, prior: {covariance: 0.5, degrees_of_freedom: 0.5}}"));
  BOOST_TEST((*prior_of<DiagonalEigenCovariance>(*vei).covariance)(0, 0) == 0.5);
  const std::string at = "experiment.yaml: model.options.prior.";
  BOOST_TEST(error_of("{covariance: EVI, prior: {covariance: [1, 2]}}") ==
             at + "covariance: expected one number > 0, got [1, 2]");
  BOOST_TEST(error_of("{covariance: VEV, prior: {covariance: 2}}").find(at + "covariance: expected a symmetric") == 0);
  for (const char* model : {"EVE", "VEE", "VVE", "EVV"}) {
    const std::string error = error_of(std::string("{covariance: ") + model + ", prior: {defaults: mclust}}");
    BOOST_TEST(error.rfind(std::string("experiment.yaml: model.options.prior: mclust has no prior for its ") + model +
                               " model",
                           0) == 0,
               error);
  }
}

BOOST_AUTO_TEST_CASE(defaults_choose_where_the_keys_left_out_come_from) {
  BOOST_TEST((prior_of<FullCovariance>(*make_gaussian_family(spec_from("{prior: {}}"))).defaults ==
              GaussianPrior::Defaults::scikit_learn));
  BOOST_TEST((prior_of<FullCovariance>(*make_gaussian_family(spec_from("{prior: {defaults: mclust}}"))).defaults ==
              GaussianPrior::Defaults::mclust));
  BOOST_TEST(error_of("prior:\n  defaults: R\n").rfind("experiment.yaml:2:13: model.options.prior.defaults:", 0) == 0,
             error_of("prior:\n  defaults: R\n"));

  // mclust's defaultPrior() for K = 3 components over two columns: κ = 0.01, ν = D + 2, Λ = var(X)/K^(2/D);
  // spherical counts D variances (ν₀ = ν/D, Ψ₀ = Λ/D), diag repeats the mean variance, configured keys stay.
  const arma::mat x{{0.0, 1.0, 2.0, 4.0}, {1.0, 0.0, 3.0, 0.0}};
  const arma::mat covariance = arma::cov(x.t());
  const double mean_variance = arma::mean(covariance.diag()) / 3.0;
  auto resolved = [&](const std::string& options) {
    auto family = make_gaussian_family(spec_from(options));
    arma::mat pooled(3, x.n_cols, arma::fill::zeros);
    pooled.row(0).ones();
    SufficientStatistics stats(family->stat_layout());
    stats.count(0) = static_cast<double>(x.n_cols);
    family->accumulate(DataBlock(x, 0, x.n_cols, 0), pooled, stats);
    family->set_prior_from_data(stats);
    return family;
  };
  const auto full = resolved("{prior: {defaults: mclust}}");
  const GaussianPrior& p = prior_of<FullCovariance>(*full);
  BOOST_TEST(*p.mean_precision == 0.01);
  BOOST_TEST(*p.degrees_of_freedom == 4.0);
  BOOST_TEST(max_absolute_error(*p.covariance, covariance / 3.0) < 1e-15);
  BOOST_TEST(max_absolute_error(*p.mean, arma::vec(arma::mean(x, 1))) < 1e-15);
  const auto spherical = resolved("{covariance: spherical, prior: {defaults: mclust}}");
  const GaussianPrior& s = prior_of<SphericalCovariance>(*spherical);
  BOOST_TEST(*s.degrees_of_freedom == 2.0);
  BOOST_TEST(std::abs((*s.covariance)(0, 0) - mean_variance / 2.0) < 1e-15);
  const auto diag = resolved("{covariance: diag, prior: {defaults: mclust}}");
  const GaussianPrior& d = prior_of<DiagonalCovariance>(*diag);
  BOOST_TEST(max_absolute_error(*d.covariance, arma::mat(2, 1, arma::fill::value(mean_variance))) < 1e-15);
  const auto eei = resolved("{covariance: EEI, prior: {defaults: mclust}}");
  const GaussianPrior& e = prior_of<DiagonalEigenCovariance>(*eei);
  BOOST_TEST(std::abs((*e.covariance)(0, 0) - mean_variance) < 1e-15);
  const auto vev = resolved("{covariance: VEV, prior: {defaults: mclust, mean_precision: 1}}");
  const GaussianPrior& v = prior_of<OrientedEigenCovariance>(*vev);
  BOOST_TEST(*v.mean_precision == 1.0);
  BOOST_TEST(max_absolute_error(*v.covariance, covariance / 3.0) < 1e-15);
}

BOOST_AUTO_TEST_CASE(the_command_line_reports_the_file_and_key) {
  TempDir dir;
  write_text(dir.file("data.csv"), "x,y\n0,1\n1,0\n2,2\n");
  write_text(dir.file("bad.yaml"),
             "experiment: {name: bad, seed: 1}\n"
             "data: {path: data.csv, columns: [x, y]}\n"
             "model:\n"
             "  components: 2\n"
             "  family: gaussian\n"
             "  options:\n"
             "    prior: {covariance: [[1, 2], [2, 1]]}\n"
             "inference: {algorithm: vb}\n"
             "output: {dir: out}\n");
  const CommandResult result = run_mixfit({"validate", dir.file("bad.yaml")});
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.err.find("bad.yaml: model.options.prior.covariance: expected a symmetric positive-definite") !=
                 std::string::npos,
             result.err);
}

BOOST_AUTO_TEST_SUITE_END()  // prior_options_test
