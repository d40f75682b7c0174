// ColumnKind and ColumnSpec: what kind of values a data column holds and where they are stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mixfit {

/// How a column's cells are read and stored: real numbers as doubles,
/// binary cells (0/1, true/false, yes/no) as bytes, categorical cells as
/// small integer level codes.
enum class ColumnKind : std::uint8_t { real, binary, categorical };

std::string_view to_string(ColumnKind kind);
std::optional<ColumnKind> parse_column_kind(std::string_view text);

/// Level code of a categorical cell whose level is not in the column's
/// dictionary (possible only when the dictionary was fixed beforehand, by a
/// fitted model or an experiment). Families decide whether it is an error
/// or marginalised out.
inline constexpr std::uint16_t kUnseenLevel = 0xFFFF;

/// data.missing: marginalize. A missing cell is stored as NaN in a real
/// column, kMissingBinary in a binary one and kMissingLevel in a categorical
/// one; only families whose capabilities() declare missing_values see them.
inline constexpr std::uint16_t kMissingLevel = 0xFFFE;
inline constexpr std::uint8_t kMissingBinary = 0xFF;

/// How a reader treats an empty, NA or NaN cell.
enum class MissingCells : std::uint8_t { error, marginalize };

/// True for the cell texts data.missing: marginalize reads as missing: empty, NA or NaN in any case.
bool is_missing_cell(std::string_view trimmed);

/// One modelled column: its name, kind, its row in the data set's matrix of
/// that kind (Dataset::real, ::binary or ::categorical), and for categorical
/// columns the level dictionary (code i means levels[i]).
struct ColumnSpec {
  std::string name;
  ColumnKind kind = ColumnKind::real;
  std::size_t storage_row = 0;
  std::vector<std::string> levels;
};

/// Numbers the columns of each kind in order: storage_row = how many earlier
/// columns have the same kind. Data sets and families both follow this rule,
/// so a model read back from a file finds its columns where the data put them.
void assign_storage_rows(std::vector<ColumnSpec>& columns);

}  // namespace mixfit
