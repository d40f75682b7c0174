# MIXFIT_SANITIZE: everything built with AddressSanitizer and UndefinedBehaviorSanitizer, for
# scripts/sanitize-and-fuzz.sh. MIXFIT_BUILD_FUZZERS: additionally the libFuzzer harnesses of tests/fuzz, which need
# clang; the framework library is then compiled with libFuzzer's coverage instrumentation so that the
# fuzzers see which branches of the parser and the reader an input reaches.
option(MIXFIT_SANITIZE "Build with -fsanitize=address,undefined (-O1 -g; UBSan stops at the first error)" OFF)
option(MIXFIT_BUILD_FUZZERS "Build the libFuzzer harnesses in tests/fuzz (needs clang; implies MIXFIT_SANITIZE)" OFF)

if(MIXFIT_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MIXFIT_BUILD_FUZZERS needs clang (libFuzzer ships with it), not ${CMAKE_CXX_COMPILER_ID}: "
                        "configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  set(MIXFIT_SANITIZE ON)
endif()

# mixfit_fuzz_coverage(<target>): libFuzzer's coverage instrumentation, for the code the harnesses reach
# (the framework library: the experiment parser and the CSV readers). Only there: it adds half again to
# a file's compile time, and the tests and plugins gain nothing from it.
function(mixfit_fuzz_coverage target)
  if(MIXFIT_BUILD_FUZZERS)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

if(MIXFIT_SANITIZE)
  # -O1 keeps the tests fast enough while leaving stack traces readable;
  # -fno-sanitize-recover makes every UBSan report fatal, so CTest sees it.
  add_compile_options(-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
