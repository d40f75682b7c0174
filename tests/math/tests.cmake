mixfit_add_test(math_tests ${CMAKE_CURRENT_LIST_DIR}/vector_math_test.cpp)
