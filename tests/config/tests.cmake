mixfit_add_test(config_tests
  ${CMAKE_CURRENT_LIST_DIR}/config_schema_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/experiment_config_test.cpp)
