// mixfit run under mpirun: 2, 3 and 4 ranks give the bytes of the single-process run; errors stop every rank.
#include <boost/test/unit_test.hpp>

#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"
#include "support/npy_writer.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

BOOST_AUTO_TEST_SUITE(mpi_run_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::string kConfigs = std::string(MIXFIT_SOURCE_DIR) + "/configs/";

std::vector<std::string> run_args(const std::string& config, const std::string& out,
                                  const std::vector<std::string>& settings) {
  std::vector<std::string> args{"run", config, "--out", out, "--quiet"};
  for (const auto& setting : settings) {
    args.push_back("--set");
    args.push_back(setting);
  }
  return args;
}

CommandResult run_on_ranks(int ranks, const std::string& config, const std::string& out,
                           const std::vector<std::string>& settings) {
  std::vector<std::string> args{"--allow-run-as-root", "--oversubscribe", "-np", std::to_string(ranks),
                                "--mca", "btl", "self,tcp", "--mca", "btl_tcp_if_include", "lo",
                                MIXFIT_EXECUTABLE};
  for (const auto& arg : run_args(config, out, settings)) args.push_back(arg);
  return run_program(MIXFIT_MPIEXEC, args);
}

// Runs `config` on one process and on each rank count, and compares the outputs byte for byte.
void require_same_bits_on(const std::vector<int>& rank_counts, const std::string& config,
                          const std::vector<std::string>& settings, const std::vector<std::string>& files) {
  TempDir dir;
  const CommandResult single = run_mixfit(run_args(config, dir.file("single"), settings));
  BOOST_TEST_REQUIRE(single.exit_code == 0, single.err);
  for (int ranks : rank_counts) {
    const std::string out = dir.file("ranks" + std::to_string(ranks));
    const CommandResult distributed = run_on_ranks(ranks, config, out, settings);
    BOOST_TEST_REQUIRE(distributed.exit_code == 0, distributed.err);
    for (const auto& file : files)
      BOOST_TEST(read_text(dir.file("single") + "/" + file) == read_text(out + "/" + file),
                 file << " differs on " << ranks << " ranks");
    BOOST_TEST(trace_without_seconds(dir.file("single")) == trace_without_seconds(out), ranks << " ranks");
    BOOST_TEST(read_text(out + "/manifest.yaml").find("ranks: " + std::to_string(ranks)) != std::string::npos);
  }
}

const std::vector<std::string> kRowFiles{"model.yaml", "responsibilities.csv", "labels.csv"};

}  // namespace

BOOST_AUTO_TEST_CASE(em_from_csv_gives_the_single_process_bits_on_2_3_and_4_ranks) {
  // 3000 rows in blocks of 97: 31 blocks, split unevenly over the ranks.
  require_same_bits_on({2, 3, 4}, kConfigs + "quickstart.yaml", {"inference.block_size=97", "inference.n_init=2"},
                       kRowFiles);
}

BOOST_AUTO_TEST_CASE(em_from_npy_slices_with_threads_gives_the_same_bits) {
  TempDir dir;
  const arma::mat x = three_blobs().real;
  write_npy<double>(dir.file("blobs.npy"), "<f8", "(" + std::to_string(x.n_cols) + ", 2)",
                    std::vector<double>(x.begin(), x.end()));
  require_same_bits_on({2, 3}, kConfigs + "quickstart.yaml",
                       {"data.path=" + dir.file("blobs.npy"), "inference.block_size=128", "inference.threads=2",
                        "model.options.covariance=diag", "inference.init.method=random_from_data"},
                       kRowFiles);
  require_same_bits_on({3}, kConfigs + "quickstart.yaml",
                       {"data.path=" + dir.file("blobs.npy"), "data.streaming=true", "inference.block_size=128"},
                       kRowFiles);
}

BOOST_AUTO_TEST_CASE(vb_kmeans_and_random_starts_give_the_same_bits) {
  require_same_bits_on({2, 3}, kConfigs + "three_blobs_vb.yaml", {"inference.block_size=200"}, kRowFiles);
  require_same_bits_on({3}, kConfigs + "kmeans.yaml", {"inference.block_size=100"},
                       {"model.yaml", "labels.csv", "centroids.csv"});
  require_same_bits_on({2}, kConfigs + "quickstart.yaml",
                       {"inference.block_size=300", "inference.init.method=random", "inference.max_iter=20"},
                       kRowFiles);
  require_same_bits_on({2}, kConfigs + "quickstart.yaml",
                       {"inference.block_size=300", "inference.init.method=kmeans", "model.options.covariance=tied"},
                       kRowFiles);
}

