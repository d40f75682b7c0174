// Internal CSV text helpers shared by the numeric and the typed table readers (not installed).
#pragma once

#include "mixfit/config/config_schema.hpp"
#include "mixfit/core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mixfit::detail {


/// The file mapped read-only into memory: parsing runs over it without
/// copying it, reading it line by line or allocating per cell.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    std::error_code ignored;
    const auto status = std::filesystem::status(path, ignored);
    if (!std::filesystem::exists(status)) throw DataError(path + ": data file not found");
    if (std::filesystem::is_directory(status)) throw DataError(path + ": is a directory, not a data file");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw DataError(path + ": cannot open data file: " + std::strerror(errno));
    struct stat info {};
    void* data = nullptr;
    if (::fstat(fd, &info) == 0) {
      size_ = static_cast<std::size_t>(info.st_size);
      // mmap rejects an empty range; an empty file is an empty view.
      data = size_ == 0 ? nullptr : ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    }
    const int mapping_error = errno;
    ::close(fd);  // the mapping stays valid without the descriptor
    if (info.st_size > 0 && (data == nullptr || data == MAP_FAILED))
      throw DataError(path + ": cannot read data file: " + std::strerror(mapping_error));
    if (data) {
      data_ = static_cast<const char*>(data);
      ::madvise(data, size_, MADV_SEQUENTIAL);
    }
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view view() const { return {data_ ? data_ : "", size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

/// `"x"` -> `x`; quotes are allowed around header names and cells.
inline std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  return s;
}

/// Splits `line` at commas into `fields` (reused between lines, so no
/// allocation per row). Commas inside double quotes do not split.
inline void split_fields(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  const char* p = line.data();
  const char* const end = p + line.size();
  if (!std::memchr(p, '"', line.size())) {
    while (true) {
      const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
      if (!comma) break;
      fields.emplace_back(p, static_cast<std::size_t>(comma - p));
      p = comma + 1;
    }
    fields.emplace_back(p, static_cast<std::size_t>(end - p));
    return;
  }
  const char* start = p;
  bool quoted = false;
  for (; p != end; ++p) {
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ',' && !quoted) {
      fields.emplace_back(start, static_cast<std::size_t>(p - start));
      start = p + 1;
    }
  }
  fields.emplace_back(start, static_cast<std::size_t>(end - start));
}

/// Length of the well-formed UTF-8 sequence starting at `s[0]` (1 to 4), or
/// 0 if it is not one (a stray continuation byte, a truncated or overlong
/// sequence): such bytes are shown escaped rather than sent to a terminal.
inline std::size_t utf8_sequence_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
  if (length == 0 || s.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  if ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xF0 && byte(1) < 0x90) || (lead == 0xF4 && byte(1) > 0x8F))
    return 0;
  return length;
}

/// Text from a file made safe to print in a message: control characters and
/// bytes that are not UTF-8 become \xNN, and anything past `limit` bytes is cut.
inline std::string printable(std::string_view text, std::size_t limit = 40) {
  std::string out;
  const bool cut = text.size() > limit;
  if (cut) text = text.substr(0, limit - 3);
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += text[i++];
      continue;
    }
    const std::size_t length = c >= 0x80 ? utf8_sequence_length(text.substr(i)) : 0;
    if (length > 0) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    static const char* kHex = "0123456789abcdef";
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
    ++i;
  }
  return cut ? out + "..." : out;
}

inline std::string shown(std::string_view cell) {
  if (cell.empty()) return "an empty cell";
  return "'" + printable(cell) + "'";
}

inline std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + printable(names[i]);
  return out;
}

/// Throws DataError if `text` holds a NUL byte: binary data (a spreadsheet, an
/// image, a .npy file named .csv) rather than CSV text.
inline void require_text(const std::string& path, std::string_view text) {
  const void* nul = std::memchr(text.data(), '\0', text.size());
  if (!nul) return;
  const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
  const auto line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  throw DataError(path + ":" + std::to_string(line) + ": not a text file: a NUL byte at offset " +
                  std::to_string(offset) + " (a CSV file with a header line was expected)");
}

/// Where the parser is, for messages: "FILE:LINE: column 'NAME': ".
struct CellPlace {
  const std::string& path;
  std::size_t line;
  const std::string& column;
  std::string prefix() const { return path + ":" + std::to_string(line) + ": column '" + printable(column) + "': "; }
};

[[noreturn]] __attribute__((noinline, cold)) inline void throw_bad_cell(const CellPlace& at, std::string_view cell,
                                                                 double value, bool parsed) {
  if (parsed && std::isnan(value)) throw DataError(at.prefix() + "NaN is not allowed (got " + shown(cell) + ")");
  if (parsed) throw DataError(at.prefix() + "infinite values are not allowed (got " + shown(cell) + ")");
  throw DataError(at.prefix() + "expected a number, got " + shown(cell));
}

