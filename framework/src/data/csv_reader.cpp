// read_csv: one pass over the file in memory, std::from_chars per cell, errors naming file, line and column.
#include "mixfit/data/csv_reader.hpp"

#include "csv_text.hpp"

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mixfit {
namespace {
using namespace detail;

/// Parses data lines into observations (D doubles each). The fast path takes
/// the common line: unquoted numbers separated by commas. Anything else (quotes,
/// a leading '+', a bad cell, a wrong field count) goes to the careful path,
/// which defines what is accepted and words the errors.
class RowParser {
 public:
  RowParser(const std::string& path, const std::vector<std::string>& names, const std::vector<std::size_t>& picked,
            MissingCells missing)
      : path_(path), names_(names), picked_(picked), slot_(names.size(), -1), missing_(missing) {
    for (std::size_t d = 0; d < picked.size(); ++d) slot_[picked[d]] = static_cast<int>(d);
    fields_.reserve(names.size());
  }

  void parse(std::string_view line, std::size_t line_number, double* out) {
    if (!parse_fast(line, out)) parse_careful(line, line_number, out);
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t'; }

  bool parse_fast(std::string_view line, double* out) const {
    if (std::memchr(line.data(), '"', line.size())) return false;
    const char* p = line.data();
    const char* const end = p + line.size();
    for (std::size_t field = 0; field < slot_.size(); ++field) {
      if (field > 0) {
        if (p == end || *p != ',') return false;
        ++p;
      }
      const int slot = slot_[field];
      if (slot < 0) {  // a column nobody asked for is skipped, not parsed
        const void* comma = std::memchr(p, ',', static_cast<std::size_t>(end - p));
        p = comma ? static_cast<const char*>(comma) : end;
        continue;
      }
      while (p != end && is_space(*p)) ++p;
      double value = 0.0;
      const auto [next, error] = std::from_chars(p, end, value);
      if (error != std::errc() || !std::isfinite(value)) return false;
      p = next;
      while (p != end && is_space(*p)) ++p;
      out[slot] = value;
    }
    return p == end;
  }

  void parse_careful(std::string_view line, std::size_t line_number, double* out) {
    split_data_line(path_, line, line_number, names_.size(), fields_);
    std::size_t missing = 0;
    for (std::size_t d = 0; d < picked_.size(); ++d) {
      const std::size_t field = picked_[d];
      if (missing_ == MissingCells::marginalize && is_missing_cell(trim(unquote(fields_[field])))) {
        out[d] = arma::datum::nan;
        ++missing;
        continue;
      }
      out[d] = parse_cell(fields_[field], CellPlace{path_, line_number, names_[field]});
    }
    if (missing > 0 && missing == picked_.size()) throw_nothing_observed(path_, line_number);
  }

  const std::string& path_;
  const std::vector<std::string>& names_;
  const std::vector<std::size_t>& picked_;
  std::vector<int> slot_;                 ///< per field of a line: its row in the output, or -1
  MissingCells missing_;
  std::vector<std::string_view> fields_;  ///< reused by the careful path
};

}  // namespace

std::size_t count_csv_rows(const std::string& path) {
  const MappedFile file(path);
  return CsvText(path, file.view(), false).num_rows();
}

Dataset read_csv(const std::string& path, const std::vector<std::string>& columns, const RowWindow& window,
                 MissingCells missing) {
  const MappedFile file(path);
  CsvText text(path, file.view(), false);
  const std::vector<std::string>& names = text.header();
  const std::vector<std::size_t> picked = select_columns(path, names, columns);
  if (text.num_rows() == 0) throw DataError(path + ": no data rows (the file holds only a header line)");
  const std::size_t first = std::min(window.first, text.num_rows());
  const std::size_t num_rows = std::min(window.count, text.num_rows() - first);
  const std::size_t dimension = picked.size();
  for (std::size_t row = 0; row < first; ++row) text.next_line();

  Dataset data;
  data.source = path;
  data.first_row = first;
  data.all_rows = text.num_rows();
  for (std::size_t d = 0; d < picked.size(); ++d) data.columns.push_back({names[picked[d]], ColumnKind::real, d, {}});
  // D×N, one observation per column: line r of the body fills column r.
  data.real.set_size(dimension, num_rows);
  double* out = data.real.memptr();

  RowParser parser(path, names, picked, missing);
  for (std::size_t row = 0; row < num_rows; ++row)
    parser.parse(text.next_line(), first + row + 2, out + row * dimension);
  return data;
}

arma::mat read_csv_matrix(const std::string& path) {
  const Dataset data = read_csv(path);
  return data.real.t();
}

}  // namespace mixfit
