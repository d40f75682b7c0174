# Installs this build tree to a temporary prefix, builds examples/poisson against it
# with find_package(mixfit) and runs the example's own tests: its unit and conformance
# tests, and EM and VB fits through the installed `mixfit run` with the plugin loaded
# from `plugins:`, checked against the generating rates (install_and_build_example.cmake).
# Not in the sanitizer build: the out-of-tree example would have to be built with the
# same -fsanitize flags to link against an instrumented libmixfit; the Release run covers it.
if(MIXFIT_SANITIZE)
  return()
endif()
# The example has no precompiled headers, so ccache needs no settings there: pass the program alone
# (the launcher of this build is a list, `cmake -E env CCACHE_SLOPPINESS=... ccache`, when it is ours).
if(MIXFIT_CCACHE_PROGRAM AND MIXFIT_USE_CCACHE)
  set(example_launcher "${MIXFIT_CCACHE_PROGRAM}")
else()
  set(example_launcher "${CMAKE_CXX_COMPILER_LAUNCHER}")
endif()
add_test(NAME install_poisson_example
  COMMAND ${CMAKE_COMMAND}
    -DMIXFIT_BUILD_DIR=${PROJECT_BINARY_DIR}
    -DMIXFIT_SOURCE_DIR=${PROJECT_SOURCE_DIR}
    -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/install_poisson_example
    -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
    -DCOMPILER_LAUNCHER=${example_launcher}
    -DCTEST_COMMAND=${CMAKE_CTEST_COMMAND}
    -P ${CMAKE_CURRENT_LIST_DIR}/install_and_build_example.cmake)
# It compiles a small plugin and its tests: minutes on a loaded machine, not seconds.
set_tests_properties(install_poisson_example PROPERTIES TIMEOUT 900)
