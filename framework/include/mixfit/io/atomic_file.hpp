// AtomicFileWriter: a file appears whole under its final name or not at all.
#pragma once

#include <fstream>
#include <string>

namespace mixfit {

/// Streams into a temporary file beside `path`; commit() flushes, fsyncs and
/// renames it over `path`. If commit() is never reached (an exception, a
/// crash) the temporary file is removed and `path` is left untouched, so a
/// reader never sees half a file and earlier results are never lost.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  std::ostream& stream() { return out_; }
  void commit();

 private:
  std::string path_;
  std::string temporary_path_;
  std::ofstream out_;
  bool committed_ = false;
};

/// Writes a whole string atomically.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace mixfit
