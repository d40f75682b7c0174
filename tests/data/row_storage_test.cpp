// data.streaming and data.dtype: a streamed or single-precision fit gives the in-memory fit's bytes.
#include <boost/test/unit_test.hpp>

#include "mixfit/data/data_block.hpp"
#include "mixfit/data/float32_rows.hpp"
#include "mixfit/data/npy_stream_rows.hpp"
#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"
#include "support/npy_writer.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

BOOST_AUTO_TEST_SUITE(row_storage_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

const std::string kQuickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";

// The three blobs as a .npy file of doubles, or of floats.
std::string blobs_npy(const TempDir& dir, bool single) {
  const arma::mat x = three_blobs().real;
  const std::string shape = "(" + std::to_string(x.n_cols) + ", 2)";
  const std::string path = dir.file(single ? "blobs32.npy" : "blobs64.npy");
  if (single) {
    const arma::fmat y = arma::conv_to<arma::fmat>::from(x);
    write_npy<float>(path, "<f4", shape, std::vector<float>(y.begin(), y.end()));
  } else {
    write_npy<double>(path, "<f8", shape, std::vector<double>(x.begin(), x.end()));
  }
  return path;
}

void require_same_outputs(const std::string& a, const std::string& b) {
  for (const char* file : {"model.yaml", "responsibilities.csv", "labels.csv"})
    BOOST_TEST(read_text(a + "/" + file) == read_text(b + "/" + file), file);
  BOOST_TEST(trace_without_seconds(a) == trace_without_seconds(b));
}

CommandResult run(const std::string& out, std::vector<std::string> settings) {
  std::vector<std::string> args{"run", kQuickstart, "--out", out, "--quiet"};
  for (auto& setting : settings) {
    args.push_back("--set");
    args.push_back(std::move(setting));
  }
  return run_mixfit(args);
}

}  // namespace

BOOST_AUTO_TEST_CASE(streamed_fit_is_bit_identical_to_the_in_memory_fit) {
  TempDir dir;
  const std::string npy = blobs_npy(dir, false);
  // Many uneven blocks on two threads, so the stream is read out of order.
  const CommandResult memory = run(dir.file("memory"), {"data.path=" + npy, "inference.block_size=97",
                                                        "inference.threads=2", "inference.algorithm=em"});
  BOOST_TEST_REQUIRE(memory.exit_code == 0, memory.err);
  const CommandResult streamed = run(dir.file("streamed"), {"data.path=" + npy, "inference.block_size=97",
                                                            "inference.threads=2", "data.streaming=true"});
  BOOST_TEST_REQUIRE(streamed.exit_code == 0, streamed.err);
  require_same_outputs(dir.file("memory"), dir.file("streamed"));
}

BOOST_AUTO_TEST_CASE(float32_storage_of_float32_data_changes_no_bit) {
  // Values that already are floats survive the rounding unchanged, so every
  // difference would come from the storage path itself.
  TempDir dir;
  const std::string npy = blobs_npy(dir, true);
  const CommandResult doubles = run(dir.file("f64"), {"data.path=" + npy});
  BOOST_TEST_REQUIRE(doubles.exit_code == 0, doubles.err);
  const CommandResult floats = run(dir.file("f32"), {"data.path=" + npy, "data.dtype=float32"});
  BOOST_TEST_REQUIRE(floats.exit_code == 0, floats.err);
  require_same_outputs(dir.file("f64"), dir.file("f32"));
  const CommandResult both = run(dir.file("f32s"), {"data.path=" + npy, "data.dtype=float32", "data.streaming=true"});
  BOOST_TEST_REQUIRE(both.exit_code == 0, both.err);
  require_same_outputs(dir.file("f64"), dir.file("f32s"));
}

BOOST_AUTO_TEST_CASE(float32_storage_of_double_data_moves_the_fit_by_float_rounding_only) {
  TempDir dir;
  BOOST_TEST_REQUIRE(run(dir.file("f64"), {}).exit_code == 0);
  const CommandResult floats = run(dir.file("f32"), {"data.dtype=float32"});
  BOOST_TEST_REQUIRE(floats.exit_code == 0, floats.err);
  const YAML::Node a = YAML::LoadFile(dir.file("f64") + "/model.yaml");
  const YAML::Node b = YAML::LoadFile(dir.file("f32") + "/model.yaml");
  for (std::size_t k = 0; k < a["components"].size(); ++k)
    for (std::size_t d = 0; d < 2; ++d) {
      const double x = a["components"][k]["mean"][d].as<double>(), y = b["components"][k]["mean"][d].as<double>();
      // Data rounded to 24-bit mantissas (relative 6e-8) move the means by about as much.
      BOOST_TEST(std::abs(x - y) <= 1e-6 * std::max(1.0, std::abs(x)));
      BOOST_TEST(x != y);  // the rounding did happen
    }
}

BOOST_AUTO_TEST_CASE(blocks_read_from_a_stream_or_float32_are_the_rows_widened) {
  TempDir dir;
  const std::string npy = blobs_npy(dir, true);
  const NpyStreamRows stream(npy);
  const arma::fmat floats = arma::conv_to<arma::fmat>::from(three_blobs().real);
  const Float32Rows memory(floats);
  BOOST_TEST(stream.num_rows() == floats.n_cols);
  arma::mat a, b;
  stream.read_rows(17, 300, a);
  memory.read_rows(17, 300, b);
  BOOST_TEST(arma::approx_equal(a, arma::conv_to<arma::mat>::from(floats.cols(17, 316)), "absdiff", 0.0));
  BOOST_TEST(arma::approx_equal(a, b, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(streaming_errors_are_located_and_leave_no_output) {
  TempDir dir;
  const CommandResult csv = run(dir.file("csv"), {"data.streaming=true"});
  BOOST_TEST(csv.exit_code == 1);
  BOOST_TEST(csv.err.find("data.streaming") != std::string::npos, csv.err);
  BOOST_TEST(csv.err.find("not one") != std::string::npos, csv.err);
  BOOST_TEST(!std::filesystem::exists(dir.file("csv")));

  std::vector<double> values(400, 1.0);
  values[2 * 150 + 1] = std::nan("");
  write_npy<double>(dir.file("nan.npy"), "<f8", "(200, 2)", values);
  const CommandResult nan = run(dir.file("nan"), {"data.path=" + dir.file("nan.npy"), "data.streaming=true"});
  BOOST_TEST(nan.exit_code == 1);
  BOOST_TEST(nan.err.find("row 150, column 1: expected a finite number") != std::string::npos, nan.err);
  BOOST_TEST(!std::filesystem::exists(dir.file("nan")));

  const CommandResult dtype = run(dir.file("dtype"), {"data.dtype=float16"});
  BOOST_TEST(dtype.exit_code == 1);
  BOOST_TEST(dtype.err.find("data.dtype") != std::string::npos, dtype.err);
}

BOOST_AUTO_TEST_SUITE_END()  // row_storage_test
