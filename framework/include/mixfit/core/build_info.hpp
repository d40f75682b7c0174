// What built this mixfit and what it runs on: recorded in every manifest.yaml.
#pragma once

#include <string>

namespace mixfit {

struct BuildInfo {
  std::string mixfit_version;     ///< `git describe --always --dirty --tags` at build time, else the project version
  std::string compiler;           ///< e.g. "GNU 12.2.0"
  std::string compiler_flags;     ///< CMAKE_CXX_FLAGS plus the build type's flags
  std::string build_type;         ///< Release, Debug, ...
  std::string boost_version;      ///< e.g. "1.74.0"
  std::string armadillo_version;  ///< arma::arma_version::as_string()
  std::string yaml_cpp_version;   ///< as CMake found it
};

BuildInfo build_info();

/// The BLAS library actually loaded: Armadillo calls the system's
/// libblas.so.3, which Debian's alternatives may point at OpenBLAS, so this
/// asks at run time (openblas_get_config, or the file that defines dgemm_),
/// and adds OPENBLAS_CORETYPE / OPENBLAS_NUM_THREADS when they are set.
std::string blas_in_use();

struct PlatformInfo {
  std::string system;    ///< uname: Linux
  std::string release;   ///< kernel release
  std::string machine;   ///< x86_64
  std::string hostname;
  unsigned cpu_count = 0;
};

PlatformInfo platform_info();

}  // namespace mixfit
