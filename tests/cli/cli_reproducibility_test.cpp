// manifest.yaml, `mixfit reproduce` and sweeps, end to end.
#include <boost/test/unit_test.hpp>

#include "mixfit/io/sha256.hpp"
#include "support/command.hpp"
#include "support/fixtures.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

BOOST_AUTO_TEST_SUITE(cli_reproducibility_test)

using namespace mixfit;
using namespace mixfit::testing;
namespace fs = std::filesystem;

namespace {

const std::string kQuickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";

// Replaces line `number` (1-based) of a file.
void replace_line(const std::string& path, std::size_t number, const std::string& text) {
  auto lines = split_lines(read_text(path));
  lines.at(number - 1) = text;
  std::string joined;
  for (const auto& line : lines) joined += line + "\n";
  write_text(path, joined);
}

// Sets the manifest's recorded sha256 of output `file` to `hash`.
void record_hash(const std::string& run, const std::string& file, const std::string& hash) {
  YAML::Node manifest = YAML::LoadFile(run + "/manifest.yaml");
  for (auto output : manifest["outputs"])
    if (output["file"].Scalar() == file) output["sha256"] = hash;
  YAML::Emitter out;
  out << manifest;
  write_text(run + "/manifest.yaml", out.c_str());
}

}  // namespace

BOOST_AUTO_TEST_CASE(manifest_records_build_inputs_seeds_and_every_output) {
  TempDir dir;
  const std::string run = dir.file("run");
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", run, "--quiet", "--set", "inference.n_init=2"}).exit_code == 0);
  const YAML::Node manifest = YAML::LoadFile(run + "/manifest.yaml");
  for (const char* key : {"mixfit", "libraries", "platform", "command", "experiment", "seeds", "parallelism", "started",
                          "finished", "inputs", "outputs", "config"})
    BOOST_TEST(static_cast<bool>(manifest[key]), key);
  for (const char* key : {"boost", "armadillo", "yaml_cpp", "blas", "vector_kernels"})
    BOOST_TEST(!manifest["libraries"][key].Scalar().empty(), key);
  const std::string kernels = manifest["libraries"]["vector_kernels"].Scalar();
  BOOST_TEST((kernels == "x86-64-v3 (AVX2, FMA)" || kernels == "x86-64 (baseline)" || kernels == "portable (one build)"),
             kernels);
  BOOST_TEST(manifest["seeds"]["master"].as<int>() == 7);
  BOOST_TEST(manifest["seeds"]["restarts"].size() == 2u);

  // The data file's hash is the fixtures' recorded one (the quickstart ships the same CSV).
  const YAML::Node fixture = load_fixture("three_blobs_gmm_full.json");
  bool found_data = false;
  for (const auto& input : manifest["inputs"]) {
    BOOST_TEST(input["sha256"].Scalar() == sha256_file(input["path"].Scalar()));
    if (input["role"].Scalar() == "data") {
      found_data = true;
      BOOST_TEST(input["sha256"].Scalar() == fixture["data"]["sha256"].Scalar());
    }
  }
  BOOST_TEST(found_data);

  std::set<std::string> hashed;
  for (const auto& output : manifest["outputs"]) {
    const std::string file = output["file"].Scalar();
    hashed.insert(file);
    BOOST_TEST(output["sha256"].Scalar() == sha256_file(run + "/" + file), file);
  }
  for (const auto& entry : fs::directory_iterator(run))
    if (entry.path().filename() != "manifest.yaml") BOOST_TEST(hashed.count(entry.path().filename().string()) == 1u);
}

BOOST_AUTO_TEST_CASE(reproduce_rebuilds_the_same_bits_and_names_the_first_difference) {
  TempDir dir;
  const std::string run = dir.file("run");
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", run, "--quiet", "--set", "model.components=4"}).exit_code == 0);
  const CommandResult same = run_mixfit({"reproduce", run, "--out", dir.file("again")});
  BOOST_TEST(same.exit_code == 0, same.out + same.err);
  BOOST_TEST(same.out.find("reproduced: every output") != std::string::npos, same.out);
  BOOST_TEST(read_text(run + "/model.yaml") == read_text(dir.file("again") + "/model.yaml"));
  BOOST_TEST(read_text(run + "/config.yaml") == read_text(dir.file("again") + "/config.yaml"));

  // A recorded labels.csv that says otherwise at data row 4: reproduce names file and line.
  replace_line(run + "/labels.csv", 5, "9");
  record_hash(run, "labels.csv", sha256_file(run + "/labels.csv"));
  const CommandResult differs = run_mixfit({"reproduce", run, "--out", dir.file("third")});
  BOOST_TEST(differs.exit_code == 1);
  BOOST_TEST(differs.out.find("DIFFERS  labels.csv") != std::string::npos, differs.out);
  BOOST_TEST(differs.out.find("labels.csv, first difference at line 5 (data row 4)") != std::string::npos, differs.out);
  BOOST_TEST(differs.out.find("recorded: 9") != std::string::npos, differs.out);
}

BOOST_AUTO_TEST_CASE(reproduce_refuses_changed_inputs) {
  TempDir dir;
  fs::copy_file(std::string(MIXFIT_SOURCE_DIR) + "/configs/data/three_blobs.csv", dir.file("blobs.csv"));
  const std::string run = dir.file("run");
  BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", run, "--quiet", "--set",
                                 "data.path=" + dir.file("blobs.csv")}).exit_code == 0);
  replace_line(dir.file("blobs.csv"), 2, "0,0,0");
  const CommandResult changed = run_mixfit({"reproduce", run, "--out", dir.file("again")});
  BOOST_TEST(changed.exit_code == 1);
  BOOST_TEST(changed.out.find("input data " + dir.file("blobs.csv") + ": differs") != std::string::npos, changed.out);
  BOOST_TEST(!fs::exists(dir.file("again")));
  const CommandResult missing = run_mixfit({"reproduce", dir.file("nothing")});
  BOOST_TEST(missing.exit_code == 1);
  BOOST_TEST(missing.err.find("no manifest.yaml") != std::string::npos, missing.err);
}

