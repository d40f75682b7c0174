# The von_mises family's tests (included by tests/CMakeLists.txt).
mixfit_add_test(von_mises_tests
  "${CMAKE_CURRENT_LIST_DIR}/von_mises_family_test.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/cli_test.cpp")
target_link_libraries(von_mises_tests PRIVATE mixfit_von_mises_core mixfit::conformance)
target_include_directories(von_mises_tests PRIVATE "${CMAKE_CURRENT_LIST_DIR}/..")
add_dependencies(von_mises_tests mixfit_von_mises)
