// read_table: CSV columns of mixed kinds into compact typed storage.
#include "mixfit/data/csv_reader.hpp"

#include "csv_text.hpp"

#include <exception>
#include <map>
#include <unordered_map>

namespace mixfit {
using namespace detail;

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::uint8_t parse_binary(std::string_view cell, const CellPlace& at) {
  cell = trim(unquote(trim(cell)));
  for (const char* yes : {"1", "true", "yes"})
    if (equals_ignoring_case(cell, yes)) return 1;
  for (const char* no : {"0", "false", "no"})
    if (equals_ignoring_case(cell, no)) return 0;
  throw DataError(at.prefix() + "expected a binary value (0/1, true/false, yes/no), got " + shown(cell));
}

bool is_integer(const std::string& text, long long& value) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;
  const auto [end, error] = std::from_chars(first, last, value);
  return error == std::errc() && end == last && first != last;
}

// Level codes of one categorical column while reading: strings in order of first appearance.
struct LevelCollector {
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::string> seen;
  std::vector<std::uint32_t> cells;  // one per row, index into `seen`

  void add(std::string_view cell) {
    auto [it, inserted] = index.try_emplace(std::string(cell), static_cast<std::uint32_t>(seen.size()));
    if (inserted) seen.emplace_back(cell);
    cells.push_back(it->second);
  }
  // A missing cell: no level, kMissingLevel once coded.
  void add_missing() { cells.push_back(kMissing); }
  static constexpr std::uint32_t kMissing = static_cast<std::uint32_t>(-1);
};

// The final level order: the given dictionary, else integers sorted numerically, else first appearance.
std::vector<std::string> level_order(const std::vector<std::string>& seen, const ColumnRequest& request) {
  if (!request.levels.empty()) return request.levels;
  std::vector<std::pair<long long, std::string>> numbered;
  for (const auto& level : seen) {
    long long value = 0;
    if (!is_integer(level, value)) return seen;
    numbered.emplace_back(value, level);
  }
  std::sort(numbered.begin(), numbered.end());
  std::vector<std::string> ordered;
  for (auto& [value, level] : numbered) ordered.push_back(std::move(level));
  return ordered;
}

}  // namespace

std::vector<std::string> read_csv_header(const std::string& path) {
  const MappedFile file(path);
  return CsvText(path, file.view(), false).header();
}

Dataset read_table(const std::string& path, const std::vector<ColumnRequest>& requests, const RowWindow& window,
                   MissingCells missing) {
  bool all_real = true;
  std::vector<std::string> names;
  for (const auto& request : requests) {
    all_real = all_real && request.kind == ColumnKind::real;
    names.push_back(request.name);
  }
  if (all_real) return read_csv(path, names, window, missing);

  const MappedFile file(path);
  CsvText text(path, file.view(), false);
  const std::vector<std::string>& header = text.header();
  const std::vector<std::size_t> picked = select_columns(path, header, names);
  if (text.num_rows() == 0) throw DataError(path + ": no data rows (the file holds only a header line)");
  const std::size_t first = std::min(window.first, text.num_rows());
  const std::size_t num_rows = std::min(window.count, text.num_rows() - first);
  for (std::size_t row = 0; row < first; ++row) text.next_line();

  Dataset data;
  data.source = path;
  data.first_row = first;
  data.all_rows = text.num_rows();
  for (const auto& request : requests) data.columns.push_back({request.name, request.kind, 0, {}});
  assign_storage_rows(data.columns);
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& column : data.columns) ++counts[static_cast<int>(column.kind)];

  data.real.set_size(counts[0], num_rows);
  data.binary.set_size(counts[1], num_rows);
  std::vector<LevelCollector> collectors(counts[2]);

  std::vector<std::string_view> fields;
  std::exception_ptr failure;
  try {
    for (std::size_t row = 0; row < num_rows; ++row) {
      const std::size_t line_number = first + row + 2;
      split_data_line(path, text.next_line(), line_number, header.size(), fields);
      std::size_t missing_cells = 0;
      for (std::size_t d = 0; d < picked.size(); ++d) {
        const ColumnSpec& column = data.columns[d];
        const CellPlace at{path, line_number, header[picked[d]]};
        const std::string_view cell = fields[picked[d]];
        if (missing == MissingCells::marginalize && is_missing_cell(trim(unquote(trim(cell))))) {
          ++missing_cells;
          switch (column.kind) {
            case ColumnKind::real: data.real(column.storage_row, row) = arma::datum::nan; break;
            case ColumnKind::binary: data.binary(column.storage_row, row) = kMissingBinary; break;
            case ColumnKind::categorical: collectors[column.storage_row].add_missing(); break;
          }
          continue;
        }
        switch (column.kind) {
          case ColumnKind::real: data.real(column.storage_row, row) = parse_cell(cell, at); break;
          case ColumnKind::binary: data.binary(column.storage_row, row) = parse_binary(cell, at); break;
          case ColumnKind::categorical: {
            const std::string_view level = trim(unquote(trim(cell)));
            if (level.empty()) throw DataError(at.prefix() + "empty categorical cell");
            collectors[column.storage_row].add(level);
            break;
          }
        }
      }
      if (missing_cells > 0 && missing_cells == picked.size()) throw_nothing_observed(path, line_number);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure && !window.merge_levels) std::rethrow_exception(failure);

  data.categorical.set_size(counts[2], num_rows);
  for (std::size_t d = 0; d < requests.size(); ++d) {
    ColumnSpec& column = data.columns[d];
    if (column.kind != ColumnKind::categorical) continue;
    const LevelCollector& collector = collectors[column.storage_row];
    column.levels = level_order(window.merge_levels ? window.merge_levels(collector.seen, failure) : collector.seen,
                                requests[d]);
    if (column.levels.size() >= kMissingLevel)
      throw DataError(path + ": column '" + column.name + "' has " + std::to_string(column.levels.size()) +
                      " levels; at most " + std::to_string(kMissingLevel - 1) + " are supported");
    std::map<std::string, std::uint16_t> code_of;
    for (std::size_t l = 0; l < column.levels.size(); ++l) code_of[column.levels[l]] = static_cast<std::uint16_t>(l);
    std::vector<std::uint16_t> remap(collector.seen.size(), kUnseenLevel);
    for (std::size_t i = 0; i < collector.seen.size(); ++i) {
      const auto found = code_of.find(collector.seen[i]);
      if (found != code_of.end()) remap[i] = found->second;
    }
    for (std::size_t row = 0; row < num_rows; ++row) {
      const std::uint32_t cell = collector.cells[row];
      data.categorical(column.storage_row, row) = cell == LevelCollector::kMissing ? kMissingLevel : remap[cell];
    }
  }
  if (failure) std::rethrow_exception(failure);  // no categorical column to agree on
  data.build_numeric_encoding();
  return data;
}

}  // namespace mixfit