BOOST_AUTO_TEST_CASE(sweep_runs_every_point_and_selects_by_bic) {
  TempDir dir;
  const std::string experiment = dir.file("sweep.yaml");
  write_text(experiment, read_text(kQuickstart) +
                             "sweep:\n"
                             "  grid:\n"
                             "    model.components: [1, 2, 3]\n"
                             "    model.options.covariance: [full, spherical]\n"
                             "  select: bic\n");
  fs::create_directories(dir.file("data"));
  fs::copy_file(std::string(MIXFIT_SOURCE_DIR) + "/configs/data/three_blobs.csv", dir.file("data/three_blobs.csv"));
  const CommandResult parallel = run_mixfit({"run", experiment, "--out", dir.file("two"), "--jobs", "2"});
  BOOST_TEST_REQUIRE(parallel.exit_code == 0, parallel.err);
  std::size_t progress_lines = 0;
  for (const auto& line : split_lines(parallel.err)) {
    progress_lines += line.starts_with("sweep ");
    BOOST_TEST((line.find("/6 done: point ") != std::string::npos && line.find("  left ~ ") != std::string::npos), line);
  }
  BOOST_TEST(progress_lines == 6u);

  const auto rows = split_lines(read_text(dir.file("two") + "/sweep.csv"));
  BOOST_TEST_REQUIRE(rows.size() == 7u);
  BOOST_TEST(rows[0] == "point,name,model.components,model.options.covariance,seed,status,log_likelihood,"
                        "n_parameters,bic,aic,icl,elbo,n_iter,converged,seconds,icl_entropy");
  for (std::size_t i = 1; i < rows.size(); ++i) BOOST_TEST(rows[i].find(",ok,") != std::string::npos, rows[i]);
  const YAML::Node sweep = YAML::LoadFile(dir.file("two") + "/sweep.yaml");
  BOOST_TEST(sweep["points"].as<int>() == 6);
  BOOST_TEST(sweep["select"].as<std::string>() == "bic");
  BOOST_TEST(sweep["best"]["values"]["model.components"].as<int>() == 3);
  const std::string best = sweep["best"]["run_directory"].as<std::string>();
  BOOST_TEST(fs::exists(dir.file("two") + "/" + best + "/manifest.yaml"));

  // Each point is a complete run with its own derived seed; one job or two, the same bits.
  const CommandResult serial = run_mixfit({"run", experiment, "--out", dir.file("one"), "--quiet"});
  BOOST_TEST_REQUIRE(serial.exit_code == 0, serial.err);
  BOOST_TEST(serial.err.empty(), serial.err);  // --quiet silences the sweep's lines too
  std::set<std::string> point_seeds;
  for (const auto& entry : fs::directory_iterator(dir.file("two"))) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    BOOST_TEST(read_text(dir.file("one") + "/" + name + "/model.yaml") == read_text(entry.path().string() + "/model.yaml"));
    point_seeds.insert(YAML::LoadFile(entry.path().string() + "/config.yaml")["experiment"]["seed"].Scalar());
  }
  BOOST_TEST(point_seeds.size() == 6u);
}

BOOST_AUTO_TEST_CASE(a_bad_sweep_point_stops_everything_before_it_starts) {
  TempDir dir;
  const std::string experiment = dir.file("sweep.yaml");
  write_text(experiment, "data: {path: " + std::string(MIXFIT_SOURCE_DIR) + "/configs/data/three_blobs.csv, columns: [x, y]}\n"
                         "model: {components: 2, family: gaussian}\n"
                         "sweep:\n"
                         "  grid:\n"
                         "    model.options.covariance: [full, diagonal]\n");
  const CommandResult result = run_mixfit({"run", experiment, "--out", dir.file("out")});
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.err.find("sweep point 2/2") != std::string::npos, result.err);
  BOOST_TEST(result.err.find("covariance") != std::string::npos, result.err);
  BOOST_TEST(!fs::exists(dir.file("out")));
}

BOOST_AUTO_TEST_CASE(outputs_are_byte_identical_for_1_2_and_7_threads) {
  for (const std::string algorithm : {"em", "cem", "sem"}) {
    BOOST_TEST_CONTEXT(algorithm) {
      TempDir dir;
      for (const char* threads : {"1", "2", "7"})
        BOOST_TEST_REQUIRE(run_mixfit({"run", kQuickstart, "--out", dir.file(threads), "--quiet", "--set",
                                       std::string("inference.threads=") + threads, "--set",
                                       "inference.block_size=100", "--set", "model.components=5", "--set",
                                       "inference.algorithm=" + algorithm})
                               .exit_code == 0);
      for (const char* threads : {"2", "7"}) {
        for (const char* file : {"model.yaml", "responsibilities.csv", "labels.csv"})
          BOOST_TEST(read_text(dir.file("1") + "/" + file) == read_text(dir.file(threads) + "/" + file), file);
        BOOST_TEST(YAML::LoadFile(dir.file(threads) + "/manifest.yaml")["parallelism"]["threads"].as<std::string>() ==
                   threads);
        auto trace = [&](const std::string& run) {
          std::string text;
          for (const auto& line : split_lines(read_text(run + "/trace.csv")))
            text += line.substr(0, line.rfind(',')) + "\n";
          return text;
        };
        BOOST_TEST(trace(dir.file("1")) == trace(dir.file(threads)));
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()  // cli_reproducibility_test
