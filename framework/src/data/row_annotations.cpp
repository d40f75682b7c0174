// Reading data.weights and data.labels: one column each, checked cell by cell with its place.
#include "mixfit/data/row_annotations.hpp"

#include "csv_text.hpp"
#include "mixfit/data/dataset.hpp"

#include <charconv>

namespace mixfit {
using namespace detail;

namespace {

// Calls cell(text, place) for each row of `window` in column `column`.
template <class Cell>
void for_each_cell(const std::string& path, const std::string& column, const RowWindow& window, Cell cell) {
  const MappedFile file(path);
  CsvText text(path, file.view(), false);
  const std::vector<std::string>& header = text.header();
  const std::size_t picked = select_columns(path, header, {column}).front();
  if (text.num_rows() == 0) throw DataError(path + ": no data rows (the file holds only a header line)");
  const std::size_t first = std::min(window.first, text.num_rows());
  const std::size_t num_rows = std::min(window.count, text.num_rows() - first);
  for (std::size_t row = 0; row < first; ++row) text.next_line();
  std::vector<std::string_view> fields;
  for (std::size_t row = 0; row < num_rows; ++row) {
    const std::size_t line_number = first + row + 2;
    split_data_line(path, text.next_line(), line_number, header.size(), fields);
    cell(row, trim(unquote(trim(fields[picked]))), CellPlace{path, line_number, header[picked]});
  }
}

std::size_t rows_in(const std::string& path, const RowWindow& window) {
  const std::size_t total = count_csv_rows(path);
  const std::size_t first = std::min(window.first, total);
  return std::min(window.count, total - first);
}

}  // namespace

arma::vec read_row_weights(const std::string& path, const std::string& column, const RowWindow& window) {
  arma::vec weights(rows_in(path, window));
  for_each_cell(path, column, window, [&](std::size_t row, std::string_view text, const CellPlace& at) {
    if (text.empty()) throw DataError(at.prefix() + "a sample weight is missing (expected a finite number >= 0)");
    const double value = parse_cell(text, at);  // finite, or a located error
    if (!(value >= 0.0))
      throw DataError(at.prefix() + "expected a sample weight >= 0, got " + shown(text));
    weights(row) = value;
  });
  return weights;
}

arma::uvec read_known_labels(const std::string& path, const std::string& column, std::size_t num_components,
                             const RowWindow& window) {
  arma::uvec labels(rows_in(path, window));
  for_each_cell(path, column, window, [&](std::size_t row, std::string_view text, const CellPlace& at) {
    if (text.empty() || text == "NA" || text == "na") {
      labels(row) = kUnknownLabel;
      return;
    }
    std::size_t value = 0;
    const char* first = text.data();
    const char* last = first + text.size();
    const auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc() || end != last || value >= num_components)
      throw DataError(at.prefix() + "expected a known component 0.." + std::to_string(num_components - 1) +
                      " or an empty cell (unknown), got " + shown(text));
    labels(row) = value;
  });
  return labels;
}

}  // namespace mixfit
