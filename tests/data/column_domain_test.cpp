// Column domains: membership, and the one check where data are read, located by file and line (CSV) or row (.npy),
// in memory and streamed, past the first chunk of rows.
#include <boost/test/unit_test.hpp>

#include "mixfit/core/error.hpp"
#include "mixfit/data/column_domain.hpp"
#include "mixfit/data/csv_reader.hpp"
#include "mixfit/data/npy_reader.hpp"
#include "mixfit/data/npy_stream_rows.hpp"
#include "support/fixtures.hpp"
#include "support/npy_writer.hpp"

#include <cmath>
#include <memory>
#include <numbers>
#include <sstream>

BOOST_AUTO_TEST_SUITE(column_domain_test)

using namespace mixfit;
using namespace mixfit::testing;

namespace {

std::string domain_error(const Dataset& data, const std::vector<ColumnDomain>& domains) {
  try {
    check_column_domains(data, domains, "poisson");
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

// 20000 rows (more than one 8192-row chunk) of counts in two columns, with `bad` at data row `row` (1-based)
// of the second column.
std::string counts_csv(std::size_t row, double bad) {
  std::ostringstream out;
  out << "visits,calls\n";
  for (std::size_t r = 1; r <= 20000; ++r) out << r % 7 << "," << (r == row ? bad : double(r % 5)) << "\n";
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(membership_of_each_domain) {
  BOOST_TEST(in_domain(ColumnDomain::count, 3.0));
  BOOST_TEST(!in_domain(ColumnDomain::count, 2.5));
  BOOST_TEST(!in_domain(ColumnDomain::count, -1.0));
  BOOST_TEST(in_domain(ColumnDomain::nonnegative, 0.0));
  BOOST_TEST(!in_domain(ColumnDomain::positive, 0.0));
  BOOST_TEST(in_domain(ColumnDomain::unit_interval, 1.0));
  BOOST_TEST(!in_domain(ColumnDomain::unit_interval, 1.5));
  BOOST_TEST(in_domain(ColumnDomain::angle, -std::numbers::pi));
  BOOST_TEST(!in_domain(ColumnDomain::angle, 7.0));
  BOOST_TEST(!in_domain(ColumnDomain::real, std::nan("")));
  BOOST_TEST(in_domain(ColumnDomain::real, -1e300));
}

BOOST_AUTO_TEST_CASE(a_csv_cell_outside_is_named_by_line_row_and_column) {
  TempDir dir;
  write_text(dir.file("counts.csv"), counts_csv(15000, 2.5));
  const Dataset data = read_table(dir.file("counts.csv"), {{"visits", ColumnKind::real, {}}, {"calls", ColumnKind::real, {}}});
  const std::vector<ColumnDomain> counts(2, ColumnDomain::count);
  BOOST_TEST(domain_error(data, counts) == dir.file("counts.csv") + ":15001: data row 15000: column 'calls': expected "
                                                                     "a count (an integer >= 0) for the poisson family, got 2.5");
  BOOST_TEST(domain_error(data, {ColumnDomain::count, ColumnDomain::real}) == "no error");
  BOOST_TEST(domain_error(data, {}) == "no error");
  BOOST_CHECK_THROW(check_column_domains(data, {ColumnDomain::count}, "poisson"), Error);  // one per column
}

BOOST_AUTO_TEST_CASE(a_npy_cell_outside_is_named_by_row_in_memory_and_streamed) {
  TempDir dir;
  std::vector<double> values;
  for (std::size_t r = 1; r <= 20000; ++r) {
    values.push_back(double(r % 7));
    values.push_back(r == 9001 ? -1.0 : double(r % 5));
  }
  write_npy<double>(dir.file("counts.npy"), "<f8", "(20000, 2)", values);
  const std::string expected = dir.file("counts.npy") + ": data row 9001: column 'calls': expected a count (an "
                                                        "integer >= 0) for the poisson family, got -1";
  const std::vector<ColumnDomain> counts(2, ColumnDomain::count);
  const Dataset memory = Dataset::from_real(dir.file("counts.npy"), {"visits", "calls"}, read_npy(dir.file("counts.npy")));
  BOOST_TEST(domain_error(memory, counts) == expected);
  Dataset streamed = Dataset::from_real(dir.file("counts.npy"), {"visits", "calls"}, arma::mat());
  streamed.real_rows = std::make_shared<NpyStreamRows>(dir.file("counts.npy"));
  streamed.all_rows = 20000;
  BOOST_TEST(domain_error(streamed, counts) == expected);
}

BOOST_AUTO_TEST_SUITE_END()
