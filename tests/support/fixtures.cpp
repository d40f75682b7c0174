// Fixture loading and small test utilities.
#include "support/fixtures.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace mixfit::testing {

std::string fixture_path(const std::string& file_name) { return std::string(MIXFIT_FIXTURES_DIR) + "/" + file_name; }

YAML::Node load_fixture(const std::string& file_name) {
  const std::string path = fixture_path(file_name);
  if (!std::filesystem::exists(path)) throw std::runtime_error("fixture not found: " + path);
  return YAML::LoadFile(path);
}

arma::vec to_vec(const YAML::Node& list) {
  arma::vec v(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) v(i) = list[i].as<double>();
  return v;
}

arma::mat to_mat(const YAML::Node& rows) {
  const std::size_t n = rows.size();
  const std::size_t d = n ? rows[0].size() : 0;
  arma::mat m(n, d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) m(i, j) = rows[i][j].as<double>();
  return m;
}

arma::mat to_columns(const YAML::Node& rows) { return to_mat(rows).t(); }

arma::cube to_cube(const YAML::Node& matrices) {
  const std::size_t k = matrices.size();
  arma::cube c;
  for (std::size_t i = 0; i < k; ++i) {
    arma::mat m = to_mat(matrices[i]);
    if (i == 0) c.set_size(m.n_rows, m.n_cols, k);
    c.slice(i) = m;
  }
  return c;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "mixfit-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

arma::mat faithful_columns() {
  arma::mat table;
  arma::field<std::string> header;
  if (!table.load(arma::csv_name(std::string(MIXFIT_SOURCE_DIR) + "/tests/data/faithful/faithful.csv", header,
                                 arma::csv_opts::with_header)))
    throw std::runtime_error("cannot read tests/data/faithful/faithful.csv");
  return table.t();
}

double max_relative_error(const arma::mat& actual, const arma::mat& expected, double floor) {
  if (actual.n_rows != expected.n_rows || actual.n_cols != expected.n_cols) return INFINITY;
  double worst = 0.0;
  for (arma::uword i = 0; i < actual.n_elem; ++i) {
    const double scale = std::max(std::abs(expected(i)), floor);
    worst = std::max(worst, std::abs(actual(i) - expected(i)) / scale);
  }
  return worst;
}

std::string trace_without_seconds(const std::string& run_dir) {
  auto fields_of = [](const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
    return fields;
  };
  const auto lines = split_lines(read_text(run_dir + "/trace.csv"));
  const auto header = fields_of(lines.at(0));
  const auto seconds = static_cast<std::size_t>(std::find(header.begin(), header.end(), "seconds") - header.begin());
  std::string kept;
  for (const auto& line : lines) {
    auto fields = fields_of(line);
    if (seconds < fields.size()) fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(seconds));
    for (const auto& field : fields) kept += field + ",";
    kept += "\n";
  }
  return kept;
}

}  // namespace mixfit::testing
