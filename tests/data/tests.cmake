mixfit_add_test(csv_reader_test ${CMAKE_CURRENT_LIST_DIR}/csv_reader_test.cpp)
mixfit_add_test(table_reader_test ${CMAKE_CURRENT_LIST_DIR}/table_reader_test.cpp)
