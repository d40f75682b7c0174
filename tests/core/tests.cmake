mixfit_add_test(core_tests ${CMAKE_CURRENT_LIST_DIR}/yaml_number_format_test.cpp)
