// Build provenance (generated at build time), library versions, the BLAS in use, and the platform.
#include "mixfit/core/build_info.hpp"

#include <armadillo>
#include <boost/version.hpp>

#include <dlfcn.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace mixfit {
namespace generated {
extern const char* const kMixfitVersion;
extern const char* const kCompiler;
extern const char* const kCompilerFlags;
extern const char* const kBuildType;
extern const char* const kYamlCppVersion;
}  // namespace generated

namespace {

std::string boost_version() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
         std::to_string(BOOST_VERSION % 100);
}

std::string collapse_spaces(std::string text) {
  std::string result;
  for (char c : text)
    if (!(c == ' ' && (result.empty() || result.back() == ' '))) result += c;
  while (!result.empty() && result.back() == ' ') result.pop_back();
  return result;
}

}  // namespace

BuildInfo build_info() {
  BuildInfo info;
  info.mixfit_version = generated::kMixfitVersion;
  info.compiler = generated::kCompiler;
  info.compiler_flags = collapse_spaces(generated::kCompilerFlags);
  info.build_type = generated::kBuildType;
  info.boost_version = boost_version();
  info.armadillo_version = arma::arma_version::as_string();
  info.yaml_cpp_version = *generated::kYamlCppVersion ? generated::kYamlCppVersion : "unknown";
  return info;
}

std::string blas_in_use() {
  std::string text;
  // OpenBLAS exports these; looking them up needs no link-time dependency on it.
  using ConfigFunction = char* (*)();
  const auto config = reinterpret_cast<ConfigFunction>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  const auto corename = reinterpret_cast<ConfigFunction>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (config) {
    text = config();
    if (corename) text += " (core: " + std::string(corename()) + ")";
  } else if (void* dgemm = dlsym(RTLD_DEFAULT, "dgemm_")) {
    Dl_info where{};
    text = dladdr(dgemm, &where) && where.dli_fname ? std::string(where.dli_fname) : "a BLAS without OpenBLAS's API";
  } else {
    text = "unknown (no dgemm_ loaded)";
  }
  for (const char* variable : {"OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS"})
    if (const char* value = std::getenv(variable)) text += std::string("; ") + variable + "=" + value;
  return text;
}

PlatformInfo platform_info() {
  PlatformInfo info;
  utsname names{};
  if (uname(&names) == 0) {
    info.system = names.sysname;
    info.release = names.release;
    info.machine = names.machine;
  }
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) info.hostname = host;
  info.cpu_count = std::thread::hardware_concurrency();
  return info;
}

}  // namespace mixfit
