# The student_t family's tests (included by tests/CMakeLists.txt).
mixfit_add_test(student_t_tests
  "${CMAKE_CURRENT_LIST_DIR}/student_t_family_test.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/cli_test.cpp")
target_link_libraries(student_t_tests PRIVATE mixfit_student_t_core mixfit::conformance)
target_include_directories(student_t_tests PRIVATE "${CMAKE_CURRENT_LIST_DIR}/..")
add_dependencies(student_t_tests mixfit_student_t mixfit_gaussian)
