// SHA-256 of bytes and files (OpenSSL's EVP digests), for manifests and reproducibility checks.
#pragma once

#include <string>
#include <string_view>

namespace mixfit {

/// Lower-case hex SHA-256 (FIPS 180-4) of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Lower-case hex SHA-256 of a file's bytes, read in chunks. DataError naming
/// the file if it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace mixfit
