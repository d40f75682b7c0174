// NpyStreamRows: a .npy file re-read block by block on every pass (data.streaming: true).
#pragma once

#include "mixfit/data/npy_reader.hpp"
#include "mixfit/data/row_source.hpp"

#include <string>

namespace mixfit {

/// Only a block of rows per worker thread is ever in memory, so data larger
/// than memory can be fitted; the page cache does the rest. Blocks are read
/// with pread on one descriptor (thread-safe) and widened to double exactly
/// as read_npy() widens them, so a streamed fit is bit-identical to an
/// in-memory one. The constructor scans the file once and rejects non-finite
/// values (naming the row and column) before any fit starts.
class NpyStreamRows final : public RowSource {
 public:
  /// Rows [first, first + count) of the file (clipped; all by default) are this source's rows.
  explicit NpyStreamRows(const std::string& path, std::size_t first = 0,
                         std::size_t count = static_cast<std::size_t>(-1));
  ~NpyStreamRows() override;
  NpyStreamRows(const NpyStreamRows&) = delete;
  NpyStreamRows& operator=(const NpyStreamRows&) = delete;

  std::size_t num_rows() const override { return count_; }
  std::size_t num_columns() const override { return header_.columns; }
  void read_rows(std::size_t first, std::size_t count, arma::mat& out) const override;
  std::string description() const override;
  std::size_t resident_bytes() const override { return 0; }

 private:
  std::string path_;
  NpyHeader header_;
  std::size_t first_ = 0;
  std::size_t count_ = 0;
  int descriptor_ = -1;
};

}  // namespace mixfit
