# The multinomial family's tests (included by tests/CMakeLists.txt).
mixfit_add_test(multinomial_tests
  "${CMAKE_CURRENT_LIST_DIR}/multinomial_family_test.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/cli_test.cpp")
target_link_libraries(multinomial_tests PRIVATE mixfit_multinomial_core mixfit::conformance)
target_include_directories(multinomial_tests PRIVATE "${CMAKE_CURRENT_LIST_DIR}/..")
add_dependencies(multinomial_tests mixfit_multinomial)
