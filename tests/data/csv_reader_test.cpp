// read_csv: exact doubles, column choice and order, lenient layout, the shared fixture and every error message.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "support/fixtures.hpp"

#include <bit>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>

#include <unistd.h>

BOOST_AUTO_TEST_SUITE(csv_reader_test)

using namespace mixfit;
using mixfit::testing::TempDir;
using mixfit::testing::write_text;

namespace {

template <class Action>
std::string data_error(Action action) {
  try {
    action();
  } catch (const DataError& error) {
    return error.what();
  }
  BOOST_FAIL("expected a DataError");
  return {};
}

void check_contains(const std::string& message, std::initializer_list<std::string> parts) {
  for (const std::string& part : parts)
    BOOST_TEST(message.find(part) != std::string::npos, "message \"" << message << "\" lacks \"" << part << "\"");
}

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

/// Writes `text` to a file in `dir` and returns the message of reading it.
std::string read_error(const TempDir& dir, const std::string& text, const std::vector<std::string>& columns = {}) {
  const std::string path = dir.file("data.csv");
  write_text(path, text);
  return data_error([&] { read_csv(path, columns); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(doubles_round_trip_bit_for_bit) {
  TempDir dir;
  write_text(dir.file("exact.csv"),
             "a,b\n"
             "0.1,1e-300\n"
             "5e-324,-0.0\n"
             "1.7976931348623157e308,2.2250738585072014e-308\n"
             "-4.9406564584124654e-324,+3\n");
  const Dataset data = read_csv(dir.file("exact.csv"));
  BOOST_TEST(data.dimension() == 2u);
  BOOST_TEST(data.num_rows() == 4u);
  BOOST_TEST(bits(data.real(0, 0)) == bits(0.1));
  BOOST_TEST(bits(data.real(1, 0)) == bits(1e-300));
  BOOST_TEST(bits(data.real(0, 1)) == bits(5e-324));
  BOOST_TEST(bits(data.real(1, 1)) == bits(-0.0));
  BOOST_TEST(bits(data.real(0, 2)) == bits(std::numeric_limits<double>::max()));
  BOOST_TEST(bits(data.real(1, 2)) == bits(std::numeric_limits<double>::min()));
  BOOST_TEST(bits(data.real(0, 3)) == bits(-std::numeric_limits<double>::denorm_min()));
  BOOST_TEST(data.real(1, 3) == 3.0);
}

BOOST_AUTO_TEST_CASE(random_doubles_round_trip_through_format_double) {
  std::mt19937_64 engine(12345);
  const std::size_t rows = 2000, cols = 3;
  std::vector<double> written;
  std::string text = "a,b,c\n";
  for (std::size_t i = 0; i < rows * cols; ++i) {
    double value;
    do value = std::bit_cast<double>(engine());
    while (!std::isfinite(value));
    written.push_back(value);
    text += format_double(value) + ((i + 1) % cols ? "," : "\n");
  }
  TempDir dir;
  write_text(dir.file("random.csv"), text);
  const Dataset data = read_csv(dir.file("random.csv"));
  BOOST_TEST(data.num_rows() == rows);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < rows * cols; ++i)
    if (bits(data.real(i % cols, i / cols)) != bits(written[i])) ++mismatches;
  BOOST_TEST(mismatches == 0u);
}

BOOST_AUTO_TEST_CASE(columns_are_picked_and_ordered) {
  TempDir dir;
  write_text(dir.file("xyz.csv"), "x,y,z\n1,2,3\n4,5,6\n");
  const Dataset all = read_csv(dir.file("xyz.csv"));
  BOOST_TEST(all.column_names() == (std::vector<std::string>{"x", "y", "z"}), boost::test_tools::per_element());
  BOOST_TEST(all.real.n_rows == 3u);
  BOOST_TEST(all.real.n_cols == 2u);
  BOOST_TEST(all.real(2, 1) == 6.0);
  BOOST_TEST(all.source == dir.file("xyz.csv"));

  const Dataset picked = read_csv(dir.file("xyz.csv"), {"z", "x"});
  BOOST_TEST(picked.column_names() == (std::vector<std::string>{"z", "x"}), boost::test_tools::per_element());
  BOOST_TEST(picked.dimension() == 2u);
  BOOST_TEST(picked.real(0, 0) == 3.0);
  BOOST_TEST(picked.real(1, 0) == 1.0);
  BOOST_TEST(picked.real(0, 1) == 6.0);
  BOOST_TEST(picked.real(1, 1) == 4.0);
}

BOOST_AUTO_TEST_CASE(unused_columns_are_not_parsed) {
  TempDir dir;
  write_text(dir.file("labels.csv"), "x,label,y\n1,\"a, b\",2\n3,c,4\n");
  const Dataset data = read_csv(dir.file("labels.csv"), {"x", "y"});
  BOOST_TEST(data.real(1, 1) == 4.0);
  BOOST_TEST(data.num_rows() == 2u);
}

BOOST_AUTO_TEST_CASE(lenient_layout) {
  TempDir dir;
  // CRLF, a byte-order mark, quoted and padded header names, padded cells, blank trailing lines.
  write_text(dir.file("loose.csv"), "\xEF\xBB\xBF\"x\" , \"y\"\r\n 1.5 ,\t-2 \r\n\"3\",4\r\n\r\n  \n\n");
  const Dataset data = read_csv(dir.file("loose.csv"));
  BOOST_TEST(data.column_names() == (std::vector<std::string>{"x", "y"}), boost::test_tools::per_element());
  BOOST_TEST(data.num_rows() == 2u);
  BOOST_TEST(data.real(0, 0) == 1.5);
  BOOST_TEST(data.real(1, 0) == -2.0);
  BOOST_TEST(data.real(0, 1) == 3.0);
  // No newline at the end at all.
  write_text(dir.file("no_newline.csv"), "x\n1\n2");
  BOOST_TEST(read_csv(dir.file("no_newline.csv")).num_rows() == 2u);
  // Underflow rounds to zero or a subnormal, as strtod does.
  write_text(dir.file("tiny.csv"), "x\n1e-400\n-1e-400\n");
  const Dataset tiny = read_csv(dir.file("tiny.csv"));
  BOOST_TEST(bits(tiny.real(0, 0)) == bits(0.0));
  BOOST_TEST(bits(tiny.real(0, 1)) == bits(-0.0));
}

BOOST_AUTO_TEST_CASE(three_blobs_fixture) {
  const std::string path = mixfit::testing::fixture_path("three_blobs.csv");
  const Dataset data = read_csv(path, {"x", "y"});
  BOOST_TEST(data.dimension() == 2u);
  BOOST_TEST(data.num_rows() == 3000u);
  BOOST_TEST(bits(data.real(0, 0)) == bits(6.334038055899256));
  BOOST_TEST(bits(data.real(1, 0)) == bits(-1.7262291511817542));
  BOOST_TEST(bits(data.real(0, 1)) == bits(5.804094843367896));
  const Dataset all = read_csv(path);
  BOOST_TEST(all.column_names() == (std::vector<std::string>{"x", "y", "source"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(matrix_is_one_row_per_line) {
  TempDir dir;
  write_text(dir.file("r.csv"), "r0,r1,r2\n0.25,0.5,0.25\n1,0,0\n");
  const arma::mat m = read_csv_matrix(dir.file("r.csv"));
  BOOST_TEST(m.n_rows == 2u);
  BOOST_TEST(m.n_cols == 3u);
  BOOST_TEST(m(0, 1) == 0.5);
  BOOST_TEST(m(1, 0) == 1.0);
  write_text(dir.file("bad.csv"), "r0,r1\n0.5,nan\n");
  check_contains(data_error([&] { read_csv_matrix(dir.file("bad.csv")); }),
                 {dir.file("bad.csv") + ":2: column 'r1': NaN is not allowed"});
}

BOOST_AUTO_TEST_CASE(file_errors) {
  TempDir dir;
  const std::string missing = dir.file("missing.csv");
  check_contains(data_error([&] { read_csv(missing); }), {missing + ": data file not found"});
  check_contains(data_error([&] { read_csv(dir.path()); }), {dir.path() + ": is a directory"});
  const std::string path = dir.file("data.csv");
  check_contains(read_error(dir, ""), {path + ": empty file"});
  check_contains(read_error(dir, "\n \r\n"), {path + ": empty file"});
  check_contains(read_error(dir, "x,y\n"), {path + ": no data rows"});
  check_contains(read_error(dir, "x,y\n\n\n"), {path + ": no data rows"});
}

// Root reads every file whatever its permissions, so the case is skipped there.
BOOST_AUTO_TEST_CASE(unreadable_file, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
  return ::geteuid() != 0;
})) {
  TempDir dir;
  const std::string path = dir.file("locked.csv");
  write_text(path, "x\n1\n");
  std::filesystem::permissions(path, std::filesystem::perms::none);
  check_contains(data_error([&] { read_csv(path); }), {path + ": cannot open data file"});
}

BOOST_AUTO_TEST_CASE(header_errors) {
  TempDir dir;
  const std::string path = dir.file("data.csv");
  check_contains(read_error(dir, "x,y,source\n1,2,3\n", {"x", "yy"}),
                 {path + ":1: column 'yy' not found; did you mean 'y'? (available columns: x, y, source)"});
  const std::string far = read_error(dir, "x,y\n1,2\n", {"weight"});
  check_contains(far, {path + ":1: column 'weight' not found (available columns: x, y)"});
  BOOST_TEST(far.find("did you mean") == std::string::npos);
  check_contains(read_error(dir, "x,y,x\n1,2,3\n"), {path + ":1: column 'x': duplicate column name (columns 1 and 3)"});
  check_contains(read_error(dir, "x,,y\n1,2,3\n"), {path + ":1: column 2 of the header has an empty name"});
  check_contains(read_error(dir, "x,y\n1,2\n", {"x", "x"}), {path + ": column 'x' is requested twice"});
}

BOOST_AUTO_TEST_CASE(row_errors) {
  TempDir dir;
  const std::string path = dir.file("data.csv");
  check_contains(read_error(dir, "x,y,z\n1,2,3\n4,5\n"), {path + ":3: expected 3 fields, found 2"});
  check_contains(read_error(dir, "x,y,z\n1,2,3,4\n"), {path + ":2: expected 3 fields, found 4"});
  check_contains(read_error(dir, "x,y\n1,2\n3,abc\n"), {path + ":3: column 'y': expected a number, got 'abc'"});
  check_contains(read_error(dir, "x,y\n1,\n"), {path + ":2: column 'y': expected a number, got an empty cell"});
  check_contains(read_error(dir, "x,y\n1,2 3\n"), {path + ":2: column 'y': expected a number, got '2 3'"});
  check_contains(read_error(dir, "x,y\n1,0x10\n"), {path + ":2: column 'y': expected a number, got '0x10'"});
  check_contains(read_error(dir, "x,y\nNaN,1\n"), {path + ":2: column 'x': NaN is not allowed"});
  check_contains(read_error(dir, "x,y\n1,2\n-nan,1\n"), {path + ":3: column 'x': NaN is not allowed"});
  check_contains(read_error(dir, "x,y\n1,inf\n"),
                 {path + ":2: column 'y': infinite values are not allowed (got 'inf')"});
  check_contains(read_error(dir, "x,y\n1,-Infinity\n"), {path + ":2: column 'y': infinite values are not allowed"});
  check_contains(read_error(dir, "x,y\n1,1e400\n"),
                 {path + ":2: column 'y': infinite values are not allowed (got '1e400')"});
  check_contains(read_error(dir, "x,y\n1,2\n\n3,4\n"), {path + ":3: blank line inside the data"});
  // Only the requested columns are checked, and the line numbers count the header.
  check_contains(read_error(dir, "x,y,z\n1,2,3\n1,2,3\n1,oops,3\n", {"z", "y"}),
                 {path + ":4: column 'y': expected a number, got 'oops'"});
}

BOOST_AUTO_TEST_CASE(binary_files_are_refused_at_their_first_nul_byte) {
  TempDir dir;
  const std::string path = dir.file("image.csv");
  write_text(path, std::string("x,y\n1,2\n\x89PNG\0\0\x01", 15));
  check_contains(data_error([&] { read_csv(path); }), {path + ":3:", "not a text file", "NUL byte at offset 12"});
}

BOOST_AUTO_TEST_CASE(messages_escape_bytes_a_terminal_should_not_see) {
  TempDir dir;
  const std::string path = dir.file("odd.csv");
  // A header with an escape sequence and a stray UTF-8 continuation byte; a cell with a bell.
  write_text(path, "x\x1b[2J,\xc3\xa9t\xe9\n1,\a2\n");
  const std::string missing = data_error([&] { read_csv(path, {"z"}); });
  check_contains(missing, {"available columns: x\\x1b[2J, \xc3\xa9t\\xe9"});
  const std::string cell = data_error([&] { read_csv(path); });
  check_contains(cell, {path + ":2:", "'\\x072'"});
  for (const std::string& message : {missing, cell})
    for (const char c : message) BOOST_TEST((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
}

BOOST_AUTO_TEST_SUITE_END()  // csv_reader_test
