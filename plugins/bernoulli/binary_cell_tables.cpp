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

// Four doubles added as one vector (AVX in the x86-64-v3 clone, two SSE2 halves in the baseline), loaded
// and stored unaligned; may_alias, so that it reads the doubles of a table or a matrix column in place.
// Lane-wise IEEE additions: the same bits as adding the four doubles one by one. A typedef, not `using`:
// clang keeps the 32-byte alignment of a `using` vector type (UBSan: misaligned loads), and memcpy'd
// loads and stores instead measured 9% slower on B (GCC then reloads the row's entry offsets).
typedef double Lanes __attribute__((vector_size(32), aligned(8), may_alias));
constexpr std::size_t kLanes = 4;
// Vectors per chunk of components: a chunk's running sums (16 components) stay in registers across a row's
// groups. Written as explicit vectors because the compiler, left to vectorise `out[k] += entry[k]` itself,
// reloaded and stored the row's sums at every group (twice the time per row in a micro-benchmark).
constexpr std::size_t kChunkVectors = 4;
constexpr std::size_t kChunk = kChunkVectors * kLanes;
// A whole chunk's pattern list: D up to 8 · kMaxStackGroups columns keeps it on the stack.
constexpr std::size_t kMaxStackGroups = 64;

std::size_t num_groups(std::size_t dimension) { return (dimension + kGroupWidth - 1) / kGroupWidth; }
// An entry holds K components rounded up to whole vectors (the padding lanes are 0 and never read out).
std::size_t entry_stride(std::size_t K) { return (K + kLanes - 1) / kLanes * kLanes; }

// The bit pattern of up to eight cells: bit j set iff cell j is 1 (0 and kMissingBinary both clear it).
// `readable` bytes from `cells` on belong to the matrix: with eight of them a partial group is read as a whole
// one and its extra bytes masked off (the last group of D = 21, say, costs no loop over its cells).
[[gnu::always_inline]] inline unsigned pattern_of(const std::uint8_t* cells, std::size_t width, std::size_t readable) {
  if (std::endian::native == std::endian::little && readable >= kGroupWidth) {
    std::uint64_t bytes;
    std::memcpy(&bytes, cells, sizeof bytes);
    if (width < kGroupWidth) bytes &= (std::uint64_t{1} << (8 * width)) - 1;
    constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
    // A byte is 1 iff its bit 0 is set and its bit 1 is not (kMissingBinary = 0xFF sets both).
    const std::uint64_t ones = bytes & ~(bytes >> 1) & kLowBits;
    // Byte j's bit (at 8j) times 2^(56 − 7j) lands on bit 56 + j; no two products share a bit, so
    // nothing carries into the top byte, which is the pattern (little-endian bytes).
    return static_cast<unsigned>((ones * 0x0102040810204080ULL) >> 56);
  }
  unsigned pattern = 0;
  for (std::size_t j = 0; j < width; ++j) pattern |= static_cast<unsigned>(cells[j] == 1) << j;
  return pattern;
}

// offsets[g] = where group g's entry for the row's pattern starts: (g·256 + pattern)·stride. `end` is one past
// the matrix's last cell.
[[gnu::always_inline]] inline void row_entry_offsets(const std::uint8_t* row, const std::uint8_t* end,
                                                     std::size_t num_columns, std::size_t stride,
                                                     std::size_t* offsets) {
  for (std::size_t g = 0; g < num_groups(num_columns); ++g) {
    const std::uint8_t* group = row + g * kGroupWidth;
    const std::size_t width = std::min(kGroupWidth, num_columns - g * kGroupWidth);
    offsets[g] = (g * kPatterns + pattern_of(group, width, static_cast<std::size_t>(end - group))) * stride;
  }
}

// out[0, count) = the first `count` of the V vectors' lanes (count < V·4 only in the last chunk).
template <std::size_t V>
[[gnu::always_inline]] inline void store_lanes(const Lanes (&sums)[V], double* out, std::size_t count) {
  if (count == V * kLanes) {
    for (std::size_t v = 0; v < V; ++v) *reinterpret_cast<Lanes*>(out + v * kLanes) = sums[v];
  } else {
    double lanes[V * kLanes];
    for (std::size_t v = 0; v < V; ++v) *reinterpret_cast<Lanes*>(lanes + v * kLanes) = sums[v];
    std::copy(lanes, lanes + count, out);
  }
}

// The V vectors from `in`, of which the first `count` lanes are read and the rest are 0.
template <std::size_t V>
[[gnu::always_inline]] inline void load_lanes(const double* in, std::size_t count, Lanes (&values)[V]) {
  if (count == V * kLanes) {
    for (std::size_t v = 0; v < V; ++v) values[v] = *reinterpret_cast<const Lanes*>(in + v * kLanes);
  } else {
    double lanes[V * kLanes] = {};
    std::copy(in, in + count, lanes);
    for (std::size_t v = 0; v < V; ++v) values[v] = *reinterpret_cast<const Lanes*>(lanes + v * kLanes);
  }
}

