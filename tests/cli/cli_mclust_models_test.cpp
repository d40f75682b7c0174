// mclust's model selection end to end: a sweep over its 14 covariance models and K = 1..5 on banknote gives
// mclust's BIC table where the optimum is unique (K = 1), picks mclust's model, and the eigen-decomposed
// models' model.yaml serve predict, score and a second run started from them.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/run_checks.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

BOOST_AUTO_TEST_SUITE(cli_mclust_models_test)

using namespace mixfit::testing;

namespace {

const std::string kData = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/banknote/banknote.csv";
const std::string kReference = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/mclust_models/banknote_bic.yaml";
const char* kModels = "[EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV]";

std::string sweep_experiment(const std::string& out) {
  return "experiment: {name: banknote_mclust, seed: 1}\n"
         "data: {path: " + kData + ", columns: [Length, Left, Right, Bottom, Top, Diagonal]}\n"
         "model: {components: 3, family: gaussian, options: {covariance: VVE, reg_covar: 0}}\n"
         "inference: {algorithm: em, n_init: 10, tol: 1.0e-8, init: {method: kmeans++}}\n"
         "sweep:\n  grid:\n    model.components: [1, 2, 3, 4, 5]\n    model.options.covariance: " +
         std::string(kModels) + "\n  select: bic\n"
         "output: {dir: " + out + "}\n";
}

/// sweep.csv's BIC by (model, K).
std::map<std::pair<std::string, int>, double> bic_table(const std::string& sweep_csv) {
  const std::vector<std::string> lines = split_lines(read_text(sweep_csv));
  BOOST_TEST_REQUIRE(lines.size() == 71u);
  BOOST_TEST_REQUIRE(lines[0].find("point,name,model.components,model.options.covariance,") == 0u);
  std::map<std::pair<std::string, int>, double> table;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    // point,"name",K,model,seed,status,log_likelihood,n_parameters,bic,...
    const std::string line = lines[i];
    const std::size_t after_name = line.find("\",") + 2;
    std::stringstream rest(line.substr(after_name));
    std::vector<std::string> fields;
    for (std::string field; std::getline(rest, field, ',');) fields.push_back(field);
    BOOST_TEST_REQUIRE(fields[3] == "ok");
    table[{fields[1], std::stoi(fields[0])}] = std::stod(fields[6]);
  }
  return table;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_sweep_gives_mclusts_bic_table_at_one_component_and_picks_mclusts_model) {
  TempDir dir;
  write_text(dir.file("sweep.yaml"), sweep_experiment(dir.file("out")));
  const CommandResult run = run_mixfit({"run", dir.file("sweep.yaml"), "--jobs", "2", "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  const YAML::Node reference = YAML::LoadFile(kReference);
  const auto table = bic_table(dir.file("out/sweep.csv"));
  for (const auto& entry : reference["bic"]) {
    const std::string model = entry.first.as<std::string>();
    // K = 1 has one optimum; mclust's BIC is 2 log L − df log n, mixfit's its negative. EVE and VVE's
    // orientation comes from MM iterations stopped at mclust's inner tolerance (1.5e-8), so their log
    // likelihood agrees to that order rather than to the last bits.
    const double expected = -entry.second[0].as<double>();
    BOOST_TEST(std::abs(table.at({model, 1}) - expected) / expected < 1e-6, model << " K = 1");
  }
  // mclust's hierarchical start and mixfit's ten k-means++ starts reach different optima for some K > 1;
  // the model BIC selects is mclust's.
  const YAML::Node best = YAML::LoadFile(dir.file("out/sweep.yaml"))["best"]["values"];
  BOOST_TEST(best["model.options.covariance"].as<std::string>() == reference["best"]["model"].as<std::string>());
  BOOST_TEST(best["model.components"].as<int>() == reference["best"]["components"].as<int>());
  // Its BIC is at least as good as mclust's (a lower mixfit BIC is a higher likelihood).
  BOOST_TEST(table.at({"VVE", 3}) <= -reference["bic"]["VVE"][2].as<double>());
}

// init: {method: hierarchical} is mclust's start: hc(X, "VVV", use = "SVD") cut at K, one M-step from it. From
// there mixfit's EM, run for as many iterations as Mclust's me() ran (mixfit counts the E-steps after the first
// M-step, mclust the M-steps, hence one fewer), reaches Mclust's log-likelihood and classification, for all
// 14 models and K = 2..4 on the three data sets, with equal weights (mclust's equalPro) on four of them, and
// with a noise component on faithful plus uniform noise (four fits; rows the noise takes are labelled -1, as
// mclust's classification 0), by MAP-EM under mclust's default prior (prior: {defaults: mclust}, its
// priorControl()) for the ten models mclust fits with one, and from the EEE merge criterion (init.model: EEE,
// hcModelName "EEE") on four fits (scripts/reference/mclust_hc_fits.R); ICL and each row's uncertainty are
// mclust's too.
BOOST_AUTO_TEST_CASE(a_hierarchical_start_reproduces_mclust_fits) {
  const YAML::Node reference =
      YAML::LoadFile(std::string(MIXFIT_SOURCE_DIR) + "/tests/data/mclust_models/mclust_hc_fits.yaml");
  TempDir dir;
  std::size_t compared = 0;
  for (const YAML::Node& fit : reference["fits"]) {
    if (fit["status"]) continue;
    const std::string data = fit["data"].as<std::string>();
    const std::string model = fit["model"].as<std::string>();
    const std::string k = fit["components"].as<std::string>();
    BOOST_TEST_CONTEXT(data << " " << model << " K = " << k) {
      const std::string name = data + "_" + model + "_" + k + (fit["equal_weights"] ? "_equal" : "") +
                               (fit["noise_fraction"] ? "_noise" : "") + (fit["prior"] ? "_prior" : "") +
                               (fit["hc_model"] ? "_hc" : "");
      const std::string out = dir.file(name);
      write_text(dir.file(name + ".yaml"),
                 "experiment: {name: " + name + ", seed: 1}\n"
                 "data: {path: " + std::string(MIXFIT_SOURCE_DIR) + "/tests/data/" + data + "/" + data + ".csv}\n"
                 "model: {components: " + k + ", family: gaussian, options: {covariance: " + model +
                     ", reg_covar: 0" + (fit["prior"] ? ", prior: {defaults: mclust}" : "") + "}" +
                     (fit["equal_weights"] ? ", weights: {equal: true}" : "") +
                     (fit["noise_fraction"] ? ", noise: {init: " + fit["noise_fraction"].as<std::string>() + "}" : "") +
                     "}\n"
                 "inference: {algorithm: em, n_init: 1, tol: 0, max_iter: " +
                     std::to_string(fit["iterations"].as<int>() - 1) + ", init: {method: hierarchical" +
                     (fit["hc_model"] ? ", model: " + fit["hc_model"].as<std::string>() : "") + "}}\n"
                 "output: {dir: " + out + "}\n");
      const CommandResult run = run_mixfit({"run", dir.file(name + ".yaml"), "--quiet"});
      BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
      const YAML::Node summary = YAML::LoadFile(out + "/summary.yaml");
      const double ours = summary["log_likelihood"].as<double>();
      if (fit["noise_fraction"]) {  // mclust's noise component: its volume (hypvol), weight, and one more parameter
        BOOST_TEST(std::abs(summary["noise"]["volume"].as<double>() - fit["hypvol"].as<double>()) <=
                   1e-12 * fit["hypvol"].as<double>());
        BOOST_TEST(std::abs(summary["noise"]["weight"].as<double>() - fit["noise_weight"].as<double>()) <=
                   1e-9 * fit["noise_weight"].as<double>());
        BOOST_TEST(summary["n_parameters"].as<int>() == fit["df"].as<int>());
        BOOST_TEST(std::abs(summary["bic"].as<double>() + fit["bic"].as<double>()) /
                       std::abs(fit["bic"].as<double>()) < 1e-10);
      }
      if (fit["prior"]) {  // MAP-EM: the BIC is still −2 log L + p log n, mclust's with the sign turned
        BOOST_TEST(std::abs(summary["bic"].as<double>() + fit["bic"].as<double>()) /
                       std::abs(fit["bic"].as<double>()) < 1e-10);
      }
      if (fit["equal_weights"]) {  // mclust's equalPro: π_k = 1/K, counted as no parameters
        const YAML::Node weights = YAML::LoadFile(out + "/model.yaml")["weights"];
        for (const YAML::Node& w : weights) BOOST_TEST(w.as<double>() == 1.0 / std::stod(k));
        BOOST_TEST(summary["n_parameters"].as<int>() == fit["df"].as<int>());
        BOOST_TEST(std::abs(summary["bic"].as<double>() + fit["bic"].as<double>()) /
                       std::abs(fit["bic"].as<double>()) < 1e-10);
      }
      const double theirs = fit["log_likelihood"].as<double>();
      BOOST_TEST(std::abs(ours - theirs) / std::abs(theirs) < 1e-10, ours << " against mclust's " << theirs);
      // mclust's ICL (BIC + 2 Σ log z_map, higher is better) is mixfit's icl with the sign turned.
      const double icl = YAML::LoadFile(out + "/summary.yaml")["icl"].as<double>();
      BOOST_TEST(std::abs(icl + fit["icl"].as<double>()) / std::abs(icl) < 1e-9, icl << " against " << fit["icl"]);
      const std::vector<std::string> labels = split_lines(read_text(out + "/labels.csv"));
      const YAML::Node classification = fit["classification"];
      BOOST_TEST_REQUIRE(labels.size() == classification.size() + 1);
      BOOST_TEST_REQUIRE(labels[0] == "label,uncertainty");
      std::size_t differ = 0;
      double uncertainty = 0.0;
      for (std::size_t i = 0; i < classification.size(); ++i) {
        differ += std::stoi(labels[i + 1]) != classification[i].as<int>();
        uncertainty += std::stod(labels[i + 1].substr(labels[i + 1].find(',') + 1));
      }
      BOOST_TEST(differ == 0u, differ << " rows classified differently");
      // mclust's uncertainty 1 − max_k z_ik, summed over the rows (absolute: a fit can be nearly certain).
      BOOST_TEST(std::abs(uncertainty - fit["uncertainty_sum"].as<double>()) < 1e-8 * static_cast<double>(labels.size()));
      ++compared;
    }
  }
  BOOST_TEST(compared >= 222u);
}

// predict and score read the decomposition back from model.yaml; a run started from it (init: given) stays there.
BOOST_AUTO_TEST_CASE(eigen_models_round_trip_through_model_yaml) {
  TempDir dir;
  for (const std::string model : {"VEI", "VVE", "EVE", "VEV", "EEV", "EVV", "VEE", "EII", "EEI", "EVI"}) {
    BOOST_TEST_CONTEXT(model) {
      const std::string out = dir.file(model);
      write_text(dir.file(model + ".yaml"),
                 "experiment: {name: " + model + ", seed: 3}\n"
                 "data: {path: " + kData + ", columns: [Length, Left, Right, Bottom, Top, Diagonal]}\n"
                 "model: {components: 3, family: gaussian, options: {covariance: " + model + ", reg_covar: 0}}\n"
                 "inference: {algorithm: em, n_init: 3, tol: 1.0e-10, max_iter: 2000}\noutput: {dir: " + out + "}\n");
      const CommandResult run = run_mixfit({"run", dir.file(model + ".yaml"), "--quiet"});
      BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
      check_predict_and_score_reproduce_the_run(out, kData);
      const YAML::Node saved = YAML::LoadFile(out + "/model.yaml");
      BOOST_TEST(saved["shared"].IsMap());  // every one of the ten has a part equal across components
      BOOST_TEST(saved["components"][0]["covariance"].IsSequence());
    }
  }
}

// A model with a noise component predicts and scores as its run did (noise rows labelled -1), writes the noise
// column and weight, and refuses to sample from a region it does not keep.
BOOST_AUTO_TEST_CASE(a_noise_component_round_trips_through_model_yaml) {
  TempDir dir;
  const std::string data = std::string(MIXFIT_SOURCE_DIR) + "/tests/data/faithful_noise/faithful_noise.csv";
  write_text(dir.file("noise.yaml"), "experiment: {name: noise, seed: 1}\ndata: {path: " + data +
                                         "}\nmodel: {components: 2, family: gaussian, options: {covariance: VVV}, "
                                         "noise: {init: 0.1}}\ninference: {init: {method: hierarchical}}\n"
                                         "output: {dir: " + dir.file("run") + "}\n");
  const CommandResult run = run_mixfit({"run", dir.file("noise.yaml"), "--quiet"});
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  check_predict_and_score_reproduce_the_run(dir.file("run"), data);
  const YAML::Node model = YAML::LoadFile(dir.file("run/model.yaml"));
  BOOST_TEST(model["noise"]["weight"].as<double>() > 0.1);
  BOOST_TEST(split_lines(read_text(dir.file("run/responsibilities.csv")))[0] == "r0,r1,noise");
  std::size_t noise_rows = 0;
  for (const std::string& line : split_lines(read_text(dir.file("run/labels.csv")))) noise_rows += line.rfind("-1,", 0) == 0;
  BOOST_TEST(noise_rows == YAML::LoadFile(dir.file("run/summary.yaml"))["noise"]["rows"].as<std::size_t>());
  BOOST_TEST(noise_rows > 20u);
  const CommandResult sampled = run_mixfit({"sample", "--model", dir.file("run/model.yaml"), "-n", "5"});
  BOOST_TEST(sampled.exit_code != 0);
  BOOST_TEST(sampled.err.find("noise component") != std::string::npos, sampled.err);
}

BOOST_AUTO_TEST_SUITE_END()
