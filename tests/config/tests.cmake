mixfit_add_test(config_schema_test ${CMAKE_CURRENT_LIST_DIR}/config_schema_test.cpp)
mixfit_add_test(experiment_config_test ${CMAKE_CURRENT_LIST_DIR}/experiment_config_test.cpp)