// One chunk of components (from `first` on, `count` of them, V vectors) of every row's scores:
// start + Σ_g table entry, in group order.
template <std::size_t V>
[[gnu::always_inline]] inline void sum_chunk(const double* tables, std::size_t stride, std::size_t num_columns, const arma::Mat<std::uint8_t>& cells,
               std::size_t first_row, const double* start, std::size_t first, std::size_t count, arma::mat& scores) {
  const std::size_t groups = num_groups(num_columns);
  std::size_t offsets[kMaxStackGroups];
  std::vector<std::size_t> many_offsets(groups > kMaxStackGroups ? groups : 0);
  std::size_t* const entry = groups > kMaxStackGroups ? many_offsets.data() : offsets;
  const double* const chunk_tables = tables + first;
  for (std::size_t i = 0; i < cells.n_cols; ++i) {
    row_entry_offsets(cells.colptr(i) + first_row, cells.memptr() + cells.n_elem, num_columns, stride, entry);
    Lanes sums[V];
    for (std::size_t v = 0; v < V; ++v) sums[v] = *reinterpret_cast<const Lanes*>(start + first + v * kLanes);
    for (std::size_t g = 0; g < groups; ++g)
      for (std::size_t v = 0; v < V; ++v) sums[v] += *reinterpret_cast<const Lanes*>(chunk_tables + entry[g] + v * kLanes);
    store_lanes(sums, scores.colptr(i) + first, count);
  }
}

// One chunk of components of the buckets: each row's weights added to its pattern's bucket in every group.
template <std::size_t V>
[[gnu::always_inline]] inline void fill_chunk_buckets(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, std::size_t dimension,
                        const arma::mat& weights, std::size_t stride, std::size_t first, std::size_t count,
                        double* buckets) {
  const std::size_t groups = num_groups(dimension);
  std::size_t offsets[kMaxStackGroups];
  std::vector<std::size_t> many_offsets(groups > kMaxStackGroups ? groups : 0);
  std::size_t* const entry = groups > kMaxStackGroups ? many_offsets.data() : offsets;
  double* const chunk_buckets = buckets + first;
  for (std::size_t i = 0; i < cells.n_cols; ++i) {
    row_entry_offsets(cells.colptr(i) + first_row, cells.memptr() + cells.n_elem, dimension, stride, entry);
    Lanes w[V];
    load_lanes(weights.colptr(i) + first, count, w);
    for (std::size_t g = 0; g < groups; ++g)
      for (std::size_t v = 0; v < V; ++v) *reinterpret_cast<Lanes*>(chunk_buckets + entry[g] + v * kLanes) += w[v];
  }
}

// Vectors in the chunk of `count` components.
std::size_t chunk_vectors(std::size_t count) { return (count + kLanes - 1) / kLanes; }

// scores = the tables' entries for each row's patterns, summed, plus offset (see multiply). A free function:
// clang 14 emits no symbol for a member function built with target_clones.
MIXFIT_VECTOR_CLONES void sum_table_entries(const double* tables, std::size_t K, std::size_t num_columns,
                                            const arma::Mat<std::uint8_t>& cells, std::size_t first_row,
                                            const arma::vec& offset, arma::mat& scores) {
  const std::size_t stride = entry_stride(K);
  std::vector<double> start(stride, 0.0);  // the offset, padded to whole vectors
  if (!offset.is_empty()) std::copy(offset.begin(), offset.end(), start.begin());
  for (std::size_t first = 0; first < K; first += kChunk) {
    const std::size_t count = std::min(kChunk, K - first);
    // Spelled out (not a generic lambda): a lambda would be compiled for the baseline in both clones.
    switch (chunk_vectors(count)) {
      case 1: sum_chunk<1>(tables, stride, num_columns, cells, first_row, start.data(), first, count, scores); break;
      case 2: sum_chunk<2>(tables, stride, num_columns, cells, first_row, start.data(), first, count, scores); break;
      case 3: sum_chunk<3>(tables, stride, num_columns, cells, first_row, start.data(), first, count, scores); break;
      default: sum_chunk<4>(tables, stride, num_columns, cells, first_row, start.data(), first, count, scores);
    }
  }
}

