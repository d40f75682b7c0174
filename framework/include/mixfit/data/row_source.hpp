// RowSource: rows a Dataset does not hold as doubles in memory, delivered block by block.
#pragma once

#include <armadillo>

#include <cstddef>
#include <string>

namespace mixfit {

/// Real-valued rows stored somewhere else than an R×N matrix of doubles —
/// single precision in memory, or a file re-read on every pass — and widened
/// to doubles one block at a time, so that every pass still sees DataBlocks
/// of doubles and accumulates in double precision. Implementations are
/// immutable after construction and read_rows is thread-safe.
class RowSource {
 public:
  virtual ~RowSource() = default;
  /// N.
  virtual std::size_t num_rows() const = 0;
  /// R, the real columns of every row.
  virtual std::size_t num_columns() const = 0;
  /// Rows [first, first + count) as an R×count matrix of doubles in `out`.
  virtual void read_rows(std::size_t first, std::size_t count, arma::mat& out) const = 0;
  /// How the rows are stored ("float32 in memory", "streamed from x.npy"), for the manifest and messages.
  virtual std::string description() const = 0;
  /// Bytes the source itself holds in memory.
  virtual std::size_t resident_bytes() const = 0;
};

}  // namespace mixfit
