// BinaryCellTables: the group tables, the table-driven product and the bucketed statistics.
#include "binary_cell_tables.hpp"

#include "mixfit/data/column_spec.hpp"
#include "mixfit/math/vector_clones.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace mixfit {
namespace {

constexpr std::size_t kGroupWidth = 8;
constexpr std::size_t kPatterns = std::size_t{1} << kGroupWidth;

std::size_t num_groups(std::size_t dimension) { return (dimension + kGroupWidth - 1) / kGroupWidth; }

// The bit pattern of up to eight cells: bit j set iff cell j is 1 (0 and kMissingBinary both clear it).
inline unsigned pattern_of(const std::uint8_t* cells, std::size_t width) {
  if (width == kGroupWidth) {
    std::uint64_t bytes;
    std::memcpy(&bytes, cells, sizeof bytes);
    constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
    // A byte is 1 iff its bit 0 is set and its bit 1 is not (kMissingBinary = 0xFF sets both).
    const std::uint64_t ones = bytes & ~(bytes >> 1) & kLowBits;
    // Byte j's bit (at 8j) times 2^(56 − 7j) lands on bit 56 + j; no two products share a bit, so
    // nothing carries into the top byte, which is the pattern (little-endian bytes).
    if constexpr (std::endian::native == std::endian::little)
      return static_cast<unsigned>((ones * 0x0102040810204080ULL) >> 56);
  }
  unsigned pattern = 0;
  for (std::size_t j = 0; j < width; ++j) pattern |= static_cast<unsigned>(cells[j] == 1) << j;
  return pattern;
}

// scores = the tables' entries for each row's patterns, summed, plus offset (see multiply). A free function:
// clang 14 emits no symbol for a member function built with target_clones.
MIXFIT_VECTOR_CLONES void sum_table_entries(const double* tables, std::size_t K, std::size_t num_columns,
                                            const arma::Mat<std::uint8_t>& cells, std::size_t first_row,
                                            const arma::vec& offset, arma::mat& scores) {
  const std::size_t n = cells.n_cols;
  const std::size_t groups = num_groups(num_columns);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* row = cells.colptr(i) + first_row;
    double* out = scores.colptr(i);
    if (offset.is_empty()) std::fill(out, out + K, 0.0);
    else std::copy(offset.begin(), offset.end(), out);
    for (std::size_t g = 0; g < groups; ++g) {
      const std::size_t width = std::min(kGroupWidth, num_columns - g * kGroupWidth);
      const double* entry = tables + (g * kPatterns + pattern_of(row + g * kGroupWidth, width)) * K;
      for (std::size_t k = 0; k < K; ++k) out[k] += entry[k];
    }
  }
}

}  // namespace

BinaryCellTables::BinaryCellTables(const arma::mat& weights)
    : num_components_(weights.n_rows), num_columns_(weights.n_cols) {
  const std::size_t K = num_components_;
  tables_.assign(num_groups(num_columns_) * kPatterns * K, 0.0);
  for (std::size_t g = 0; g < num_groups(num_columns_); ++g) {
    const std::size_t width = std::min(kGroupWidth, num_columns_ - g * kGroupWidth);
    double* table = tables_.data() + g * kPatterns * K;
    // T[v] = T[v without its lowest bit j] + W(:, 8g + j); T[0] = 0.
    for (unsigned v = 1; v < (1u << width); ++v) {
      const unsigned j = static_cast<unsigned>(std::countr_zero(v));
      const double* rest = table + (v & (v - 1)) * K;
      const double* column = weights.colptr(g * kGroupWidth + j);
      double* entry = table + v * K;
      for (std::size_t k = 0; k < K; ++k) entry[k] = rest[k] + column[k];
    }
  }
}

void BinaryCellTables::multiply(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, const arma::vec& offset,
                                arma::mat& scores) const {
  scores.set_size(num_components_, cells.n_cols);
  sum_table_entries(tables_.data(), num_components_, num_columns_, cells, first_row, offset, scores);
}

MIXFIT_VECTOR_CLONES void accumulate_binary_cells(const arma::Mat<std::uint8_t>& cells, std::size_t first_row,
                                                  std::size_t dimension, const arma::mat& weights, arma::mat& sums) {
  const std::size_t K = weights.n_rows;
  const std::size_t n = cells.n_cols;
  const std::size_t groups = num_groups(dimension);
  // Reused across calls: a fresh buffer of this size (256 KB for D = 64, K = 16) would be mapped and
  // page-faulted on every block, which is what made widening the cells to doubles slow (issue 16).
  thread_local std::vector<double> buckets;
  buckets.assign(groups * kPatterns * K, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* row = cells.colptr(i) + first_row;
    const double* w = weights.colptr(i);
    for (std::size_t g = 0; g < groups; ++g) {
      const std::size_t width = std::min(kGroupWidth, dimension - g * kGroupWidth);
      double* bucket = buckets.data() + (g * kPatterns + pattern_of(row + g * kGroupWidth, width)) * K;
      for (std::size_t k = 0; k < K; ++k) bucket[k] += w[k];
    }
  }
  // S(8g + j, k) += Σ_{v ∋ j} bucket_g[v](k), gathered K×D (columns contiguous) before the transpose.
  arma::mat spread(K, dimension, arma::fill::zeros);
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t width = std::min(kGroupWidth, dimension - g * kGroupWidth);
    for (unsigned v = 1; v < (1u << width); ++v) {
      const double* bucket = buckets.data() + (g * kPatterns + v) * K;
      for (unsigned bits = v; bits != 0; bits &= bits - 1) {
        double* column = spread.colptr(g * kGroupWidth + static_cast<std::size_t>(std::countr_zero(bits)));
        for (std::size_t k = 0; k < K; ++k) column[k] += bucket[k];
      }
    }
  }
  sums += spread.t();
}

bool any_missing_binary(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, std::size_t dimension) {
  if (cells.n_elem == 0) return false;
  if (first_row == 0 && dimension == cells.n_rows)  // contiguous: one scan
    return std::memchr(cells.memptr(), kMissingBinary, cells.n_elem) != nullptr;
  for (std::size_t i = 0; i < cells.n_cols; ++i)
    if (std::memchr(cells.colptr(i) + first_row, kMissingBinary, dimension) != nullptr) return true;
  return false;
}

}  // namespace mixfit