/// One cell as a finite double, rounded exactly (std::from_chars).
inline double parse_cell(std::string_view cell, const CellPlace& at) {
  cell = unquote(cell);
  const char* first = cell.data();
  const char* const last = first + cell.size();
  if (first != last && *first == '+') ++first;  // from_chars, unlike strtod, rejects a leading '+'
  double value = 0.0;
  const auto [end, error] = std::from_chars(first, last, value);
  if (end == last && first != last) {
    if (error == std::errc()) {
      if (std::isfinite(value)) return value;
      throw_bad_cell(at, cell, value, true);
    }
    if (error == std::errc::result_out_of_range) {
      // Underflow reads as 0 or a subnormal, as strtod and numpy do; overflow is infinite.
      value = std::strtod(std::string(cell).c_str(), nullptr);
      if (std::isfinite(value)) return value;
      throw_bad_cell(at, cell, value, true);
    }
  }
  throw_bad_cell(at, cell, value, false);
}

/// A row whose modelled cells are all missing (data.missing: marginalize) carries no information.
[[noreturn]] inline void throw_nothing_observed(const std::string& path, std::size_t line_number) {
  throw DataError(path + ":" + std::to_string(line_number) +
                  ": every modelled cell of this row is missing (data.missing: marginalize needs at least one "
                  "observed cell per row; remove the row)");
}

/// The column names of the header line, checked to be non-empty and distinct.
inline std::vector<std::string> parse_header(const std::string& path, std::string_view line) {
  std::vector<std::string_view> fields;
  split_fields(line, fields);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = unquote(fields[i]);
    if (name.empty())
      throw DataError(path + ":1: column " + std::to_string(i + 1) + " of the header has an empty name");
    for (std::size_t j = 0; j < names.size(); ++j)
      if (names[j] == name)
        throw DataError(path + ":1: column '" + printable(name) + "': duplicate column name (columns " +
                        std::to_string(j + 1) + " and " + std::to_string(i + 1) + ")");
    names.emplace_back(name);
  }
  return names;
}

/// For each requested column, its index in the header (every column when none are requested).
inline std::vector<std::size_t> select_columns(const std::string& path, const std::vector<std::string>& names,
                                        const std::vector<std::string>& requested) {
  std::vector<std::size_t> picked;
  if (requested.empty()) {
    for (std::size_t i = 0; i < names.size(); ++i) picked.push_back(i);
    return picked;
  }
  for (const std::string& name : requested) {
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) {
      std::string message = path + ":1: column '" + printable(name) + "' not found";
      const std::string suggestion = closest_match(name, names);
      if (!suggestion.empty()) message += "; did you mean '" + printable(suggestion) + "'?";
      throw DataError(message + " (available columns: " + join(names) + ")");
    }
    const auto index = static_cast<std::size_t>(found - names.begin());
    if (std::find(picked.begin(), picked.end(), index) != picked.end())
      throw DataError(path + ": column '" + name + "' is requested twice");
    picked.push_back(index);
  }
  return picked;
}

/// A CSV file's text cut into its header and its data lines. A UTF-8
/// byte-order mark and trailing blank lines are dropped (blank lines inside
/// the data are errors, reported by the line readers).
class CsvText {
 public:
  /// Throws DataError for an empty file; `require_rows` also for a header-only file.
  CsvText(const std::string& path, std::string_view text, bool require_rows = true) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    if (text.empty()) throw DataError(path + ": empty file (expected a header line and data rows)");
    require_text(path, text);
    const std::size_t header_end = std::min(text.find('\n'), text.size());
    header_ = parse_header(path, text.substr(0, header_end));
    if (header_end == text.size()) {
      if (require_rows) throw DataError(path + ": no data rows (the file holds only a header line)");
      return;
    }
    body_ = text.substr(header_end + 1);
    num_rows_ = static_cast<std::size_t>(std::count(body_.begin(), body_.end(), '\n')) + 1;
  }

  const std::vector<std::string>& header() const { return header_; }
  std::size_t num_rows() const { return num_rows_; }

  /// The next data line (without its line ending); call num_rows() times.
  std::string_view next_line() {
    const std::size_t newline = std::min(body_.find('\n', cursor_), body_.size());
    std::string_view line = body_.substr(cursor_, newline - cursor_);
    cursor_ = newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

 private:
  std::vector<std::string> header_;
  std::string_view body_;
  std::size_t num_rows_ = 0;
  std::size_t cursor_ = 0;
};

/// Splits a data line into `fields`, after checking it is not blank and has
/// as many fields as the header.
inline void split_data_line(const std::string& path, std::string_view line, std::size_t line_number,
                            std::size_t expected, std::vector<std::string_view>& fields) {
  if (trim(line).empty())
    throw DataError(path + ":" + std::to_string(line_number) +
                    ": blank line inside the data (only blank lines at the end are allowed)");
  split_fields(line, fields);
  if (fields.size() != expected)
    throw DataError(path + ":" + std::to_string(line_number) + ": expected " + std::to_string(expected) +
                    " fields, found " + std::to_string(fields.size()));
}

}  // namespace mixfit::detail
