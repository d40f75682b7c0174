// inference.init.scale end to end: wdbc reaches mclust's maximum only with standardised seeding distances.
#include <boost/test/unit_test.hpp>

#include "mixfit/data/csv_reader.hpp"
#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/npy_writer.hpp"

#include <yaml-cpp/yaml.h>

BOOST_AUTO_TEST_SUITE(cli_init_scale_test)

using namespace mixfit::testing;

namespace {

const std::string kWdbc = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/wdbc/";

// K = 2 full-covariance Gaussians on wdbc's ten *_mean columns, no covariance
// regularisation (as mclust), EM run to its maximum; every other key at its default.
std::string write_wdbc_experiment(const TempDir& dir) {
  const std::string path = dir.file("wdbc.yaml");
  write_text(path,
             "experiment: {name: wdbc, seed: 1}\n"
             "data: {path: " + kWdbc + "wdbc_mean.csv}\n"
             "model:\n"
             "  components: 2\n"
             "  family: gaussian\n"
             "  options: {covariance: full, reg_covar: 0}\n"
             "inference: {max_iter: 1000, tol: 1.0e-10, n_init: 10}\n");
  return path;
}

YAML::Node fit(const TempDir& dir, const std::string& name, std::vector<std::string> settings) {
  std::vector<std::string> args = {"run", write_wdbc_experiment(dir), "--out", dir.file(name), "--quiet"};
  for (const std::string& setting : settings) args.insert(args.end(), {"--set", setting});
  const CommandResult result = run_mixfit(args);
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
  return YAML::LoadFile(dir.file(name + "/summary.yaml"));
}

}  // namespace

BOOST_AUTO_TEST_CASE(wdbc_reaches_mclusts_maximum_with_standardised_starts_only) {
  TempDir dir;
  // scripts/reference/wdbc_mclust.R: Mclust(X, G = 2, modelNames = "VVV"), EM run on to convergence.
  const double mclust = YAML::LoadFile(kWdbc + "mclust_vvv_g2.yaml")["log_likelihood"].as<double>();
  const YAML::Node standardised = fit(dir, "standardize", {});
  BOOST_TEST(standardised["log_likelihood"].as<double>() == mclust, boost::test_tools::tolerance(1e-10));
  BOOST_TEST(YAML::LoadFile(dir.file("standardize/config.yaml"))["inference"]["init"]["scale"].Scalar() ==
             "standardize");
  // Raw distances: the area column (variance 1.2e5) decides every seed, and
  // all ten restarts end at 4164.62 or 4166.91, some 146 below.
  const YAML::Node raw = fit(dir, "none", {"inference.init.scale=none"});
  BOOST_TEST(raw["log_likelihood"].as<double>() < mclust - 100.0, raw["log_likelihood"].as<double>());
}

BOOST_AUTO_TEST_CASE(standardised_fits_are_the_same_bits_for_threads_and_streaming) {
  TempDir dir;
  const arma::mat rows = mixfit::read_csv_matrix(kWdbc + "wdbc_mean.csv");  // N×D
  const arma::mat row_major = rows.t();
  write_npy<double>(dir.file("wdbc.npy"), "<f8", "(" + std::to_string(rows.n_rows) + ", " + std::to_string(rows.n_cols) + ")",
                    std::vector<double>(row_major.begin(), row_major.end()));
  const std::vector<std::string> common = {"inference.block_size=50", "inference.n_init=3", "inference.max_iter=40"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.end(), common.begin(), common.end());
    return more;
  };
  fit(dir, "one", with({"inference.threads=1"}));
  fit(dir, "two", with({"inference.threads=2"}));
  fit(dir, "streamed", with({"inference.threads=2", "data.path=" + dir.file("wdbc.npy"), "data.streaming=true"}));
  // A .npy file has no header, so the streamed model names its columns x0..x9: compare the parameters.
  auto parameters = [&](const std::string& run) {
    const YAML::Node model = YAML::LoadFile(dir.file(run + "/model.yaml"));
    return YAML::Dump(model["weights"]) + YAML::Dump(model["components"]);
  };
  for (const std::string run : {"two", "streamed"}) {
    BOOST_TEST(parameters("one") == parameters(run), run);
    BOOST_TEST(read_text(dir.file("one/labels.csv")) == read_text(dir.file(run + "/labels.csv")), run);
  }
}

BOOST_AUTO_TEST_CASE(the_effective_scale_is_recorded_and_kmeans_keeps_raw_distances) {
  TempDir dir;
  const std::string config = write_wdbc_experiment(dir);
  auto recorded = [&](const std::string& name, std::vector<std::string> settings) {
    std::vector<std::string> args = {"run", config, "--out", dir.file(name), "--quiet", "--set", "inference.n_init=1"};
    for (const std::string& setting : settings) args.insert(args.end(), {"--set", setting});
    const CommandResult result = run_mixfit(args);
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const std::string in_config = YAML::LoadFile(dir.file(name + "/config.yaml"))["inference"]["init"]["scale"].Scalar();
    const std::string in_manifest =
        YAML::LoadFile(dir.file(name + "/manifest.yaml"))["config"]["inference"]["init"]["scale"].Scalar();
    BOOST_TEST(in_config == in_manifest, name);
    return in_config;
  };
  BOOST_TEST(recorded("vb", {"inference.algorithm=vb", "inference.max_iter=5"}) == "standardize");
  BOOST_TEST(recorded("kmeans", {"inference.algorithm=kmeans"}) == "none");
  BOOST_TEST(recorded("kmeans_asked", {"inference.algorithm=kmeans", "inference.init.scale=standardize"}) ==
             "standardize");
  BOOST_TEST(recorded("em_raw", {"inference.init.scale=none"}) == "none");
}

BOOST_AUTO_TEST_CASE(an_unknown_scale_is_a_located_error) {
  TempDir dir;
  const std::string config = dir.file("bad.yaml");
  write_text(config,
             "data: {path: " + kWdbc + "wdbc_mean.csv}\n"
             "model: {components: 2, family: gaussian}\n"
             "inference: {init: {method: kmeans++, scale: standardise}}\n");
  const CommandResult result = run_mixfit({"run", config, "--out", dir.file("run"), "--quiet"});
  BOOST_TEST(result.exit_code != 0);
  BOOST_TEST(result.err.find(config + ":3:45: inference.init.scale: expected one of none, standardize, got "
                                      "'standardise'; did you mean 'standardize'?") != std::string::npos,
             result.err);
}

BOOST_AUTO_TEST_SUITE_END()  // cli_init_scale_test