// SEM draws each block's labels from a stream of (seed, iteration, block): the same draws on any rank count.
BOOST_AUTO_TEST_CASE(sem_and_cem_give_the_same_bits_on_2_3_and_4_ranks) {
  require_same_bits_on({2, 3, 4}, kConfigs + "quickstart.yaml",
                       {"inference.algorithm=sem", "inference.block_size=97", "inference.max_iter=30"}, kRowFiles);
  require_same_bits_on({3}, kConfigs + "banknote_cem.yaml", {"inference.block_size=16"}, kRowFiles);
}

// data.weights and data.labels are read by each rank for its own rows; the fits keep the single-process bits.
BOOST_AUTO_TEST_CASE(weighted_and_labelled_rows_give_the_same_bits_on_2_and_3_ranks) {
  TempDir dir;
  const std::vector<std::string> lines =
      split_lines(read_text(std::string(MIXFIT_SOURCE_DIR) + "/tests/data/mclust_ssc/diabetes_labelled.csv"));
  std::string table = lines[0] + ",w\n";
  for (std::size_t n = 1; n < lines.size(); ++n) table += lines[n] + "," + std::to_string(n % 4) + ".5\n";
  write_text(dir.file("data.csv"), table);
  write_text(dir.file("run.yaml"),
             "experiment: {name: annotated, seed: 2}\ndata: {path: data.csv, weights: w, labels: known}\n"
             "model: {components: 3, family: gaussian}\ninference: {max_iter: 30, n_init: 2, block_size: 16}\n"
             "output: {dir: run}\n");
  require_same_bits_on({2, 3}, dir.file("run.yaml"), {}, kRowFiles);
  require_same_bits_on({3}, dir.file("run.yaml"), {"inference.algorithm=kmeans"}, {"model.yaml", "labels.csv"});
  require_same_bits_on({2}, dir.file("run.yaml"), {"inference.algorithm=vb"}, kRowFiles);
}

// data.missing: marginalize: each rank marginalises its own rows' cells; the fit keeps the single-process bits.
BOOST_AUTO_TEST_CASE(missing_cells_give_the_same_bits_on_2_and_3_ranks) {
  TempDir dir;
  const std::vector<std::string> lines =
      split_lines(read_text(std::string(MIXFIT_SOURCE_DIR) + "/configs/data/customers.csv"));
  std::string table = lines[0] + "\n";
  for (std::size_t n = 1; n < lines.size(); ++n) {
    // Every 5th row loses one of its first four cells (age, income, region, plan) in turn.
    std::string line = lines[n];
    if (n % 5 == 0) {
      std::size_t start = 0;
      for (std::size_t field = 0; field < (n / 5) % 4; ++field) start = line.find(',', start) + 1;
      line.erase(start, line.find(',', start) - start);
    }
    table += line + "\n";
  }
  write_text(dir.file("data.csv"), table);
  require_same_bits_on({2, 3}, kConfigs + "customers_latent_class.yaml",
                       {"data.path=" + dir.file("data.csv"), "data.missing=marginalize", "inference.block_size=64",
                        "inference.n_init=2", "inference.max_iter=30",
                        "model.parts=[{family: gaussian, columns: [age, income]}, {family: categorical, columns: "
                        "[region, plan]}]"},
                       kRowFiles);
}

BOOST_AUTO_TEST_CASE(mixed_columns_merge_their_levels_across_ranks) {
  // Categorical levels first seen on different ranks keep the order of first appearance in the file.
  require_same_bits_on({2, 3}, kConfigs + "customers_latent_class.yaml",
                       {"inference.block_size=64", "inference.n_init=1", "inference.max_iter=30"}, kRowFiles);
}

