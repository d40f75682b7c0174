// .npy input: float64 and float32, C order, exact values, and located errors; a fit from .npy equals the CSV fit.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/data/npy_reader.hpp"
#include "support/command.hpp"
#include "support/fixtures.hpp"
#include "support/model_builders.hpp"
#include "support/npy_writer.hpp"

#include <cstring>
#include <fstream>

BOOST_AUTO_TEST_SUITE(npy_reader_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

std::string error_of(const std::string& path) {
  try {
    read_npy(path);
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_float64_and_float32_in_c_order) {
  TempDir dir;
  write_npy<double>(dir.file("a.npy"), "<f8", "(3, 2)", {1.5, -2.0, 3.25, 4.0, 0.1, 1e300});
  const arma::mat a = read_npy(dir.file("a.npy"));
  BOOST_TEST_REQUIRE(a.n_rows == 2u);  // D×N: one observation per column
  BOOST_TEST_REQUIRE(a.n_cols == 3u);
  BOOST_TEST(a(0, 0) == 1.5);
  BOOST_TEST(a(1, 0) == -2.0);
  BOOST_TEST(a(0, 2) == 0.1);
  BOOST_TEST(a(1, 2) == 1e300);
  write_npy<float>(dir.file("b.npy"), "<f4", "(2, 2)", {0.5f, 0.1f, -1.0f, 2.0f});
  const arma::mat b = read_npy(dir.file("b.npy"));
  BOOST_TEST(b(1, 0) == static_cast<double>(0.1f));
  BOOST_TEST(read_npy_header(dir.file("b.npy")).single_precision);
  write_npy<double>(dir.file("c.npy"), "<f8", "(4,)", {1, 2, 3, 4});
  BOOST_TEST(read_npy(dir.file("c.npy")).n_rows == 1u);
}

BOOST_AUTO_TEST_CASE(bad_files_name_the_problem) {
  TempDir dir;
  write_text(dir.file("text.npy"), "x,y\n1,2\n");
  BOOST_TEST(error_of(dir.file("text.npy")).find("not a NumPy .npy file") != std::string::npos);
  write_npy<std::int64_t>(dir.file("int.npy"), "<i8", "(2, 1)", {1, 2});
  BOOST_TEST(error_of(dir.file("int.npy")).find("dtype '<i8'") != std::string::npos);
  write_npy<double>(dir.file("f.npy"), "<f8", "(2, 1)", {1, 2}, "True");
  BOOST_TEST(error_of(dir.file("f.npy")).find("C-order") != std::string::npos);
  write_npy<double>(dir.file("3d.npy"), "<f8", "(1, 1, 2)", {1, 2});
  BOOST_TEST(error_of(dir.file("3d.npy")).find("1-D or 2-D") != std::string::npos);
  write_npy<double>(dir.file("short.npy"), "<f8", "(5, 2)", {1, 2});
  BOOST_TEST(error_of(dir.file("short.npy")).find("shorter than its header says") != std::string::npos);
  write_npy<double>(dir.file("nan.npy"), "<f8", "(2, 2)", {1, 2, 3, std::nan("")});
  BOOST_TEST(error_of(dir.file("nan.npy")).find("row 1, column 1: expected a finite number") != std::string::npos);
  BOOST_TEST(error_of(dir.file("missing.npy")).find("missing.npy: cannot open") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_fit_from_npy_is_the_fit_from_csv) {
  TempDir dir;
  const arma::mat x = three_blobs().real;  // exactly the CSV's doubles
  write_npy<double>(dir.file("blobs.npy"), "<f8", "(" + std::to_string(x.n_cols) + ", 2)",
                    std::vector<double>(x.begin(), x.end()));
  const std::string quickstart = std::string(MIXFIT_SOURCE_DIR) + "/configs/quickstart.yaml";
  BOOST_TEST_REQUIRE(run_mixfit({"run", quickstart, "--out", dir.file("csv"), "--quiet"}).exit_code == 0);
  const CommandResult npy = run_mixfit({"run", quickstart, "--out", dir.file("npy"), "--quiet", "--set",
                                        "data.path=" + dir.file("blobs.npy")});
  BOOST_TEST_REQUIRE(npy.exit_code == 0, npy.err);
  BOOST_TEST(read_text(dir.file("csv") + "/model.yaml") == read_text(dir.file("npy") + "/model.yaml"));
  BOOST_TEST(read_text(dir.file("csv") + "/responsibilities.csv") == read_text(dir.file("npy") + "/responsibilities.csv"));
  const CommandResult wrong = run_mixfit({"run", quickstart, "--out", dir.file("bad"), "--set",
                                          "data.path=" + dir.file("blobs.npy"), "--set", "data.columns=[x]"});
  BOOST_TEST(wrong.exit_code == 1);
  BOOST_TEST(wrong.err.find("has 2 columns; name all of them") != std::string::npos, wrong.err);
  const CommandResult predicted = run_mixfit({"predict", "--model", dir.file("csv") + "/model.yaml", dir.file("blobs.npy")});
  BOOST_TEST(predicted.exit_code == 0, predicted.err);
  BOOST_TEST(split_lines(predicted.out).size() == x.n_cols + 1);
}

BOOST_AUTO_TEST_SUITE_END()  // npy_reader_test