MIXFIT_VECTOR_CLONES void fill_buckets(const arma::Mat<std::uint8_t>& cells, std::size_t first_row,
                                       std::size_t dimension, const arma::mat& weights, double* buckets) {
  const std::size_t K = weights.n_rows;
  for (std::size_t first = 0; first < K; first += kChunk) {
    const std::size_t count = std::min(kChunk, K - first);
    const std::size_t stride = entry_stride(K);
    switch (chunk_vectors(count)) {  // spelled out, as in sum_table_entries
      case 1: fill_chunk_buckets<1>(cells, first_row, dimension, weights, stride, first, count, buckets); break;
      case 2: fill_chunk_buckets<2>(cells, first_row, dimension, weights, stride, first, count, buckets); break;
      case 3: fill_chunk_buckets<3>(cells, first_row, dimension, weights, stride, first, count, buckets); break;
      default: fill_chunk_buckets<4>(cells, first_row, dimension, weights, stride, first, count, buckets);
    }
  }
}

// spread(:, 8g + j) = Σ_{v ∋ j} bucket_g[v] for every group g (spread is D columns of `stride` doubles), by
// folding: the top bit's column is the sum of the upper half of the buckets, the upper half is then added onto
// the lower (which leaves the buckets of the group's other bits), and so on down: 2·(2⁸ − 1) vector additions
// per group instead of the 8·2⁷ of adding each bucket to each of its bits' columns. Every bucket is left 0.
MIXFIT_VECTOR_CLONES void spread_buckets(double* buckets, std::size_t dimension, std::size_t stride,
                                         double* spread) {
  for (std::size_t g = 0; g < num_groups(dimension); ++g) {
    double* const group = buckets + g * kPatterns * stride;
    for (std::size_t j = std::min(kGroupWidth, dimension - g * kGroupWidth); j-- > 0;) {
      const std::size_t half = std::size_t{1} << j;
      double* const column = spread + (g * kGroupWidth + j) * stride;
      for (std::size_t v = half; v < 2 * half; ++v) {
        double* const upper = group + v * stride;
        double* const lower = group + (v - half) * stride;
        for (std::size_t k = 0; k < stride; k += kLanes) {
          const Lanes value = *reinterpret_cast<const Lanes*>(upper + k);
          *reinterpret_cast<Lanes*>(column + k) += value;
          *reinterpret_cast<Lanes*>(lower + k) += value;
          *reinterpret_cast<Lanes*>(upper + k) = Lanes{};
        }
      }
    }
    std::fill(group, group + stride, 0.0);  // bucket 0, the pattern of no set cell, counts in no column
  }
}

}  // namespace

BinaryCellTables::BinaryCellTables(const arma::mat& weights)
    : num_components_(weights.n_rows), num_columns_(weights.n_cols) {
  const std::size_t K = num_components_;
  const std::size_t stride = entry_stride(K);
  tables_.assign(num_groups(num_columns_) * kPatterns * stride, 0.0);
  for (std::size_t g = 0; g < num_groups(num_columns_); ++g) {
    const std::size_t width = std::min(kGroupWidth, num_columns_ - g * kGroupWidth);
    double* table = tables_.data() + g * kPatterns * stride;
    // T[v] = T[v without its lowest bit j] + W(:, 8g + j); T[0] = 0.
    for (unsigned v = 1; v < (1u << width); ++v) {
      const unsigned j = static_cast<unsigned>(std::countr_zero(v));
      const double* rest = table + (v & (v - 1)) * stride;
      const double* column = weights.colptr(g * kGroupWidth + j);
      double* entry = table + v * stride;
      for (std::size_t k = 0; k < K; ++k) entry[k] = rest[k] + column[k];
    }
  }
}

void BinaryCellTables::multiply(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, const arma::vec& offset,
                                arma::mat& scores) const {
  scores.set_size(num_components_, cells.n_cols);
  sum_table_entries(tables_.data(), num_components_, num_columns_, cells, first_row, offset, scores);
}

void accumulate_binary_cells(const arma::Mat<std::uint8_t>& cells, std::size_t first_row, std::size_t dimension,
                             const arma::mat& weights, arma::mat& sums) {
  const std::size_t K = weights.n_rows;
  const std::size_t stride = entry_stride(K);
  // Reused across calls and left all zero by spread_buckets: a fresh buffer of this size (256 KB for D = 64,
  // K = 16) would be mapped and page-faulted on every block, which is what made widening the cells to doubles
  // slow (issue 16), and zeroing it apart would be one more pass over it.
  thread_local std::vector<double> buckets;
  if (buckets.size() != num_groups(dimension) * kPatterns * stride)
    buckets.assign(num_groups(dimension) * kPatterns * stride, 0.0);
  // Rows enter their buckets in row order, so the result depends only on the block, never on threads.
  fill_buckets(cells, first_row, dimension, weights, buckets.data());
  std::vector<double> spread(dimension * stride, 0.0);
  spread_buckets(buckets.data(), dimension, stride, spread.data());
  for (std::size_t d = 0; d < dimension; ++d)
    for (std::size_t k = 0; k < K; ++k) sums(d, k) += spread[d * stride + k];
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
