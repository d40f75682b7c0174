// OpenBLAS thread control through dlsym, so mixfit needs no link-time dependency on OpenBLAS.
#include "mixfit/parallel/blas_threads.hpp"

#include <dlfcn.h>

namespace mixfit {

bool use_single_threaded_blas() {
  using SetThreads = void (*)(int);
  const auto set_threads = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (!set_threads) return false;
  set_threads(1);
  return true;
}

}  // namespace mixfit
