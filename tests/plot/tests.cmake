mixfit_add_test(plot_tests
  ${CMAKE_CURRENT_LIST_DIR}/figure_geometry_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plot_command_test.cpp)
