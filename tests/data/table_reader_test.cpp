// read_table: binary and categorical columns, level dictionaries, compact storage and the numeric encoding.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "support/fixtures.hpp"

BOOST_AUTO_TEST_SUITE(table_reader_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

bool contains(const std::string& text, const std::string& fragment) { return text.find(fragment) != std::string::npos; }

const char* kMixed =
    "age,smoker,region,plan,score\n"
    "31,yes,north,2,0.5\n"
    "45,No,south,10,1.5\n"
    "27,TRUE,north,1,2.5\n"
    "60,0,east,2,3.5\n";

std::vector<ColumnRequest> mixed_requests() {
  return {{"region", ColumnKind::categorical, {}},
          {"age", ColumnKind::real, {}},
          {"smoker", ColumnKind::binary, {}},
          {"plan", ColumnKind::categorical, {}}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_kind_is_stored_in_its_own_matrix_in_request_order) {
  TempDir dir;
  write_text(dir.file("mixed.csv"), kMixed);
  const Dataset data = read_table(dir.file("mixed.csv"), mixed_requests());
  BOOST_TEST(data.num_rows() == 4u);
  BOOST_TEST(data.dimension() == 4u);
  BOOST_TEST(data.real.n_rows == 1u);
  BOOST_TEST(data.binary.n_rows == 1u);
  BOOST_TEST(data.categorical.n_rows == 2u);
  BOOST_TEST(data.columns[0].storage_row == 0u);  // region: first categorical
  BOOST_TEST(data.columns[3].storage_row == 1u);  // plan: second categorical
  BOOST_TEST(data.real(0, 1) == 45.0);
  const std::vector<std::uint8_t> smoker{1, 0, 1, 0};
  for (std::size_t n = 0; n < 4; ++n) BOOST_TEST(data.binary(0, n) == smoker[n]);
}

BOOST_AUTO_TEST_CASE(text_levels_keep_first_appearance_and_integers_sort_numerically) {
  TempDir dir;
  write_text(dir.file("mixed.csv"), kMixed);
  const Dataset data = read_table(dir.file("mixed.csv"), mixed_requests());
  BOOST_TEST(data.columns[0].levels == (std::vector<std::string>{"north", "south", "east"}), boost::test_tools::per_element());
  BOOST_TEST(data.columns[3].levels == (std::vector<std::string>{"1", "2", "10"}), boost::test_tools::per_element());
  const std::vector<std::uint16_t> region{0, 1, 0, 2}, plan{1, 2, 0, 1};
  for (std::size_t n = 0; n < 4; ++n) {
    BOOST_TEST(data.categorical(0, n) == region[n]);
    BOOST_TEST(data.categorical(1, n) == plan[n]);
  }
}

BOOST_AUTO_TEST_CASE(given_levels_fix_the_order_and_mark_unseen_levels) {
  TempDir dir;
  write_text(dir.file("mixed.csv"), kMixed);
  auto requests = mixed_requests();
  requests[0].levels = {"south", "north"};  // "east" is not in the dictionary
  const Dataset data = read_table(dir.file("mixed.csv"), requests);
  BOOST_TEST(data.categorical(0, 0) == 1u);
  BOOST_TEST(data.categorical(0, 1) == 0u);
  BOOST_TEST(data.categorical(0, 3) == kUnseenLevel);
}

BOOST_AUTO_TEST_CASE(numeric_encoding_is_real_binary_and_one_hot) {
  TempDir dir;
  write_text(dir.file("mixed.csv"), kMixed);
  const Dataset data = read_table(dir.file("mixed.csv"), mixed_requests());
  const arma::mat& x = data.numeric();
  BOOST_TEST(x.n_rows == 3u + 1u + 1u + 3u);  // region one-hot, age, smoker, plan one-hot
  BOOST_TEST(x.n_cols == 4u);
  // Row 3 (line 5): east, 60, 0, plan "2" (code 1).
  const arma::vec expected{0, 0, 1, 60, 0, 0, 1, 0};
  BOOST_TEST(arma::approx_equal(x.col(3), expected, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(non_binary_cell_names_line_and_column) {
  TempDir dir;
  write_text(dir.file("bad.csv"), "a,b\n1,0\nmaybe,1\n");
  try {
    read_table(dir.file("bad.csv"), {{"a", ColumnKind::binary, {}}, {"b", ColumnKind::binary, {}}});
    BOOST_FAIL("expected a DataError");
  } catch (const DataError& e) {
    BOOST_TEST(contains(e.what(), "bad.csv:3"));
    BOOST_TEST(contains(e.what(), "column 'a'"));
    BOOST_TEST(contains(e.what(), "maybe"));
  }
}

BOOST_AUTO_TEST_CASE(ragged_rows_and_missing_columns_fail_as_for_numbers) {
  TempDir dir;
  write_text(dir.file("ragged.csv"), "a,b\nx,1\ny\n");
  BOOST_CHECK_THROW(read_table(dir.file("ragged.csv"), {{"a", ColumnKind::categorical, {}}}), DataError);
  write_text(dir.file("ok.csv"), "a,b\nx,1\n");
  try {
    read_table(dir.file("ok.csv"), {{"c", ColumnKind::categorical, {}}});
    BOOST_FAIL("expected a DataError");
  } catch (const DataError& e) {
    BOOST_TEST(contains(e.what(), "'c' not found"));
  }
}

BOOST_AUTO_TEST_CASE(fixture_categorical_data_reads_as_integer_levels) {
  const Dataset data = read_table(fixture_path("categorical_n300.csv"),
                                  {{"f0", ColumnKind::categorical, {}}, {"f2", ColumnKind::categorical, {}}});
  BOOST_TEST(data.num_rows() == 300u);
  BOOST_TEST(data.columns[0].levels == (std::vector<std::string>{"0", "1", "2"}), boost::test_tools::per_element());
  BOOST_TEST(data.columns[1].levels.size() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()  // table_reader_test
