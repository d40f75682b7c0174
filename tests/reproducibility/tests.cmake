mixfit_add_test(reproducibility_tests
  ${CMAKE_CURRENT_LIST_DIR}/sha256_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sweep_grid_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/build_info_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/progress_printer_test.cpp)
