// Streaming a .npy file: pread of whole rows, widened to double per block.
#include "mixfit/data/npy_stream_rows.hpp"

#include "mixfit/core/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace mixfit {

namespace {
// Rows per block of the validation scan: a few MiB at a time.
constexpr std::size_t kScanRows = 65536;
}  // namespace

NpyStreamRows::NpyStreamRows(const std::string& path, std::size_t first_row, std::size_t row_count)
    : path_(path), header_(read_npy_header(path)) {
  first_ = std::min(first_row, header_.rows);
  count_ = std::min(row_count, header_.rows - first_);
  descriptor_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor_ < 0) throw DataError(path + ": cannot open the file: " + std::strerror(errno));
  arma::mat block;
  for (std::size_t first = 0; first < count_; first += kScanRows) {
    const std::size_t count = std::min(kScanRows, count_ - first);
    read_rows(first, count, block);
    if (!block.is_finite()) {
      const arma::uvec nonfinite = arma::find_nonfinite(block);
      const arma::uword bad = nonfinite(0);
      const std::size_t row = first_ + first + bad / header_.columns, column = bad % header_.columns;
      ::close(descriptor_);
      throw DataError(path + ": row " + std::to_string(row) + ", column " + std::to_string(column) +
                      ": expected a finite number, got " + std::to_string(block(bad)));
    }
  }
}

NpyStreamRows::~NpyStreamRows() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

void NpyStreamRows::read_rows(std::size_t first, std::size_t count, arma::mat& out) const {
  const std::size_t width = header_.single_precision ? sizeof(float) : sizeof(double);
  const std::size_t values = count * header_.columns;
  out.set_size(header_.columns, count);
  std::vector<float> single;
  char* target = reinterpret_cast<char*>(out.memptr());
  if (header_.single_precision) {
    single.resize(values);
    target = reinterpret_cast<char*>(single.data());
  }
  std::size_t done = 0;
  const std::size_t bytes = values * width;
  const off_t offset = static_cast<off_t>(header_.data_offset + (first_ + first) * header_.columns * width);
  while (done < bytes) {
    const ssize_t got = ::pread(descriptor_, target + done, bytes - done, offset + static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0)
      throw DataError(path_ + ": read error at row " + std::to_string(first) + ": " +
                      (got == 0 ? std::string("the file became shorter") : std::string(std::strerror(errno))));
    done += static_cast<std::size_t>(got);
  }
  if (header_.single_precision)
    std::transform(single.begin(), single.end(), out.begin(), [](float v) { return static_cast<double>(v); });
}

std::string NpyStreamRows::description() const {
  return std::string("streamed from ") + path_ + " (" + (header_.single_precision ? "float32" : "float64") + ")";
}

}  // namespace mixfit
