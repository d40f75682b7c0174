// Dataset helpers: row count, names, numeric encoding.
#include "mixfit/data/dataset.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/data/float32_rows.hpp"

#include <cctype>
#include <cmath>

namespace mixfit {

std::string_view to_string(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::real: return "real";
    case ColumnKind::binary: return "binary";
    case ColumnKind::categorical: return "categorical";
  }
  return "?";
}

std::optional<ColumnKind> parse_column_kind(std::string_view text) {
  if (text == "real") return ColumnKind::real;
  if (text == "binary") return ColumnKind::binary;
  if (text == "categorical") return ColumnKind::categorical;
  return std::nullopt;
}

void assign_storage_rows(std::vector<ColumnSpec>& columns) {
  std::size_t next[3] = {0, 0, 0};
  for (auto& column : columns) column.storage_row = next[static_cast<int>(column.kind)]++;
}

bool is_missing_cell(std::string_view trimmed) {
  const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  if (trimmed.empty()) return true;
  if (trimmed.size() == 2) return lower(trimmed[0]) == 'n' && lower(trimmed[1]) == 'a';
  return trimmed.size() == 3 && lower(trimmed[0]) == 'n' && lower(trimmed[1]) == 'a' && lower(trimmed[2]) == 'n';
}

void Dataset::count_missing() {
  missing_cells = 0;
  missing_rows = 0;
  const std::size_t n = num_rows();
  for (std::size_t j = 0; j < n; ++j) {
    std::size_t row_missing = 0;
    if (!real_rows)
      for (arma::uword i = 0; i < real.n_rows; ++i) row_missing += std::isnan(real(i, j));
    for (arma::uword i = 0; i < binary.n_rows; ++i) row_missing += binary(i, j) == kMissingBinary;
    for (arma::uword i = 0; i < categorical.n_rows; ++i) row_missing += categorical(i, j) == kMissingLevel;
    missing_cells += row_missing;
    missing_rows += row_missing > 0;
  }
}

std::size_t Dataset::num_rows() const {
  if (real_rows) return real_rows->num_rows();
  if (real.n_rows) return real.n_cols;
  if (binary.n_rows) return binary.n_cols;
  return categorical.n_cols;
}

std::vector<std::string> Dataset::column_names() const {
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  return names;
}

void Dataset::build_numeric_encoding() {
  if (binary.n_rows == 0 && categorical.n_rows == 0) {
    encoding.reset();
    return;
  }
  std::size_t width = 0;
  for (const auto& column : columns) width += column.kind == ColumnKind::categorical ? column.levels.size() : 1;
  const std::size_t n = num_rows();
  encoding.zeros(width, n);
  std::size_t row = 0;
  for (const auto& column : columns) {
    switch (column.kind) {
      case ColumnKind::real:
        encoding.row(row++) = real.row(column.storage_row);
        break;
      case ColumnKind::binary:
        // A missing cell is NaN in the encoding, so distances skip it (squared_distances).
        for (std::size_t j = 0; j < n; ++j) {
          const std::uint8_t value = binary(column.storage_row, j);
          encoding(row, j) = value == kMissingBinary ? arma::datum::nan : static_cast<double>(value);
        }
        ++row;
        break;
      case ColumnKind::categorical:
        for (std::size_t j = 0; j < n; ++j) {
          const std::uint16_t code = categorical(column.storage_row, j);
          if (code == kMissingLevel) {
            for (std::size_t l = 0; l < column.levels.size(); ++l) encoding(row + l, j) = arma::datum::nan;
          } else if (code != kUnseenLevel) {
            encoding(row + code, j) = 1.0;
          }
        }
        row += column.levels.size();
        break;
    }
  }
}

std::size_t Dataset::numeric_width() const {
  if (!encoding.is_empty()) return encoding.n_rows;
  return real_rows ? real_rows->num_columns() : real.n_rows;
}

arma::vec Dataset::numeric_row(std::size_t global_row) const {
  const std::size_t row = global_row - first_row;
  if (!encoding.is_empty()) return encoding.col(row);
  if (!real_rows) return real.col(row);
  arma::mat one;
  real_rows->read_rows(row, 1, one);
  return one.col(0);
}

void Dataset::store_real_as_float32() {
  if (real_rows || real.n_rows == 0) return;
  arma::fmat single = arma::conv_to<arma::fmat>::from(real);
  if (!encoding.is_empty()) {
    // Distances must see the same rounded values as every pass.
    real = arma::conv_to<arma::mat>::from(single);
    build_numeric_encoding();
  }
  real_rows = std::make_shared<Float32Rows>(std::move(single));
  real.reset();
}

Dataset Dataset::from_real(std::string source, std::vector<std::string> names, arma::mat values) {
  Dataset data;
  data.source = std::move(source);
  for (std::size_t d = 0; d < names.size(); ++d) data.columns.push_back({names[d], ColumnKind::real, d, {}});
  data.real = std::move(values);
  return data;
}

}  // namespace mixfit
