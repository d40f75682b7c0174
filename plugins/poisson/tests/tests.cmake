# The built-in poisson family's tests (included by tests/CMakeLists.txt); its unit and conformance tests are the
# example's own (examples/poisson/tests, run against the install by install_poisson_example).
mixfit_add_test(poisson_tests "${CMAKE_CURRENT_LIST_DIR}/cli_test.cpp")
add_dependencies(poisson_tests mixfit_poisson)
