mixfit_add_test(examples_tests ${CMAKE_CURRENT_LIST_DIR}/examples_test.cpp)
