# Precompiled headers. Armadillo, yaml-cpp and Boost.Test take 4, 1 and 2 s to parse, in every file
# that includes them: half of a test file's 14 s compile. Parsed once per target (or once for all the
# test executables, which share their flags), a first build on 2 cores is minutes shorter. Outputs do
# not change: a precompiled header is the same text, parsed earlier.
option(MIXFIT_PRECOMPILED_HEADERS "Precompile Armadillo, yaml-cpp, Boost.Test and the standard headers" ON)

# GCC 12 loses the system-header status of code it inlines from a precompiled libstdc++ or Boost, and
# then reports that code's false positives (-Wstringop-overflow, -overread and -Warray-bounds in std::string's
# operator+ and push_back, -Wmaybe-uninitialized in boost::function): 20 warnings, all inside them; the
# same files compiled without the header give none. They are off with it; clang (the sanitizer
# build, where AddressSanitizer checks every access at run time) keeps them.
if(MIXFIT_PRECOMPILED_HEADERS AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options(-Wno-stringop-overflow -Wno-stringop-overread -Wno-array-bounds -Wno-maybe-uninitialized)
endif()

set(MIXFIT_LIBRARY_PCH_HEADERS
  <algorithm> <cmath> <cstddef> <cstdint> <functional> <map> <memory> <optional> <sstream> <stdexcept>
  <string> <string_view> <utility> <vector>
  <armadillo> <yaml-cpp/yaml.h>)
set(MIXFIT_TEST_PCH_HEADERS ${MIXFIT_LIBRARY_PCH_HEADERS} <filesystem> <fstream> <boost/test/unit_test.hpp>)

# mixfit_precompile_library_headers(<target>): the library headers, precompiled for that target alone
# (libraries differ in their flags: exports, visibility, MPI).
function(mixfit_precompile_library_headers target)
  if(MIXFIT_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE ${MIXFIT_LIBRARY_PCH_HEADERS})
  endif()
endfunction()

# mixfit_precompile_test_headers(<target>): a test executable reuses the header that
# mixfit_test_support precompiled with the flags every test executable shares (GCC and clang both accept
# the definitions a test adds of its own, such as paths, as long as the header does not use them).
function(mixfit_precompile_test_headers target)
  if(MIXFIT_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} REUSE_FROM mixfit_test_support)
  endif()
endfunction()
