// Temporary file + fsync + rename.
#include "mixfit/io/atomic_file.hpp"

#include "mixfit/core/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace mixfit {

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)) {
  temporary_path_ = path_ + ".tmp-" + std::to_string(::getpid());
  out_.open(temporary_path_, std::ios::binary | std::ios::trunc);
  if (!out_) throw Error("cannot create " + temporary_path_ + " (writing " + path_ + ")");
}

AtomicFileWriter::~AtomicFileWriter() {
  if (!committed_) {
    out_.close();
    std::remove(temporary_path_.c_str());
  }
}

void AtomicFileWriter::commit() {
  out_.flush();
  if (!out_) throw Error("error while writing " + path_);
  out_.close();
  // fsync so that the rename never exposes a file whose data is not on disk.
  const int fd = ::open(temporary_path_.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code error;
  std::filesystem::rename(temporary_path_, path_, error);
  if (error) throw Error("cannot rename " + temporary_path_ + " to " + path_ + ": " + error.message());
  committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFileWriter writer(path);
  writer.stream() << content;
  writer.commit();
}

}  // namespace mixfit