BOOST_AUTO_TEST_CASE(a_bad_row_on_one_rank_stops_every_rank_with_one_message) {
  TempDir dir;
  std::string csv = read_text(kConfigs + "data/three_blobs.csv");
  // Line 2900 is in the last rank's blocks.
  std::vector<std::string> lines = split_lines(csv);
  lines.at(2899) = "1.5,oops,0";
  std::ofstream(dir.file("bad.csv")) << [&] {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
  }();
  const CommandResult result =
      run_on_ranks(3, kConfigs + "quickstart.yaml", dir.file("run"),
                   {"data.path=" + dir.file("bad.csv"), "inference.block_size=100"});
  BOOST_TEST(result.exit_code != 0);
  const std::string expected = "bad.csv:2900: column 'y': expected a number";
  BOOST_TEST(result.err.find(expected) != std::string::npos, result.err);
  std::size_t count = 0;
  for (std::size_t at = result.err.find("mixfit: error:"); at != std::string::npos;
       at = result.err.find("mixfit: error:", at + 1))
    ++count;
  BOOST_TEST(count == 1u, result.err);
  BOOST_TEST(!std::filesystem::exists(dir.file("run")));
}

BOOST_AUTO_TEST_CASE(failed_restarts_are_decided_alike_on_every_rank) {
  // Three 4×4×4 lattices and three copies of (3, 3, 4) with reg_covar: 0: of ten restarts, most fail (a
  // singular covariance at the start or mid-run, under singular_component: error), one finishes. Every rank
  // must take the same decisions, or one would wait in a collective that the others never reach.
  TempDir dir;
  std::ostringstream csv;
  csv << "x,y,z\n";
  for (const auto& [cx, cy] : {std::pair{0.0, 0.0}, std::pair{6.0, 0.0}, std::pair{0.0, 6.0}})
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        for (int l = 0; l < 4; ++l)
          csv << cx + 0.5 * (i - 1.5) << "," << cy + 0.5 * (j - 1.5) << "," << 0.5 * (l - 1.5) << "\n";
  for (int copy = 0; copy < 3; ++copy) csv << "3,3,4\n";
  write_text(dir.file("data.csv"), csv.str());
  // Three points, five copies each: with K = 3 every kmeans++ start gives each component one distinct point.
  std::string copies = "x,y,z\n";
  for (const char* row : {"0,0,0\n", "5,1,2\n", "1,7,3\n"})
    for (int copy = 0; copy < 5; ++copy) copies += row;
  write_text(dir.file("copies.csv"), copies);
  const std::string experiment = dir.file("experiment.yaml");
  const auto write_experiment = [&](const std::string& policy) {
    write_text(experiment, "experiment: {name: failed_restarts, seed: 7}\n"
                           "data: {path: " + dir.file("data.csv") + "}\n"
                           "model: {components: 4, family: gaussian, options: {reg_covar: 0}}\n"
                           "inference: {n_init: 10, max_iter: 200, block_size: 16, singular_component: " + policy +
                               "}\n");
  };
  for (const std::string policy : {"error", "reseed"}) {
    write_experiment(policy);
    const std::string single_dir = dir.file("single_" + policy), ranks_dir = dir.file("ranks_" + policy);
    const CommandResult single = run_mixfit(run_args(experiment, single_dir, {}));
    BOOST_TEST_REQUIRE(single.exit_code == 0, single.err);
    const CommandResult distributed = run_on_ranks(3, experiment, ranks_dir, {});
    BOOST_TEST_REQUIRE(distributed.exit_code == 0, distributed.err);
    const YAML::Node restarts = YAML::LoadFile(single_dir + "/summary.yaml")["restarts"];
    BOOST_TEST(YAML::Dump(restarts) == YAML::Dump(YAML::LoadFile(ranks_dir + "/summary.yaml")["restarts"]), policy);
    BOOST_TEST(read_text(single_dir + "/model.yaml") == read_text(ranks_dir + "/model.yaml"), policy);
    std::size_t failed = 0;
    for (const auto& r : restarts) failed += r["status"].as<std::string>() == "failed";
    BOOST_TEST(failed >= 1u, policy);
  }
  // Every restart failing: one message on every rank, no run directory.
  const CommandResult all_failed =
      run_on_ranks(3, experiment, dir.file("none"), {"data.path=" + dir.file("copies.csv"), "model.components=3",
                                                     "inference.block_size=4"});
  BOOST_TEST(all_failed.exit_code != 0);
  BOOST_TEST(all_failed.err.find("all 10 restarts failed: restart 0: ") != std::string::npos, all_failed.err);
  BOOST_TEST(!std::filesystem::exists(dir.file("none")));
}

BOOST_AUTO_TEST_SUITE_END()  // mpi_run_test
