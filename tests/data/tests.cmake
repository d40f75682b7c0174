mixfit_add_test(csv_reader_test ${CMAKE_CURRENT_LIST_DIR}/csv_reader_test.cpp)
