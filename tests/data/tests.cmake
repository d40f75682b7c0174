mixfit_add_test(data_tests
  ${CMAKE_CURRENT_LIST_DIR}/csv_reader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/table_reader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npy_reader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/row_storage_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/column_domain_test.cpp)
