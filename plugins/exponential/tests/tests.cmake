# The exponential family's tests (included by tests/CMakeLists.txt): the kit's cellwise family through a real
# cell model (closed forms, persistence, conformance with a half-line quadrature) and end-to-end recovery.
mixfit_add_test(exponential_tests
  "${CMAKE_CURRENT_LIST_DIR}/exponential_family_test.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/cli_recovery_test.cpp")
target_link_libraries(exponential_tests PRIVATE mixfit_exponential_core mixfit::conformance)
add_dependencies(exponential_tests mixfit_exponential)
