// Loads the shared reference fixtures (JSON, read with yaml-cpp) and converts their arrays.
#pragma once

#include <armadillo>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace mixfit::testing {

/// Absolute path of a file in ../shared/fixtures.
std::string fixture_path(const std::string& file_name);

/// Parses a fixture JSON file (JSON is YAML 1.2 flow style). Numbers parse to
/// the exact doubles written.
YAML::Node load_fixture(const std::string& file_name);

/// A JSON list of numbers as a column vector.
arma::vec to_vec(const YAML::Node& list);
/// A JSON list of rows (N×d, row-major in the file) as an N×d matrix.
arma::mat to_mat(const YAML::Node& rows);
/// A JSON list of rows transposed to d×N (one observation per column).
arma::mat to_columns(const YAML::Node& rows);
/// A list of K d×d matrices as a cube d×d×K.
arma::cube to_cube(const YAML::Node& matrices);

/// A fresh temporary folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Writes `text` to `path`.
void write_text(const std::string& path, const std::string& text);
/// The whole content of a file.
std::string read_text(const std::string& path);

/// The lines of a text, without their line endings.
std::vector<std::string> split_lines(const std::string& text);

/// A run directory's trace.csv without its wall-clock `seconds` column, for
/// comparing runs byte for byte.
std::string trace_without_seconds(const std::string& run_dir);

/// tests/data/faithful/faithful.csv (eruptions, waiting) as D×N, one observation per column.
arma::mat faithful_columns();

/// Max |a-b| / max(|b|, floor), the relative error with an absolute floor.
double max_relative_error(const arma::mat& actual, const arma::mat& expected, double floor = 1e-300);

}  // namespace mixfit::testing
