mixfit_add_test(stats_tests ${CMAKE_CURRENT_LIST_DIR}/sufficient_statistics_test.cpp)
